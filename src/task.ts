import { SseConnection, type SseConnectionConfig } from './connection';
import { SseError } from './errors';
import { appendLog, defaultSelect, nextProgress, type ProgressLogEntry, type ProgressUpdate } from './progress';
import { call, Store } from './store';
import { isTransportSupported } from './transport/load';
import type {
  AnyEventSourceConstructor,
  ConnectionOptions,
  EventSourceConstructor,
  SseMessage,
  SseStatus,
  TransportOptions,
} from './types';

/** What a task is doing. */
export type ProgressStatus = 'idle' | 'unsupported' | 'running' | 'done' | 'stopped' | 'failed';

/**
 * Options of {@link useSseProgress} and {@link ProgressTask}: `P` is the payload type, `E` the type of the
 * `EventSource` option (which types `eventSourceInit`).
 */
export type ProgressOptions<
  P = { message?: string; progress?: number },
  E extends AnyEventSourceConstructor = EventSourceConstructor,
> = ProgressOptionsBase<P, E> & TransportOptions;

/** The options of {@link ProgressOptions}, whatever the transport. */
export interface ProgressOptionsBase<
  P = { message?: string; progress?: number },
  E extends AnyEventSourceConstructor = EventSourceConstructor,
> extends Omit<ConnectionOptions<E>, 'reconnect'> {
  /**
   * Start the task on mount instead of waiting for `start()`.
   * @defaultValue false
   */
  autoStart?: boolean | undefined;
  /**
   * The event id that marks completion.
   * @defaultValue 'CLOSE'
   */
  completeId?: string | undefined;
  /** Another completion test, for servers that signal the end differently (`event: done`, say). */
  isComplete?: ((message: SseMessage<P>) => boolean) | undefined;
  /**
   * Reads `{ progress, message }` from a payload.
   * @defaultValue reads the payload's `progress` and `message` fields
   */
  select?: ((data: P, message: SseMessage<P>) => ProgressUpdate | undefined) | undefined;
  /**
   * The most log entries kept (the newest); 0 or less keeps none, and `NaN` is the default.
   * @defaultValue 100
   */
  logLimit?: number | undefined;
  /**
   * `false`: a drop before completion is a failure; the connection is closed at once so the browser's reconnect
   * never re-requests (and so re-runs) the task. `true`: the browser reconnects and sends `Last-Event-ID`, for
   * servers that can resume a task.
   * @defaultValue false
   */
  resume?: boolean | undefined;
  /**
   * Named event types to listen for, in addition to `message`.
   * @defaultValue []
   */
  events?: readonly string[] | undefined;
  /** Called for every progress event. Always the latest function. */
  onProgress?: ((progress: number, message: SseMessage<P>) => void) | undefined;
  /** Called once, on the completion event. Always the latest function. */
  onComplete?: ((message: SseMessage<P>) => void) | undefined;
  /** Called for every error. Always the latest function. */
  onError?: ((error: SseError) => void) | undefined;
}

/** What {@link useSseProgress} returns. Its identity changes only when something in it changed. */
export interface ProgressResult {
  /** What the task is doing. */
  readonly status: ProgressStatus;
  /** 0–100, clamped; 100 when done. */
  readonly progress: number;
  /** The latest message from the server. */
  readonly message: string | undefined;
  /** Messages and errors, oldest first, at most `logLimit`. */
  readonly log: readonly ProgressLogEntry[];
  /** The latest error. */
  readonly error: SseError | undefined;
  /** The last event id seen. */
  readonly lastEventId: string;
  /** The underlying connection's status (`reconnecting` while a resumable task reconnects). */
  readonly connection: SseStatus;
  /** Start the task: always a new request (a new task), resetting progress and log. Stable identity. */
  readonly start: () => void;
  /** Stop the task: close the connection (status `stopped`). Stable identity. */
  readonly stop: () => void;
  /** Back to `idle`, closing any connection. Stable identity. */
  readonly reset: () => void;
}

type Snapshot = Omit<ProgressResult, 'start' | 'stop' | 'reset'>;

/**
 * A long-running server task streamed over SSE, free of React. One task, one connection, never shared:
 * `start()` opens a new one, the completion event closes it, and with `resume: false` a drop closes it too, so
 * the server is never asked to run the task twice.
 */
export class ProgressTask<
  P = { message?: string; progress?: number },
  E extends AnyEventSourceConstructor = EventSourceConstructor,
