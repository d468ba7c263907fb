// useSseProgress with odd user input: an isComplete that throws, and a logLimit that is NaN.
import { renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { type SseError, useSseProgress } from '../../src';
import { progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

test('an isComplete that throws skips that event as a parse error (as select does), and the task goes on', async () => {
  server.use(
    scriptedStream('/is-complete-throws', [
      { id: '1', data: { progress: 10, message: 'one' } },
      { id: '2', data: { progress: 20, message: 'bad' } },
      { id: '3', data: { progress: 30, message: 'three' } },
      { wait: 60_000 },
    ]),
  );
  const thrown = new Error('no such field');
  const errors: SseError[] = [];
  const { result } = renderHook(() =>
    useSseProgress<{ progress: number; message: string }>('/is-complete-throws', {
      autoStart: true,
      isComplete: (m) => {
        if (m.data.message === 'bad') throw thrown;
        return false;
      },
      onError: (error) => errors.push(error),
    }),
  );
  await waitFor(() => expect(result.current.progress).toBe(30));
  expect(result.current.status).toBe('running');
  expect(errors).toHaveLength(1);
  expect(errors[0]?.kind).toBe('parse');
  expect(errors[0]?.message).toBe('Progress event 2: isComplete threw');
  expect(errors[0]?.cause).toBe(thrown);
  expect(result.current.log.map((e) => `${e.kind} ${e.id || e.message}`)).toEqual([
    'progress 1',
    'error Progress event 2: isComplete threw',
    'progress 3',
  ]);
});

test('logLimit: NaN keeps the default 100 entries, never an unbounded log', async () => {
  server.use(progressStream('/log-nan', { steps: 120, interval: 0 }));
  const { result } = renderHook(() => useSseProgress('/log-nan', { autoStart: true, logLimit: Number.NaN }));
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(result.current.log).toHaveLength(100);
  expect(result.current.log.at(-1)?.kind).toBe('complete');
});
