'use client';
import { useState, useSyncExternalStore } from './react';
import { type ProgressOptions, type ProgressResult, ProgressTask } from './task';
import type { AnyEventSourceConstructor, EventSourceConstructor } from './types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * A long-running server task over SSE: `start()` opens the stream (which starts the task on the server), progress
 * events `{message, progress}` update `progress`, `message` and `log`, and the completion event (id `CLOSE`) closes
 * the connection so the browser never re-requests, and so re-runs, the task. With `resume: false` (the default) a
 * drop before completion is a failure, not a silent second run. With an injected `EventSource`, `eventSourceInit` is
 * checked against the options that constructor takes (give its type as the second type argument,
 * `useSseProgress<Payload, typeof EventSource>`, when you give `P`).
 *
 * @example
 * const task = useSseProgress('/api/import');
 * <button onClick={task.start}>Import</button> <progress max={100} value={task.progress} />
 */
export function useSseProgress<
  P = { message?: string; progress?: number },
  E extends AnyEventSourceConstructor = EventSourceConstructor,
>(url: string | URL | null | undefined, options: ProgressOptions<P, E> = {}): ProgressResult {
  const key = url == null ? undefined : String(url);
  const [task] = useState(() => new ProgressTask<P, E>(key, options));
  useIsomorphicLayoutEffect(() => {
    task.setOptions(key, options);
  });
  return useSyncExternalStore(task.subscribe, task.getSnapshot, task.getServerSnapshot);
}
