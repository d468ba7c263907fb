/**
 * Runs `callback` once at the next animation frame, or after `fallbackMs` if no frame comes first
 * (hidden tabs pause animation frames; environments without them use the timer alone).
 * Returns a cancel function.
 */
export function requestFrame(callback: () => void, fallbackMs = 100): () => void {
  let done = false;
  const run = (): void => {
    if (done) return;
    cancel();
    callback();
  };
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : undefined;
  const timer = setTimeout(run, raf === undefined ? 16 : fallbackMs);
  const cancel = (): void => {
    done = true;
    if (raf !== undefined) cancelAnimationFrame(raf);
    clearTimeout(timer);
  };
  return cancel;
}
