'use client';
import { useState, useSyncExternalStore } from 'react';
import { type ProgressOptions, type ProgressResult, ProgressTask } from './task';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * A long-running server task over SSE: `start()` opens the stream (which starts the task on the server), progress
 * events `{message, progress}` update `progress`, `message` and `log`, and the completion event (id `CLOSE`) closes
 * the connection so the browser never re-requests, and so re-runs, the task. With `resume: false` (the default) a
 * drop before completion is a failure, not a silent second run.
 *
 * @example
 * const task = useSseProgress('/api/import');
 * <button onClick={task.start}>Import</button> <progress max={100} value={task.progress} />
 */
export function useSseProgress<P = { message?: string; progress?: number }>(
  url: string | URL | null | undefined,
  options: ProgressOptions<P> = {},
): ProgressResult {
  const key = url == null ? undefined : String(url);
  const [task] = useState(() => new ProgressTask<P>(key, options));
  useIsomorphicLayoutEffect(() => {
    task.setOptions(key, options);
  });
  return useSyncExternalStore(task.subscribe, task.getSnapshot, task.getServerSnapshot);
}
