import { reportError } from './report';

// Every hook's pending commit waits for the same animation frame: one callback runs them all, in one task, so
// React batches them into one commit, however many hooks had news.
const pending = new Set<() => void>();
let scheduled = false;

const flush = (): void => {
  if (!scheduled) return;
  scheduled = false;
  if (cancelTimer) cancelTimer();
  const tasks = [...pending];
  pending.clear();
  for (const task of tasks) {
    try {
      task();
    } catch (error) {
      reportError(error);
    }
  }
};

let cancelTimer: (() => void) | undefined;

/**
 * Runs `task` once at the next animation frame, together with every other task waiting for it, or after
 * `fallbackMs` when no frame comes first (hidden tabs pause animation frames; environments without them use the
 * timer alone). Scheduling the same function twice runs it once. Returns a cancel function.
 */
export function onNextFrame(task: () => void, fallbackMs = 100): () => void {
  pending.add(task);
  if (!scheduled) {
    scheduled = true;
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(flush) : undefined;
    const timer = setTimeout(flush, raf === undefined ? 16 : fallbackMs);
    cancelTimer = () => {
      cancelTimer = undefined;
      if (raf !== undefined) cancelAnimationFrame(raf);
      clearTimeout(timer);
    };
  }
  return () => {
    pending.delete(task);
  };
}
