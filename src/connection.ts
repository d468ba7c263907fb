import { SseError } from './errors';
import { type ReconnectPolicy, resolveReconnect } from './reconnect';
import { shallowEqual } from './shallow';
import { resolveEventSource } from './support';
import type { ConnectionOptions, EventSourceConstructor, EventSourceLike, ReadyState, SseStatus } from './types';

/** The state of one connection. A new object whenever a field changes. */
export interface ConnectionState {
  readonly status: SseStatus;
  readonly readyState: ReadyState;
  readonly error: SseError | undefined;
  /** Library retries used since the connection last opened. */
  readonly attempt: number;
}

/** What a subscriber hears from a connection. */
export interface ConnectionListener {
  state?(state: ConnectionState): void;
  open?(event: Event): void;
  error?(error: SseError): void;
}

/** A handler for one event type; `lastEventId` is the persisted last event id (spec: "last event ID string"). */
export type EventHandler = (event: MessageEvent, lastEventId: string) => void;

/** Timer functions, injectable so tests can drive them. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  queueMicrotask(callback: () => void): void;
}

/** Configuration of a {@link SseConnection}. */
export interface SseConnectionConfig extends ConnectionOptions {
  timers?: Timers;
}

// A server may name an event "open" or "error"; browsers dispatch it as a MessageEvent of that type, which then
// reaches `open`/`error` listeners. Such an event is data, never a change of connection state.
const isServerEvent = (event: Event): boolean => 'data' in event;

/** Reports an exception thrown by user code without breaking the dispatch loop for other subscribers. */
export function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/**
 * One EventSource connection, free of React: it owns the EventSource, its readyState, the last event id,
 * the retry timer after terminal failures and a reference count. Work starts on the first `retain()`
 * (deferred by a microtask, so a retain/release/retain burst, as in StrictMode, sends one request) and stops
 * on the last `release()`.
 */
export class SseConnection {
  /** The URL this connection requests. */
  readonly url: string;
  /** The last event id seen on this connection. */
  lastEventId = '';

  #state: ConnectionState;
  #source: EventSourceLike | undefined;
  #retryTimer: unknown;
  #refs = 0;
  #startToken = 0;
  readonly #listeners = new Set<ConnectionListener>();
  readonly #handlers = new Map<string, Set<EventHandler>>();
  readonly #EventSource: EventSourceConstructor | undefined;
  readonly #policy: ReconnectPolicy | undefined;
  readonly #timers: Timers;

  readonly #config: SseConnectionConfig;

