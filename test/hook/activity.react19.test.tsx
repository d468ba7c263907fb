// React 19 only (the react18 project leaves out *.react19.test.tsx): <Activity mode="hidden"> unsubscribes the
// task's store while keeping the component; what it shows when visible again must agree in `status` and `connection`.
import { act, render, screen, waitFor } from '@testing-library/react';
import { Activity, useState } from 'react';
import { expect, test } from 'vitest';
import { useSseProgress } from '../../src';
import { progressStream } from '../../src/testing';
import { server } from '../server';

function Task() {
  const task = useSseProgress('/review-activity', { autoStart: true });
  return <p data-testid="task">{`${task.status}/${task.connection}`}</p>;
}

test('5. hidden by Activity while running: status stopped and connection closed, shown together', async () => {
  const stream = progressStream('/review-activity', { steps: 50, interval: 20 });
  server.use(stream);
  let setMode: (mode: 'visible' | 'hidden') => void = () => {};
  function App() {
    const [mode, set] = useState<'visible' | 'hidden'>('visible');
    setMode = set;
    return (
      <Activity mode={mode}>
        <Task />
      </Activity>
    );
  }
  render(<App />);
  await waitFor(() => expect(screen.getByTestId('task').textContent).toBe('running/open'));
  act(() => setMode('hidden'));
  await waitFor(() => expect(stream.openConnections).toBe(0));
  act(() => setMode('visible'));
  expect(screen.getByTestId('task').textContent).toBe('stopped/closed');
});