> extends Store<ProgressResult> {
  private _url: string | undefined;
  private _options: ProgressOptions<P, E>;
  private _connection: SseConnection | undefined;
  private _offs: (() => void)[] = [];
  /** The task as it is now; published with the methods as the snapshot. */
  private _task: Snapshot;
  private _serverResult: ProgressResult | undefined;
  private _autoStarted = false;
  private _seq = 0;
  private _started = false;

  constructor(url: string | undefined, options: ProgressOptions<P, E> = {}) {
    super();
    this._url = url;
    this._options = options;
    this._task = this._initial();
    this._state = { ...this._task, start: this.start, stop: this.stop, reset: this.reset };
  }

  /**
   * The snapshot for server rendering and hydration: `idle`, the same on both sides (the server cannot know whether
   * the browser has an EventSource). The real one follows right after hydration.
   */
  readonly getServerSnapshot = (): ProgressResult => (this._serverResult ??= { ...this._state, status: 'idle' });

  /** @internal `subscribe`: with `autoStart`, the first subscriber starts the task. */
  protected override _subscribed(): void {
    if (this._listeners.size !== 1) return;
    const connection = this._connection;
    // StrictMode unsubscribed and subscribed again before the request went out: carry on with the same one.
    if (connection && connection.getState().status === 'idle' && connection.refCount === 0) connection.retain();
    else this._autoStart();
  }

  /** @internal The last subscriber left: the connection goes, and the result says so. */
  protected override _unsubscribed(): void {
    const connection = this._connection;
    if (!connection) return;
    if (connection.getState().status === 'idle') {
      connection.release(); // never opened: keep it, a resubscribe in the same task resumes it
      return;
    }
    this._detach();
    // Unmounted, or hidden by <Activity>: the connection is gone, and the result says so in both fields.
    if (this._task.status === 'running') this._update({ status: 'stopped', connection: 'closed' });
  }

  /** Start a new task (a new request), resetting progress and log. */
  readonly start = (): void => {
    this._detach();
    const url = this._url;
    this._task = { ...this._initial(), status: 'running', connection: 'connecting' };
    if (url === undefined) {
      this._update({ status: 'idle', connection: 'idle' });
      return;
    }
    const { events, resume, lastEventId, ...options } = this._options;
    // resume: false is the core's: it closes the EventSource inside the drop's `error` event, so the browser never
    // requests the task again. `lastEventId` resumes the first task only: every later start() is a new task.
    const first = !this._started;
    this._started = true;
    const connection = new SseConnection(url, {
      ...options,
      resume: !!resume,
      lastEventId: first ? lastEventId : undefined,
      headers: options.headers && (() => this._options.headers),
    } as SseConnectionConfig);
    if (first && lastEventId) this._update({ lastEventId });
    this._connection = connection;
    this._offs.push(
      connection.subscribe({
        state: (state) => {
          if (this._connection !== connection) return;
          if (state.status === 'failed' || state.status === 'unsupported') {
            this._detach();
            const error = state.error ?? new SseError('connection', 'The stream failed');
            this._fail(error, state.status === 'unsupported' ? 'unsupported' : 'failed', state.status);
            return;
          }
          // A resumable task's drop is shown while the browser reconnects, and cleared when the stream is back.
          const dropped = state.status === 'open' && this._task.error?.willReconnect;
          this._update(dropped ? { connection: state.status, error: undefined } : { connection: state.status });
        },
        error: (error) => {
          if (error.willReconnect && this._connection === connection) this._fail(error, null);
        },
      }),
    );
    for (const type of new Set(['message', ...(events ?? [])]))
      this._offs.push(connection.listen(type, this._handleEvent));
    connection.retain();
    this._publish();
  };

  /** Stop the task (status `stopped`). */
  readonly stop = (): void => {
    if (!this._connection) return;
    this._detach();
    if (this._task.status === 'running') this._update({ status: 'stopped', connection: 'closed' });
  };

  /** Back to `idle`. */
  readonly reset = (): void => {
    this._detach();
    this._task = this._initial();
    this._publish();
  };

  /** Push new options in; callbacks take effect at once. A new url applies to the next `start()`. */
  setOptions(url: string | undefined, options: ProgressOptions<P, E>): void {
    this._url = url;
    this._options = options;
    const supported = isTransportSupported(options);
    if (this._task.status === 'idle' && !supported) this._update({ status: 'unsupported' });
    else if (this._task.status === 'unsupported' && supported && !this._connection) this._update({ status: 'idle' });
    // A url that arrives after mount (it was null) starts the task then.
    if (this._listeners.size > 0) this._autoStart();
  }

  /** With `autoStart`, start once: when mounted with a url, or when the url arrives. Never again (after reset()). */
  private _autoStart(): void {
    if (!this._options.autoStart || this._autoStarted || this._url === undefined || this._task.status !== 'idle')
      return;
    this._autoStarted = true;
    this.start();
  }

  private readonly _handleEvent = (event: MessageEvent<string>, lastEventId: string): void => {
    const options = this._options;
    const raw = typeof event.data === 'string' ? event.data : String(event.data);
    const completeId = options.completeId ?? 'CLOSE';
    let data: P;
    let parseError: unknown;
    try {
      data = JSON.parse(raw) as P;
    } catch (cause) {
      parseError = cause;
      data = raw as P;
    }
    const message: SseMessage<P> = { type: event.type, data, raw, lastEventId, origin: event.origin };
    // A bad payload skips this one event: it is recorded in `error` and the log, and the task goes on.
    const skip = (reason: string, cause?: unknown): void =>
      this._fail(
        new SseError('parse', `Progress event ${lastEventId || '(no id)'}: ${reason}`, { event, cause, raw }),
        null,
      );
    let complete = event.lastEventId === completeId;
    try {
      complete ||= options.isComplete?.(message) === true;
    } catch (cause) {
      // As with `select`: an isComplete that throws skips this event, in words, and the task goes on.
      skip('isComplete threw', cause);
      return;
    }
    // An event with no data is a keep-alive (Hono's writeSSE sends one when only `retry:` is wanted): not progress,
    // not an error, not a log line.
    if (raw === '' && !complete) {
      this._update({ lastEventId });
      return;
    }
    if (parseError !== undefined && !complete) {
      skip(`not JSON: ${raw.slice(0, 80)}`, parseError);
      return;
    }
    // The completion event is accepted whatever its payload: skipping it would leave the task open to a re-run.
    let update: ProgressUpdate = { message: raw };
    if (parseError === undefined) {
      try {
        // A select that returns nothing for an event reads as "no progress, no message", never as a crash.
        update = (options.select ?? defaultSelect)(data, message) ?? {};
      } catch (cause) {
        if (!complete) {
          skip('select threw', cause);
          return;
        }
        update = defaultSelect(data);
      }
    }
    const checked = nextProgress(update.progress, this._task.progress);
    if (typeof checked !== 'number' && !complete) {
      skip(checked.error);
      return;
    }
    const progress = typeof checked === 'number' ? checked : this._task.progress;
    const text = update.message ?? this._task.message;
    const entry: ProgressLogEntry = {
      id: lastEventId,
      message: update.message ?? '',
      progress: typeof checked === 'number' && typeof update.progress === 'number' ? checked : undefined,
      at: Date.now(),
      kind: complete ? 'complete' : 'progress',
      seq: ++this._seq,
    };
    const log = appendLog(this._task.log, entry, this._logLimit);
    if (complete) {
      // The task is finished: close before the server ends the response, or the browser would reconnect and the
      // server would run the task again.
      this._detach();
      // Done is done: an error from before completion (a skipped payload, a drop that resumed) no longer applies.
      // The log keeps it.
      const done = { progress: 100, message: text, log, lastEventId, error: undefined };
      this._update({ status: 'done', connection: 'closed', ...done });
      options.onComplete?.(message);
      return;
    }
    this._update({ progress, message: text, log, lastEventId });
    options.onProgress?.(progress, message);
  };

  /**
   * Record an error: in `error` and in the log. With `status`, the task ends so; without, it keeps running
   * (a bad payload skips one event).
   */
  private _fail(
    error: SseError,
    status: ProgressStatus | null = 'failed',
    connection: SseStatus = this._task.connection,
  ): void {
    const entry: ProgressLogEntry = {
      id: '',
      message: error.message,
      progress: undefined,
      at: Date.now(),
      kind: 'error',
      seq: ++this._seq,
    };
    const log = appendLog(this._task.log, entry, this._logLimit);
    this._update(status ? { status, error, log, connection } : { error, log });
    this._options.onError?.(error);
  }

  /** `logLimit`, with `NaN` (like unset) the default: never an unbounded log. */
  private get _logLimit(): number {
    const limit = this._options.logLimit ?? Number.NaN;
    return Number.isNaN(limit) ? 100 : limit;
  }

  private _detach(): void {
    for (const off of this._offs.splice(0)) off();
    const connection = this._connection;
    this._connection = undefined;
    if (!connection) return;
    if (connection.refCount > 0) connection.release();
    else connection.close();
  }

  private _initial(): Snapshot {
    const supported = isTransportSupported(this._options);
    return {
      status: supported ? 'idle' : 'unsupported',
      progress: 0,
      message: undefined,
      log: [],
      error: undefined,
      lastEventId: '',
      connection: 'idle',
    };
  }

  private _update(patch: Partial<Snapshot>): void {
    this._task = { ...this._task, ...patch };
    this._publish();
  }

  private _publish(): void {
    this._set({ ...this._task, start: this.start, stop: this.stop, reset: this.reset }, call);
  }
}
