// useSseProgress: a completion event (id CLOSE) is accepted whatever its payload (a non-numeric progress, a
// `select` that throws): the task completes and the client closes, so it is never re-run.
import { renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useSseProgress } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

const script = (complete: unknown) => [
  { id: '1', data: { message: 'half', progress: 50 } },
  { wait: 5 },
  { id: 'CLOSE', data: complete },
  { close: true },
];

test('completion with a non-finite progress still completes', async () => {
  const s = scriptedStream('/b1a', script({ message: 'Process complete', progress: '100%' }));
  server.use(s);
  const { result } = renderHook(() => useSseProgress('/b1a', { autoStart: true }));
  await waitFor(() => expect(['done', 'failed']).toContain(result.current.status));
  expect(result.current.status).toBe('done');
  expect(result.current.progress).toBe(100);
});

test('completion on which select throws still completes', async () => {
  const s = scriptedStream('/b1b', script({ message: 'Process complete' }));
  server.use(s);
  const { result } = renderHook(() =>
    useSseProgress<{ message: string; progress?: number }>('/b1b', {
      autoStart: true,
      select: (d) => {
        if (d.progress === undefined) throw new Error('no progress');
        return d;
      },
    }),
  );
  await waitFor(() => expect(['done', 'failed']).toContain(result.current.status));
  expect(result.current.status).toBe('done');
});
