/** What a progress event means, once `select` has read it. */
export interface ProgressUpdate {
  progress?: number | undefined;
  message?: string | undefined;
}

/** One line of a task's log. */
export interface ProgressLogEntry {
  /** The event id (`CLOSE` for completion), or `''` for lines the client wrote. */
  readonly id: string;
  /** The server's message, or the error's message. */
  readonly message: string;
  /** The progress this event reported, if it reported one. */
  readonly progress: number | undefined;
  /** When it arrived (`Date.now()`). */
  readonly at: number;
  /** `progress` for a server event, `complete` for the completion event, `error` for a failure. */
  readonly kind: 'progress' | 'complete' | 'error';
  /** A number unique within this task's log, increasing: a React `key`. */
  readonly seq: number;
}

/** Reads `progress` and `message` from an object payload; anything else carries neither. */
export function defaultSelect(data: unknown): ProgressUpdate {
  if (typeof data !== 'object' || data === null) return {};
  const { progress, message } = data as { progress?: unknown; message?: unknown };
  return { progress: progress as number | undefined, message: message === undefined ? undefined : String(message) };
}

/**
 * The next progress value: a finite number clamped to 0–100; the previous value when the event reports none;
 * an error string when the value is not a finite number (so a bad payload never shows as `NaN%`).
 */
export function nextProgress(value: unknown, previous: number): number | { error: string } {
  if (value === undefined || value === null) return previous;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { error: `progress is not a finite number: ${JSON.stringify(value) ?? String(value)}` };
  }
  return Math.min(100, Math.max(0, value));
}

/** The log with `entry` appended, keeping at most `limit` entries (the newest). */
export function appendLog(
  log: readonly ProgressLogEntry[],
  entry: ProgressLogEntry,
  limit: number,
): readonly ProgressLogEntry[] {
  if (limit <= 0) return log;
  const next = log.length >= limit ? log.slice(log.length - limit + 1) : log.slice();
  next.push(entry);
  return next;
}
