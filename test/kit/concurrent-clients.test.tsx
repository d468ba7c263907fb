// Testing kit: two clients on one mock each have their own run of the script. A reconnect (with Last-Event-ID)
// continues its own client's run, never the other's, so no event is lost or doubled.
import { render, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

test('two clients each continue their own run after a drop', async () => {
  server.use(
    scriptedStream('/b9', [
      { retry: 5 },
      { id: '1', data: 'one' },
      { wait: 30 },
      { drop: true },
      { id: '2', data: 'two' },
      { id: '3', data: 'three' },
      { wait: 60_000 },
    ]),
  );
  const a: string[] = [];
  const b: string[] = [];
  function B() {
    useEventSource('/b9', { onMessage: (m) => b.push(m.data) });
    return null;
  }
  function App() {
    const [showB, setShowB] = useState(false);
    useEventSource('/b9', {
      onMessage: (m) => {
        a.push(m.data);
        setShowB(true);
      },
    });
    return showB ? <B /> : null;
  }
  render(<App />);
  await waitFor(() => expect(a).toEqual(['one', 'two', 'three']));
  await waitFor(() => expect(b).toEqual(['one', 'two', 'three']));
});
