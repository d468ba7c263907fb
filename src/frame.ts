import { forEachReported } from './report';

// Every hook's pending commit waits for the same animation frame: one callback runs them all, in one task, so
// React batches them into one commit, however many hooks had news.
const pending = new Set<() => void>();
let due: (() => void) | undefined;

/**
 * Runs `task` once at the next animation frame, together with every other task waiting for it, or after 100 ms when
 * no frame comes first (hidden tabs pause animation frames; without them, 16 ms). The same function twice runs once.
 * Returns a cancel function.
 */
export function onNextFrame(task: () => void): () => void {
  pending.add(task);
  if (!due) {
    // Whichever of the frame and the timer comes first runs; the other finds `due` changed and does nothing.
    const run = (): void => {
      if (due !== run) return;
      due = undefined;
      const tasks = [...pending];
      pending.clear();
      forEachReported(tasks, (each) => each());
    };
    due = run;
    const frame = typeof requestAnimationFrame === 'function';
    if (frame) requestAnimationFrame(run);
    setTimeout(run, frame ? 100 : 16);
  }
  return () => {
    pending.delete(task);
  };
}
