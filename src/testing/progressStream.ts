import { type ScriptedStreamOptions, type SseStreamHandler, type StreamStep, scriptedStream } from './scriptedStream';

/** Options of {@link progressStream}. */
export interface ProgressStreamOptions extends Pick<ScriptedStreamOptions, 'onReconnect' | 'lastEventIdParam'> {
  /**
   * How many progress events to send before the completion event.
   * @defaultValue 10
   */
  steps?: number | undefined;
  /**
   * Milliseconds before each event.
   * @defaultValue 100
   */
  interval?: number | undefined;
  /**
   * The id of the completion event.
   * @defaultValue 'CLOSE'
   */
  completeId?: string | undefined;
  /**
   * The message of the completion event.
   * @defaultValue 'Process complete'
   */
  completeMessage?: string | undefined;
  /** The text of step `i` of `n`. @defaultValue `on iteration ${i} of ${n}` */
  message?: ((step: number, steps: number) => string) | undefined;
  /** Fail at this step (1-based) instead of sending it; earlier steps are delivered. */
  failAt?: number | undefined;
  /**
   * How the server fails at `failAt`: `'drop'` breaks the connection as a network failure would; `'close'` ends
   * the response early. Either way the browser would reconnect with `Last-Event-ID`, and the script continues.
   * @defaultValue 'drop'
   */
  failure?: 'drop' | 'close' | undefined;
  /** Send a `retry:` field first, in ms. */
  retry?: number | undefined;
}

/** The steps of the progress protocol: `{message, progress}` events with ids 1…n, then the completion event. */
export function progressSteps(options: ProgressStreamOptions = {}): StreamStep[] {
  const {
    steps: n = 10,
    interval = 100,
    completeId = 'CLOSE',
    completeMessage = 'Process complete',
    message = (i: number, total: number) => `on iteration ${i} of ${total}`,
    failAt,
    failure = 'drop',
    retry,
  } = options;
  const script: StreamStep[] = retry === undefined ? [] : [{ retry }];
  for (let i = 1; i <= n; i++) {
    script.push({ wait: interval });
    if (i === failAt) script.push(failure === 'drop' ? { drop: true } : { close: true });
    script.push({ id: String(i), data: { message: message(i, n), progress: Math.round((i * 100) / n) } });
  }
  script.push({ wait: interval }, { id: completeId, data: { message: completeMessage } }, { close: true });
  return script;
}

/**
 * A mocked long-running task speaking the progress protocol: events with increasing ids whose data is
 * `{"message": "on iteration 3 of 10", "progress": 30}`, then an event with id `CLOSE` and
 * `{"message": "Process complete"}`, then the end of the response. A reconnect after completion gets `204`, so
 * the task never runs twice by accident.
 */
export function progressStream(url: string, options: ProgressStreamOptions = {}): SseStreamHandler {
  const { onReconnect, lastEventIdParam } = options;
  return scriptedStream(url, progressSteps(options), { onReconnect, lastEventIdParam });
}
