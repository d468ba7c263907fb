import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ConnectionState, SseConnectionConfig } from './connection';
import { reasonOf, SseError } from './errors';
import { cancelFrame, onNextFrame } from './frame';
import { resolveParser } from './parse';
import { acquireOwn, acquireShared, type Held, keyOf } from './registry';
import { reportError } from './report';
import { type Checked, eventTypes, invalid, schemaFor } from './schema';
import { call, Store } from './store';
import { resolveEventSource } from './support';
import type { SharedConnection } from './tabs/hub';
import { loadTabs } from './tabs/load';
import { isTransportSupported, startsWork } from './transport/load';
import type {
  AnyEventSourceConstructor,
  EventSourceResult,
  ReadyState,
  SseMessage,
  SseStatus,
  UseEventSourceOptions,
} from './types';

/** An event that waits behind one an async schema is checking, with its last event id. */
type Queued = [event: MessageEvent<string>, lastEventId: string];

/** The options as the observer holds them: for whichever EventSource the hook was given. */
type Options<T, S> = UseEventSourceOptions<T, AnyEventSourceConstructor, S>;

/**
 * One hook's view of a connection (in the manner of TanStack Query's QueryObserver): it acquires a connection
 * when it gets its first subscriber and lets go with the last, parses events with its own `parse`, keeps its own
 * data and history, applies `closeWhen`, calls the latest callbacks, and publishes an immutable snapshot.
 */
export class EventSourceObserver<T = string, S = undefined> extends Store<EventSourceResult<T, S>> {
  declare private _url: string | undefined;
  declare private _options: Options<T, S>;
  declare private _connection: SharedConnection | undefined;
  declare private _connectionState: ConnectionState | undefined;
  /** The code of `share: 'tabs'` loading, for this attempt to connect; `undefined` once it is given up. */
  declare private _loading: Promise<void> | undefined;
  /** The load during which `open()` was called: the connection it attaches opens again if it is over. */
  declare private _reopen: Promise<void> | undefined;
  private _unsubscribe: (() => void)[] = [];
  /** Gives back the connection, the way it was acquired (shared or not): set with the connection. */
  declare private _release: () => void;
  /** Closed on purpose (close(), closeWhen, enabled: false after a connection). */
  declare private _closed?: boolean;
  declare private _data: T | undefined;
  declare private _lastEvent: SseMessage<T> | undefined;
  private _lastEventId = '';
  declare private _error: SseError | undefined;
  private _history: SseMessage<T>[] = [];
  /** Events waiting while an async schema checks an earlier one; `undefined` when none is pending. */
  declare private _queue: Queued[] | undefined;
  declare private _historyChanged?: boolean;
  /** What `reduce` made of the events so far. */
  declare private _folded: S;
  /** For `useSyncExternalStore` on the server and during hydration. */
  declare readonly _getServerSnapshot: () => EventSourceResult<T, S>;

  constructor(url: string | undefined, options: Options<T, S> = {} as Options<T, S>) {
    super();
    this._url = url;
    this._options = options;
    this._folded = options.initial as S;
    this._state = this._compute();
    // Server rendering and hydration cannot know whether the browser has an EventSource; they render a snapshot
    // that is the same on both sides, as if it had one, and the real one follows right after hydration.
    const server = this._compute(true);
    this._getServerSnapshot = () => server;
  }

  /** @internal For `useSyncExternalStore` (`subscribe`, `getSnapshot`): the first subscriber connects. */
  protected override _subscribed(): void {
    this._reconcile();
  }

  /** @internal The last one disconnects. */
  protected override _unsubscribed(): void {
    this._detach();
  }

  /** Close the connection (status `closed`). */
  readonly close = (): void => {
    this._closed = true;
    this._detach();
    this._publish();
  };

  /** Open again after `close()` or `failed`. Does nothing while there is no url or `enabled` is false. */
  readonly open = (): void => {
    if (this._url === undefined || this._options.enabled === false) return;
    // A stream opened again is a new one: its fold starts over (a reconnect, by contrast, resumes and keeps it).
    if (ended(this._state.status)) this._folded = this._options.initial as S;
    this._closed = false;
    this._reconcile(); // no-op when attached; may join a shared connection that failed
    // While the code of share: 'tabs' loads there is no connection yet: the one this load attaches opens again.
    this._reopen = this._loading;
    this._openEnded();
    this._publish();
  };

  /** Opens the attached connection again if it is over (failed, or closed). */
  private _openEnded(): void {
    const connection = this._connection;
    if (connection && ended(connection.getState().status)) connection.open();
  }

