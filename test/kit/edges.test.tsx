// Spec review, testing kit items (issue 9, items 2, 8, 9): the run a request belongs to.
import { act, renderHook, waitFor } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { useEventSource, useSseProgress } from '../../src';
import { progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

test('8. a finished script without ids is answered 204, not replayed', async () => {
  const stream = scriptedStream('/review-8', [{ retry: 5 }, { data: 'only once' }, { close: true }]);
  server.use(stream);
  const received: string[] = [];
  const source = new EventSource('/review-8');
  source.onmessage = (event) => received.push(event.data);
  try {
    await vi.waitFor(() => expect(source.readyState).toBe(2));
  } finally {
    source.close();
  }
  expect(received).toEqual(['only once']);
  expect(stream.requests.map((r) => r.status)).toEqual([200, 204]);
});

test("9. a new EventSource never picks up another client's dropped run: start() after a failure fails again", async () => {
  const task = progressStream('/review-9', { steps: 3, interval: 2, failAt: 1, retry: 10 });
  server.use(task);
  const { result } = renderHook(() => useSseProgress('/review-9'));
  act(() => result.current.start());
  await waitFor(() => expect(result.current.status).toBe('failed'));
  act(() => result.current.start());
  await waitFor(() => expect(task.requests).toHaveLength(2));
  await waitFor(() => expect(result.current.status).toBe('failed'));
  expect(result.current.progress).toBe(0);
  expect(task.requests.map((r) => r.lastEventId)).toEqual([null, null]);
});

test('2. a finite script under reconnect: true ends failed with the 204, never retries-exhausted', async () => {
  const stream = scriptedStream('/review-2', [{ retry: 5 }, { id: '1', data: 'all there is' }, { close: true }]);
  server.use(stream);
  const { result } = renderHook(() => useEventSource('/review-2', { reconnect: { attempts: 3, delay: 5 } }));
  await waitFor(() => expect(result.current.status).toBe('failed'));
  expect(result.current.error?.kind).toBe('connection');
  expect(result.current.error?.status).toBe(204);
  expect(result.current.data).toBe('all there is');
  expect(stream.requests.map((r) => r.status)).toEqual([200, 204]);
});
