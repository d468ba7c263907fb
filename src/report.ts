/** Reports an exception thrown by user code without breaking the loop that called it (other subscribers still hear). */
export function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    setTimeout(() => {
      throw error;
    });
}
