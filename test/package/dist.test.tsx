// The published files, not the sources: the build shortens private member names (tsup's mangleProps), so this
// checks that the built hooks still work end to end. `npm test` builds before it runs Vitest.
import { existsSync } from 'node:fs';
import { act, renderHook, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { expect, test } from 'vitest';
import { server } from '../server';

const built = 'dist/index.js'; // vitest runs from the package root

test('the built useEventSource connects, shares, reconnects after a drop and closes on unmount', async () => {
  expect(existsSync(built), 'dist/ is missing: run `npm run build` first').toBe(true);
  const { useEventSource } = await import('../../dist/index.js');
  const { scriptedStream } = await import('../../dist/testing.js');
  const stream = scriptedStream('/dist', [
    { retry: 10 },
    { data: 'a', id: '1' },
    { drop: true },
    { data: 'b', id: '2' },
    { wait: 60_000 },
  ]);
  server.use(stream);
  const { result, unmount } = renderHook(
    () => [useEventSource('/dist', { share: true, history: 5 }), useEventSource('/dist', { share: true })] as const,
    { wrapper: StrictMode },
  );
  await waitFor(() => expect(result.current[0].data).toBe('b'));
  expect(result.current[1].data).toBe('b');
  expect(result.current[0].history.map((m) => m.lastEventId)).toEqual(['1', '2']);
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, '1']);
  act(() => result.current[0].close());
  expect(result.current[0].status).toBe('closed');
  expect(result.current[1].status).toBe('open');
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});

test('the built useSseProgress runs a task to done in one request', async () => {
  const { useSseProgress } = await import('../../dist/index.js');
  const { progressStream } = await import('../../dist/testing.js');
  const task = progressStream('/dist-task', { steps: 3, interval: 1, retry: 10, onReconnect: 'replay' });
  server.use(task);
  const { result } = renderHook(() => useSseProgress('/dist-task', { autoStart: true }));
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(result.current.progress).toBe(100);
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect(task.requests).toHaveLength(1);
});
