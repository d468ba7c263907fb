/** Reports an exception thrown by user code without breaking the loop that called it (other subscribers still hear). */
export function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/** Calls `call` for each item; one that throws is reported and never keeps the rest from being called. */
export function forEachReported<T>(items: Iterable<T>, call: (item: T) => void): void {
  for (const item of items) {
    try {
      call(item);
    } catch (error) {
      reportError(error);
    }
  }
}