  constructor(url: string, config: SseConnectionConfig = {}) {
    this.url = url;
    this.#config = config;
    this.#EventSource = resolveEventSource(config.EventSource);
    this.#policy = resolveReconnect(config.reconnect);
    this.#timers = config.timers ?? (globalThis as unknown as Timers);
    this.#state = {
      status: this.#EventSource ? 'idle' : 'unsupported',
      readyState: 2,
      error: undefined,
      attempt: 0,
    };
  }

  /** The current state; the same object until something changes. */
  getState(): ConnectionState {
    return this.#state;
  }

  /** How many holders keep this connection alive. */
  get refCount(): number {
    return this.#refs;
  }

  /** Listen to state changes, opens and errors. Returns its own unsubscribe. */
  subscribe(listener: ConnectionListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Receive events of one type (`message` or a named event). Returns its own unsubscribe. */
  listen(type: string, handler: EventHandler): () => void {
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
      this.#source?.addEventListener(type, this.#dispatch);
    }
    set.add(handler);
    return () => {
      const current = this.#handlers.get(type);
      if (!current?.delete(handler) || current.size > 0) return;
      this.#handlers.delete(type);
      this.#source?.removeEventListener(type, this.#dispatch);
    };
  }

  /** Take a reference. The first one opens the connection, a microtask later. */
  retain(): void {
    this.#refs += 1;
    if (this.#refs !== 1 || this.#source || this.#retryTimer !== undefined) return;
    const token = ++this.#startToken;
    // StrictMode mounts, unmounts and mounts again in one task. Opening a stream can start work on the server,
    // so the request waits for the burst to settle: a release before this microtask means no request at all.
    this.#timers.queueMicrotask(() => {
      if (token === this.#startToken && this.#refs > 0 && !this.#source) this.open();
    });
  }

  /** Drop a reference. The last one closes the connection. */
  release(): void {
    if (this.#refs === 0) return;
    this.#refs -= 1;
    if (this.#refs > 0) return;
    this.#startToken += 1;
    if (this.#source || this.#retryTimer !== undefined) this.close();
  }

  /** Open now: closes the current source if any, resets the retry count and connects. */
  open(): void {
    this.#startToken += 1;
    this.#cancelRetry();
    this.#detachSource();
    this.#connect(0);
  }

  /** Close the connection and cancel a pending retry (status `closed`). */
  close(): void {
    this.#startToken += 1;
    this.#cancelRetry();
    this.#detachSource();
    this.#setState({ status: 'closed', readyState: 2 });
  }

  #connect(attempt: number): void {
    const EventSource = this.#EventSource;
    if (!EventSource) {
      this.#fail(new SseError('unsupported', 'EventSource is not supported in this environment'), 'unsupported');
      return;
    }
    let source: EventSourceLike;
    try {
      source = new EventSource(this.url, {
        ...this.#config.eventSourceInit,
        withCredentials: !!this.#config.withCredentials,
      });
    } catch (cause) {
      // [spec] "If urlRecord is failure, then throw a 'SyntaxError' DOMException." We turn it into state.
      this.#fail(new SseError('connection', `Invalid URL "${this.url}"`, { cause }), 'failed');
      return;
    }
    this.#source = source;
    source.addEventListener('open', this.#handleOpen);
    source.addEventListener('error', this.#handleError);
    for (const type of this.#handlers.keys()) source.addEventListener(type, this.#dispatch);
    this.#setState({ status: attempt > 0 ? 'reconnecting' : 'connecting', readyState: 0, attempt });
  }

  readonly #handleOpen = (event: Event): void => {
    if (isServerEvent(event) || !this.#source) return;
    // [spec] "announce the connection": readyState OPEN, fire `open`. A successful open resets the retry count.
    this.#setState({ status: 'open', readyState: 1, error: undefined, attempt: 0 });
    for (const listener of this.#listeners) listener.open?.(event);
  };

  readonly #handleError = (event: Event): void => {
    const source = this.#source;
    if (isServerEvent(event) || !source) return;
    const status = (event as { code?: unknown }).code;
    const detail = (event as { message?: unknown }).message;
    const httpStatus = typeof status === 'number' ? status : undefined;
    if (source.readyState !== 2) {
      // [spec] "reestablish the connection": readyState CONNECTING, fire `error`, wait `retry` ms, request again
      // with Last-Event-ID. The browser does this itself; closing here would lose the stream and its id.
      const error = new SseError('connection', 'Connection lost; the browser is reconnecting', {
        event,
        willReconnect: true,
        status: httpStatus,
      });
      this.#setState({ status: 'reconnecting', readyState: 0, error });
      this.#emitError(error);
      return;
    }
    // [spec] "fail the connection": readyState CLOSED, fire `error`, and the user agent never reconnects.
    // That happens for a non-200 status or a Content-Type other than text/event-stream.
    this.#detachSource();
    const reason =
      typeof detail === 'string' && detail ? detail : 'Connection failed: a non-200 status or not text/event-stream';
    const policy = this.#policy;
    const attempt = this.#state.attempt;
    if (policy && attempt < policy.attempts) {
      const next = attempt + 1;
      const delay = policy.delay(next);
      const error = new SseError('connection', `${reason}; retry ${next} of ${policy.attempts} in ${delay} ms`, {
        event,
        willReconnect: true,
        status: httpStatus,
      });
      this.#retryTimer = this.#timers.setTimeout(() => {
        this.#retryTimer = undefined;
        this.#connect(next);
      }, delay);
      this.#setState({ status: 'reconnecting', readyState: 2, error, attempt: next });
      this.#emitError(error);
      return;
    }
    const cause = new SseError('connection', reason, { event, status: httpStatus });
    const error = policy
      ? new SseError('retries-exhausted', `Gave up after ${policy.attempts} retries: ${reason}`, {
          event,
          cause,
          status: httpStatus,
        })
      : cause;
    this.#fail(error, 'failed');
  };

  readonly #dispatch = (received: Event): void => {
    if (!isServerEvent(received)) return;
    const event = received as MessageEvent;
    // [spec] The event's lastEventId is the "last event ID string", which persists across events. Polyfills
    // report "" for an event without an id, so an empty value keeps the last one.
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    const handlers = this.#handlers.get(event.type);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(event, this.lastEventId);
      } catch (error) {
        reportError(error);
      }
    }
  };

  #fail(error: SseError, status: 'failed' | 'unsupported'): void {
    this.#setState({ status, readyState: 2, error });
    this.#emitError(error);
  }

  #emitError(error: SseError): void {
    for (const listener of this.#listeners) listener.error?.(error);
  }

  #detachSource(): void {
    const source = this.#source;
    if (!source) return;
    this.#source = undefined;
    source.removeEventListener('open', this.#handleOpen);
    source.removeEventListener('error', this.#handleError);
    for (const type of this.#handlers.keys()) source.removeEventListener(type, this.#dispatch);
    source.close();
  }

  #cancelRetry(): void {
    if (this.#retryTimer === undefined) return;
    this.#timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #setState(patch: Partial<ConnectionState>): void {
    const next = { ...this.#state, ...patch };
    if (shallowEqual(next, this.#state)) return;
    this.#state = next;
    for (const listener of this.#listeners) listener.state?.(next);
  }
}
