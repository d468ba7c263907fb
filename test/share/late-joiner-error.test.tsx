// A hook that joins a shared connection which already failed (or is reconnecting) shows the status with its error.
import { render, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

test('a late joiner of a failed shared connection reports error kind connection', async () => {
  server.use(http.get('/b4', () => new HttpResponse('no', { status: 500 })));
  function B() {
    const r = useEventSource('/b4', { share: true });
    return <p data-testid="b">{`${r.status}:${r.error?.kind ?? 'none'}`}</p>;
  }
  function App() {
    const a = useEventSource('/b4', { share: true });
    return <>{a.status === 'failed' ? <B /> : null}</>;
  }
  render(<App />);
  await waitFor(() => expect(screen.getByTestId('b').textContent).toMatch(/^failed/));
  expect(screen.getByTestId('b').textContent).toBe('failed:connection');
});
