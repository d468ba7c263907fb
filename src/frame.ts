import { forEachReported } from './report';

// Every hook's pending commit waits for the same animation frame: one callback runs them all, in one task, so
// React batches them into one commit, however many hooks had news.
const pending = new Set<() => void>();
let due: (() => void) | undefined;
/** The `setTimeout` that scheduled the frame that is due, and when (`Date.now()`). */
let scheduledWith: unknown;
let scheduledAt = 0;

/**
 * Runs `task` once at the next animation frame, together with every other task waiting for it, or after 100 ms when
 * no frame comes first (hidden tabs pause animation frames; without them, 16 ms). The same function twice runs once.
 * Called for every event: a task already waiting costs a lookup, no clock read.
 */
export function onNextFrame(task: () => void): void {
  // A frame and a timer that were scheduled can both be lost: a test's fake clock takes them along when it is
  // uninstalled (`vi.useRealTimers()`) or cleared, and nothing would ever run again. A frame scheduled through another
  // `setTimeout` than today's is scheduled again; so is one more than a second overdue when a task joins it (a hidden
  // tab runs timers at least once a second for its first five minutes, so a live one is rarely taken for lost). The
  // old frame and timer, should they still come, then do nothing.
  if (due && scheduledWith === setTimeout && pending.has(task)) return;
  pending.add(task);
  const now = Date.now();
  if (due && scheduledWith === setTimeout && now - scheduledAt < 1000) return;
  // Whichever of the frame and the timer comes first runs; the other finds `due` changed and does nothing.
  const run = (): void => {
    if (due !== run) return;
    due = undefined;
    const tasks = [...pending];
    pending.clear();
    forEachReported(tasks, (each) => each());
  };
  due = run;
  scheduledWith = setTimeout;
  scheduledAt = now;
  const frame = typeof requestAnimationFrame === 'function';
  if (frame) requestAnimationFrame(run);
  setTimeout(run, frame ? 100 : 16);
}

/** Takes `task` out of the next frame, if it is waiting for it. */
export function cancelFrame(task: () => void): void {
  pending.delete(task);
}