  /** Push new options in. Callbacks and `parse` take effect at once; a new key reconnects. */
  _setOptions(url: string | undefined, options: Options<T, S>): void {
    const prev = this._options;
    const prevUrl = this._url;
    this._options = options;
    this._url = url;
    const keyChanged =
      url !== prevUrl ||
      // `withCredentials` and the transport: the registry's key beside the url (compared above: it may be undefined).
      keyOf('', options) !== keyOf('', prev) ||
      (options.share || false) !== (prev.share || false) ||
      resolveEventSource(options.EventSource) !== resolveEventSource(prev.EventSource);
    if (keyChanged) {
      // The old stream's data belongs to the old stream.
      this._detach();
      this._closed = false;
      this._data = undefined;
      this._lastEvent = undefined;
      this._lastEventId = '';
      this._error = undefined;
      this._history = [];
      this._historyChanged = true;
      this._folded = options.initial as S;
    } else if (options.enabled === false && prev.enabled !== false && (this._connection || this._loading)) {
      this._closed = true;
      this._detach();
    } else if (options.enabled !== false && prev.enabled === false) {
      this._closed = false;
      this._folded = options.initial as S;
    } else if (this._connection && eventsKey(options.events) !== eventsKey(prev.events)) {
      this._relisten(this._connection);
    }
    if ((options.history ?? 0) !== (prev.history ?? 0)) this._historyChanged = true;
    this._reconcile();
    this._publish();
  }

  /** Connects when the hook wants a connection (a subscriber, a url, enabled, not closed) and has none. */
  private _reconcile(): void {
    const url = this._url;
    if (
      !this._listeners.size ||
      url === undefined ||
      this._options.enabled === false ||
      this._closed ||
      this._connection ||
      this._loading
    )
      return;
    const options = this._options;
    // A request that may start work on the server (a body, a method other than GET) is this hook's own: never shared.
    const share = !startsWork(options) && options.share;
    // A connection opened again after close() resumes from the id this hook last saw (sent only through
    // lastEventIdParam or the fetch transport; otherwise the core starts from an empty id). `headers` are read from the
    // latest options at each request.
    const config = {
      ...options,
      lastEventId: this._lastEventId || options.lastEventId,
      headers: options.headers && (() => this._options.headers),
    } as SseConnectionConfig;
    if (share === 'tabs') {
      // Connecting until the code of share: 'tabs' has loaded; a hook that let go meanwhile joins nothing.
      const loading = loadTabs().then((acquire) => {
        if (this._loading !== loading) return;
        this._loading = undefined;
        this._attach(acquire(url, config));
        if (this._reopen === loading) this._openEnded();
      });
      this._loading = loading;
      return;
    }
    this._attach((share ? acquireShared : acquireOwn)(url, config));
  }

  /** Attaches to `connection`, acquired for this hook: its state, its events, and `release` to give it back. */
  private _attach([connection, release]: Held<SharedConnection>): void {
    this._release = release;
    this._connection = connection;
    const state = connection.getState();
    this._connectionState = state;
    if (state.status !== 'open' && state.error) this._error = state.error;
    this._lastEventId = connection.lastEventId;
    this._unsubscribe.push(
      connection.subscribe({
        state: (state) => {
          this._connectionState = state;
          // A new EventSource without a resume starts from an empty id, and a tab that follows another tab's
          // connection learns the last id with the leader's state: the result says what the next request sends.
          this._lastEventId = connection.lastEventId;
          if (state.status === 'open') this._error = undefined;
          else if (state.error) this._error = state.error;
          this._publish();
        },
        open: (event) => this._options.onOpen?.(event),
        error: (error) => this._options.onError?.(error),
      }),
    );
    this._relisten(connection);
    this._publish();
  }

  /** Listens to the event types of the options on `connection`, the one attached. */
  private _relisten(connection: SharedConnection): void {
    // unsubscribe[0] is the state subscription; the rest are event listeners.
    for (const off of this._unsubscribe.splice(1)) off();
    for (const type of new Set(eventTypes(this._options.events)))
      this._unsubscribe.push(connection.listen(type, this._handleEvent));
  }

  private _detach(): void {
    cancelFrame(this._publish);
    this._queue = undefined;
    this._loading = undefined;
    for (const off of this._unsubscribe.splice(0)) off();
    const connection = this._connection;
    if (!connection) return;
    this._connection = undefined;
    this._connectionState = undefined;
    this._release();
  }

  private readonly _handleEvent = (event: MessageEvent<string>, lastEventId: string): void => {
    // An async schema is checking an earlier event: this one waits behind it, so the order never changes.
    if (this._queue) this._queue.push([event, lastEventId]);
    else this._check(event, lastEventId);
  };

