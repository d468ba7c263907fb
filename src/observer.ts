import { SseConnection as Connection, type ConnectionState, reportError, type SseConnection } from './connection';
import { SseError } from './errors';
import { requestFrame } from './frame';
import { resolveParser } from './parse';
import { acquireShared, releaseShared } from './registry';
import { shallowEqual } from './shallow';
import { resolveEventSource } from './support';
import type { EventSourceResult, ReadyState, SseMessage, SseStatus, UseEventSourceOptions } from './types';

/**
 * One hook's view of a connection (in the manner of TanStack Query's QueryObserver): it acquires a connection
 * when it gets its first subscriber and lets go with the last, parses events with its own `parse`, keeps its own
 * data and history, applies `closeWhen`, calls the latest callbacks, and publishes an immutable snapshot.
 */
export class EventSourceObserver<T = string> {
  #url: string | undefined;
  #options: UseEventSourceOptions<T>;
  #connection: SseConnection | undefined;
  #state: ConnectionState | undefined;
  #unsubscribe: (() => void)[] = [];
  /** Gives back the connection, the way it was acquired (shared or not). */
  #release: () => void = () => {};
  readonly #listeners = new Set<() => void>();
  /** Closed on purpose (close(), closeWhen, enabled: false after a connection). */
  #closed = false;
  #data: T | undefined;
  #lastEvent: SseMessage<T> | undefined;
  #lastEventId = '';
  #error: SseError | undefined;
  #history: SseMessage<T>[] = [];
  #historyChanged = false;
  #cancelFrame: (() => void) | undefined;
  #result: EventSourceResult<T>;
  readonly #serverResult: EventSourceResult<T>;

