// Spec review, useSseProgress items: each test pins a promise that failed before its fix (issue 9, items 1, 5, 6, 7).
import { renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { type ProgressResult, ProgressTask, type ProgressUpdate, useSseProgress } from '../../src';
import { progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

const hold = { wait: 60_000 };

test('1. completion is accepted when select returns nothing for it, and the task is requested once', async () => {
  const stream = scriptedStream(
    '/review-1',
    [
      { retry: 5 },
      { id: '1', data: { status: { progress: 50, message: 'half' } } },
      { wait: 5 },
      { id: 'CLOSE', data: { message: 'Process complete' } },
      { close: true },
    ],
    { onReconnect: 'replay' },
  );
  server.use(stream);
  const { result } = renderHook(() =>
    useSseProgress<{ status?: ProgressUpdate }>('/review-1', { autoStart: true, select: (d) => d.status }),
  );
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(result.current.progress).toBe(100);
  expect(result.current.error).toBeUndefined();
  expect(result.current.log.map((e) => e.kind)).toEqual(['progress', 'complete']);
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests).toHaveLength(1);
});

test('5. a running task whose last subscriber leaves (unmount, or <Activity mode="hidden">) is stopped and closed', async () => {
  const stream = progressStream('/review-5', { steps: 50, interval: 20 });
  server.use(stream);
  const task = new ProgressTask('/review-5');
  const unsubscribe = task.subscribe(() => {});
  task.start();
  await waitFor(() => expect(task.getSnapshot().connection).toBe('open'));
  unsubscribe();
  expect(task.getSnapshot()).toMatchObject({ status: 'stopped', connection: 'closed' });
  await waitFor(() => expect(stream.openConnections).toBe(0));
});

test('6. a resumable drop shows in error and log while reconnecting, and the error clears when the stream reopens', async () => {
  const stream = progressStream('/review-6', { steps: 8, interval: 20, failAt: 3, retry: 10 });
  server.use(stream);
  const seen: Pick<ProgressResult, 'connection' | 'error' | 'status'>[] = [];
  const { result } = renderHook(() => {
    const task = useSseProgress('/review-6', { autoStart: true, resume: true });
    seen.push({ connection: task.connection, error: task.error, status: task.status });
    return task;
  });
  await waitFor(() => expect(result.current.status).toBe('done'));
  const dropped = seen.findIndex((s) => s.connection === 'reconnecting');
  expect(dropped).toBeGreaterThan(0);
  expect(seen[dropped]?.error?.kind).toBe('connection');
  expect(seen[dropped]?.error?.willReconnect).toBe(true);
  const reopened = seen.findIndex((s, i) => i > dropped && s.connection === 'open');
  expect(reopened).toBeGreaterThan(dropped);
  expect(seen[reopened]?.status).toBe('running');
  expect(seen[reopened]?.error).toBeUndefined();
  expect(result.current.log.filter((e) => e.kind === 'error')).toHaveLength(1);
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, '2']);
});

test('7. an event with empty data is a keep-alive: no log entry, no error', async () => {
  server.use(
    scriptedStream('/review-7', [
      { id: '1', data: { message: 'half', progress: 50 } },
      { data: '' },
      { wait: 5 },
      { id: 'CLOSE', data: { message: 'Process complete' } },
      hold,
    ]),
  );
  const errors: unknown[] = [];
  const { result } = renderHook(() =>
    useSseProgress('/review-7', { autoStart: true, onError: (error) => errors.push(error) }),
  );
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(errors).toEqual([]);
  expect(result.current.log.map((e) => e.id)).toEqual(['1', 'CLOSE']);
});

test('7. a completed task shows no error from before its completion; the log keeps it', async () => {
  server.use(
    scriptedStream('/review-7b', [
      { id: '1', data: 'not json' },
      { id: '2', data: { message: 'half', progress: 50 } },
      { id: 'CLOSE', data: { message: 'Process complete' } },
      hold,
    ]),
  );
  const { result } = renderHook(() => useSseProgress('/review-7b', { autoStart: true }));
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(result.current.error).toBeUndefined();
  expect(result.current.log.map((e) => e.kind)).toEqual(['error', 'progress', 'complete']);
});

test('log entries carry a seq unique within the task, for React keys', async () => {
  server.use(
    scriptedStream('/review-seq', [
      { id: '1', data: 'bad' },
      { id: '1', data: 'bad again' },
      { id: 'CLOSE', data: { message: 'Process complete' } },
      hold,
    ]),
  );
  const { result } = renderHook(() => useSseProgress('/review-seq', { autoStart: true }));
  await waitFor(() => expect(result.current.status).toBe('done'));
  const seqs = result.current.log.map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
});