  /** Parses an event, checks it with its schema (or takes the result of an async one) and delivers it. */
  private _check(event: MessageEvent<string>, lastEventId: string, checked?: Checked): void {
    const options = this._options;
    const raw = String(event.data);
    this._lastEventId = lastEventId;
    let data = undefined as T;
    let error: SseError | undefined;
    try {
      if (!checked) {
        const schema = schemaFor(options, event.type);
        data = resolveParser(options.parse ?? (schema && 'json'))(raw, event) as T;
        checked = schema?.['~standard'].validate(data);
      }
    } catch (cause) {
      error = couldNot('parse', event, raw, cause);
    }
    if (checked && 'then' in checked) {
      // The events after this one wait in a new queue (with those still waiting in the one being drained, if any).
      const queue: Queued[] = this._queue?.splice(0) ?? [];
      this._queue = queue;
      const settle = (result: StandardSchemaV1.Result<unknown>) => {
        // Closed, or a new url, while the schema was checking: a late result of an old stream is never delivered.
        if (this._queue !== queue) return;
        this._check(event, lastEventId, result);
        // Then the events that came meanwhile, in order, until one waits again (a new queue) or the hook closes.
        while (this._queue === queue) {
          const next = queue.shift();
          if (next) this._check(...next);
          else this._queue = undefined;
        }
      };
      checked.then(settle, (cause) => settle({ issues: [{ message: reasonOf(cause) }] }));
      return;
    }
    if (checked?.issues) error = invalid(event, raw, checked.issues);
    if (checked) data = (checked as StandardSchemaV1.SuccessResult<T>).value;
    const message: SseMessage<T> = { type: event.type, data, raw, lastEventId, origin: event.origin };
    try {
      // A throw leaves the state as it was.
      if (!error && options.reduce) this._folded = options.reduce(this._folded, message);
    } catch (cause) {
      error = couldNot('reduce', event, raw, cause);
    }
    if (error) {
      // An event that could not be parsed, checked or folded: skipped, and reported as a `parse` error.
      this._error = error;
      this._schedule();
      this._options.onError?.(error);
      return;
    }
    // A parse error was about one event: this one parsed, so it is over. (A connection error stays until an open.)
    if (this._error?.kind === 'parse') this._error = undefined;
    this._data = data;
    this._lastEvent = message;
    const limit = options.history ?? 0;
    if (limit > 0) {
      this._history.push(message);
      // Trim in batches so a flood costs O(1) per event, not O(limit).
      if (this._history.length >= limit * 2) this._history.splice(0, this._history.length - limit);
      this._historyChanged = true;
    }
    try {
      options.onMessage?.(message);
    } catch (error) {
      reportError(error);
    }
    let done = false;
    try {
      done = options.closeWhen?.(message) === true;
    } catch (error) {
      reportError(error);
    }
    if (done) this.close();
    else this._schedule();
  }

  private _schedule(): void {
    if (this._options.commit === 'event') this._publish();
    else onNextFrame(this._publish);
  }

  /** Publishes the snapshot now (an arrow: it is also the task that waits for the frame). */
  private readonly _publish = (): void => {
    cancelFrame(this._publish);
    this._set(this._compute(), call);
  };

  private _compute(isSupported = isTransportSupported(this._options)): EventSourceResult<T, S> {
    let status: SseStatus;
    let readyState: ReadyState = 2;
    if (this._url === undefined) status = 'idle';
    else if (!isSupported) status = 'unsupported';
    // A connection waiting for its first (deferred) open (status `idle`) is, to the user, connecting.
    else if (this._connectionState && this._connectionState.status !== 'idle')
      ({ status, readyState } = this._connectionState);
    else if (this._closed && !this._connectionState) status = 'closed';
    else if (this._options.enabled === false && !this._connectionState) status = 'idle';
    else {
      status = 'connecting';
      readyState = 0;
    }
    const limit = this._options.history ?? 0;
    let history = this._state?.history ?? EMPTY;
    if (this._historyChanged) {
      this._historyChanged = false;
      if (this._history.length > limit) this._history.splice(0, this._history.length - limit);
      history = this._history.length ? this._history.slice() : EMPTY;
    }
    return {
      status,
      readyState,
      isSupported,
      data: this._data,
      lastEvent: this._lastEvent,
      // Before a connection (the first render, enabled: false), the id the next request resumes from.
      lastEventId: this._lastEventId || (this._connection ? '' : (this._options.lastEventId ?? '')),
      error: this._error,
      history,
      state: this._folded,
      close: this.close,
      open: this.open,
    };
  }
}

const EMPTY: readonly never[] = [];
/** Whether a stream is over: closed, or failed. */
const ended = (status: string): boolean => status === 'closed' || status === 'failed';
/** The `parse` error of an event whose `parse` or `reduce` threw: it says which. */
const couldNot = (step: string, event: MessageEvent<string>, raw: string, cause: unknown): SseError =>
  new SseError('parse', `Could not ${step} "${event.type}" data: ${reasonOf(cause)}`, { event, cause, raw });
const eventsKey = (events: Options<unknown, unknown>['events']): string => eventTypes(events).join('\n');