  constructor(url: string | undefined, options: UseEventSourceOptions<T> = {}) {
    this.#url = url;
    this.#options = options;
    this.#result = this.#compute();
    // Server rendering and hydration cannot know whether the browser has an EventSource; they render a snapshot
    // that is the same on both sides, and the real one follows right after hydration.
    const active = url !== undefined && options.enabled !== false;
    this.#serverResult = {
      ...this.#result,
      status: active ? 'connecting' : 'idle',
      readyState: active ? 0 : 2,
      isSupported: true,
      error: undefined,
    };
  }

  /** For `useSyncExternalStore`: the current snapshot, the same object until something changed. */
  readonly getSnapshot = (): EventSourceResult<T> => this.#result;

  /** For `useSyncExternalStore` on the server and during hydration. */
  readonly getServerSnapshot = (): EventSourceResult<T> => this.#serverResult;

  /** For `useSyncExternalStore`: the first subscriber connects, the last one disconnects. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#reconcile();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#detach();
    };
  };

  /** Close the connection (status `closed`). */
  readonly close = (): void => {
    this.#closed = true;
    this.#detach();
    this.#publish();
  };

  /** Open again after `close()` or `failed`. Does nothing while there is no url or `enabled` is false. */
  readonly open = (): void => {
    this.#closed = false;
    const status = this.#state?.status;
    if (this.#connection && (status === 'failed' || status === 'closed')) this.#connection.open();
    else this.#reconcile();
    this.#publish();
  };

  /** Push new options in. Callbacks and `parse` take effect at once; a new key reconnects. */
  setOptions(url: string | undefined, options: UseEventSourceOptions<T>): void {
    const prev = this.#options;
    const prevUrl = this.#url;
    this.#options = options;
    this.#url = url;
    const keyChanged =
      url !== prevUrl ||
      !!options.withCredentials !== !!prev.withCredentials ||
      !!options.share !== !!prev.share ||
      resolveEventSource(options.EventSource) !== resolveEventSource(prev.EventSource);
    if (keyChanged) {
      // The old stream's data belongs to the old stream.
      this.#detach();
      this.#closed = false;
      this.#data = undefined;
      this.#lastEvent = undefined;
      this.#lastEventId = '';
      this.#error = undefined;
      this.#history = [];
      this.#historyChanged = true;
    } else if (options.enabled === false && prev.enabled !== false && this.#connection) {
      this.#closed = true;
      this.#detach();
    } else if (options.enabled !== false && prev.enabled === false) {
      this.#closed = false;
    } else if (this.#connection && eventsKey(options.events) !== eventsKey(prev.events)) {
      this.#relisten();
    }
    this.#reconcile();
    this.#publish();
  }

  get #wanted(): boolean {
    return this.#listeners.size > 0 && this.#url !== undefined && this.#options.enabled !== false && !this.#closed;
  }

  #reconcile(): void {
    if (!this.#wanted || this.#connection || this.#url === undefined) return;
    const { share, withCredentials, reconnect, EventSource, eventSourceInit } = this.#options;
    const config = { withCredentials, reconnect, EventSource, eventSourceInit };
    let connection: SseConnection;
    if (share) {
      connection = acquireShared(this.#url, config);
      this.#release = () => releaseShared(connection, config);
    } else {
      connection = new Connection(this.#url, config);
      connection.retain();
      this.#release = () => connection.release();
    }
    this.#connection = connection;
    this.#state = connection.getState();
    if (connection.lastEventId) this.#lastEventId = connection.lastEventId;
    this.#unsubscribe.push(
      connection.subscribe({
        state: (state) => {
          this.#state = state;
          if (state.status === 'open') this.#error = undefined;
          else if (state.error) this.#error = state.error;
          this.#publish();
        },
        open: (event) => this.#options.onOpen?.(event),
        error: (error) => this.#options.onError?.(error),
      }),
    );
    this.#relisten();
    this.#publish();
  }

  #relisten(): void {
    const connection = this.#connection;
    if (!connection) return;
    // unsubscribe[0] is the state subscription; the rest are event listeners.
    for (const off of this.#unsubscribe.splice(1)) off();
    for (const type of new Set(['message', ...(this.#options.events ?? [])]))
      this.#unsubscribe.push(connection.listen(type, this.#handleEvent));
  }

  #detach(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = undefined;
    for (const off of this.#unsubscribe.splice(0)) off();
    const connection = this.#connection;
    if (!connection) return;
    this.#connection = undefined;
    this.#state = undefined;
    this.#release();
  }

  readonly #handleEvent = (event: MessageEvent, lastEventId: string): void => {
    const options = this.#options;
    const raw = typeof event.data === 'string' ? event.data : String(event.data);
    this.#lastEventId = lastEventId;
    let data: T;
    try {
      data = resolveParser(options.parse)(raw, event);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      const error = new SseError('parse', `Could not parse "${event.type}" data: ${reason}`, {
        event,
        cause,
        raw,
      });
      this.#error = error;
      this.#schedule();
      options.onError?.(error);
      return;
    }
    const message: SseMessage<T> = { type: event.type, data, raw, lastEventId, origin: event.origin };
    this.#data = data;
    this.#lastEvent = message;
    const limit = options.history ?? 0;
    if (limit > 0) {
      this.#history.push(message);
      // Trim in batches so a flood costs O(1) per event, not O(limit).
      if (this.#history.length >= limit * 2) this.#history.splice(0, this.#history.length - limit);
      this.#historyChanged = true;
    }
    options.onMessage?.(message);
    let done = false;
    try {
      done = options.closeWhen?.(message) === true;
    } catch (error) {
      reportError(error);
    }
    if (done) this.close();
    else this.#schedule();
  };

  #schedule(): void {
    if (this.#options.commit === 'event') this.#publish();
    else this.#cancelFrame ??= requestFrame(() => this.#publish());
  }

  #publish(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = undefined;
    const next = this.#compute();
    if (shallowEqual(next, this.#result)) return;
    this.#result = next;
    for (const listener of this.#listeners) listener();
  }

  #compute(): EventSourceResult<T> {
    const isSupported = resolveEventSource(this.#options.EventSource) !== undefined;
    let status: SseStatus;
    let readyState: ReadyState = 2;
    if (this.#url === undefined) status = 'idle';
    else if (!isSupported) status = 'unsupported';
    else if (this.#state) {
      // A connection waiting for its first (deferred) open is, to the user, connecting.
      status = this.#state.status === 'idle' ? 'connecting' : this.#state.status;
      readyState = this.#state.status === 'idle' ? 0 : this.#state.readyState;
    } else if (this.#closed) status = 'closed';
    else if (this.#options.enabled === false) status = 'idle';
    else {
      status = 'connecting';
      readyState = 0;
    }
    const limit = this.#options.history ?? 0;
    let history = this.#result?.history ?? EMPTY;
    if (this.#historyChanged) {
      this.#historyChanged = false;
      if (this.#history.length > limit) this.#history.splice(0, this.#history.length - limit);
      history = this.#history.length ? this.#history.slice() : EMPTY;
    }
    return {
      status,
      readyState,
      isSupported,
      data: this.#data,
      lastEvent: this.#lastEvent,
      lastEventId: this.#lastEventId,
      error: this.#error,
      history,
      close: this.close,
      open: this.open,
    };
  }
}

const EMPTY: readonly never[] = [];
const eventsKey = (events: readonly string[] | undefined): string => (events ?? []).join('\n');
