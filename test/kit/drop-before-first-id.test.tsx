// Testing kit: a drop before any id was sent (progressStream failAt: 1). The browser's reconnect carries no
// Last-Event-ID; the mock still continues that run instead of replaying the script (and its drop) forever.
import { renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useSseProgress } from '../../src';
import { progressStream } from '../../src/testing';
import { server } from '../server';

test('failAt: 1 with resume: true continues the script after the reconnect', async () => {
  const task = progressStream('/b8', { steps: 3, interval: 2, failAt: 1, retry: 10 });
  server.use(task);
  const { result } = renderHook(() => useSseProgress('/b8', { autoStart: true, resume: true }));
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(task.requests.map((r) => r.lastEventId)).toEqual([null, null]);
});
