import { reasonOf, SseError } from './errors';
import { MAX_DELAY, type ReconnectPolicy, resolveReconnect } from './reconnect';
import { withLastEventId } from './resume';
import { EventStream } from './stream';
import { resolveEventSource } from './support';
import { fetchSource, loadFetchSource, startsWork, usesFetch } from './transport/load';
import type {
  AnyEventSourceConstructor,
  ConnectionOptions,
  EventSourceConstructor,
  EventSourceInitLike,
  EventSourceLike,
  TransportOptions,
} from './types';

export type { ConnectionListener, ConnectionState, EventHandler } from './stream';

/** Timer functions, injectable so tests can drive them. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  queueMicrotask(callback: () => void): void;
  /**
   * The current time in milliseconds, read by the stall watchdog (`heartbeatTimeout`), so a harness that drives the
   * timers drives its clock too.
   * @defaultValue Date.now
   */
  now?(): number;
}

/**
 * Configuration of a {@link SseConnection}. The core takes any EventSource with any options: `E` (the `EventSource`
 * option's type) types `eventSourceInit` where it is given. `headers`, `method` and `body` do not go with
 * `transport: 'eventsource'`.
 */
export type SseConnectionConfig<E extends AnyEventSourceConstructor = AnyEventSourceConstructor> =
  SseConnectionConfigBase<E> & TransportOptions;

/** The options of {@link SseConnectionConfig}, whatever the transport. */
export interface SseConnectionConfigBase<E extends AnyEventSourceConstructor = AnyEventSourceConstructor>
  extends ConnectionOptions<E> {
  timers?: Timers;
}

// A server may name an event "open" or "error"; browsers dispatch it as a MessageEvent of that type, which then
// reaches `open`/`error` listeners. Such an event is data, never a change of connection state.
const isServerEvent = (event: Event): boolean => 'data' in event;

/**
 * One EventSource connection, free of React: it owns the EventSource, its readyState, the last event id,
 * the retry timer after terminal failures and a reference count. Work starts on the first `retain()`
 * (deferred by a microtask, so a retain/release/retain burst, as in StrictMode, sends one request) and stops
 * on the last `release()`. `E`, the type of the `EventSource` option, types `eventSourceInit` (the DOM's options without
 * one).
 */
export class SseConnection<E extends AnyEventSourceConstructor = EventSourceConstructor> extends EventStream {
  /** The URL this connection requests. */
  declare readonly url: string;

  declare private _source: EventSourceLike | undefined;
  /**
   * The connection's one timer: the wait before a library retry while there is no source, the stall watchdog while
   * there is one. Detaching the source clears it.
   */
  declare private _timer: unknown;
  private _refs = 0;
  private _startToken = 0;
  declare private readonly _EventSource: EventSourceConstructor<EventSourceInitLike> | undefined;
  declare private readonly _policy: ReconnectPolicy | undefined;
  declare private readonly _timers: Timers;
  /** When something was last heard (an open, an event, a drop), for the stall watchdog (set with each new source). */
  declare private _heard: number;
  /** The stall watchdog's `heartbeatTimeout`; 0 for none. */
  declare private readonly _stall: number;

  declare private readonly _config: SseConnectionConfig;
  /** The browser's own EventSource, whose events carry the spec's persisted last event id. */
  declare private readonly _nativeIds: boolean;
  /** Whether the id goes along on connections the library opens: in the query, or in a header (an init function). */
  declare private readonly _resumes: boolean;
  /** The fetch transport (`transport`, or `headers`/`method`/`body` given): the library's FetchEventSource. */
  declare private readonly _fetch: boolean;

  constructor(url: string, config: SseConnectionConfig<E> = {}) {
    super();
    this.url = url;
    this._config = config;
    this._EventSource = resolveEventSource(config.EventSource);
    this._policy = resolveReconnect(config.reconnect);
    this._timers = config.timers ?? (globalThis as unknown as Timers);
    const stall = config.heartbeatTimeout ?? 0;
    // Not a positive finite number (0, negative, NaN, Infinity): no watchdog.
    this._stall = stall > 0 && stall < Infinity ? stall : 0;
    this.lastEventId = config.lastEventId ?? '';
    // The fetch transport keeps the spec's last event id (as the browser's EventSource does) and sends it as a header
    // on every request, also those the library opens.
    this._fetch = usesFetch(config);
    this._nativeIds = this._fetch || /\[native code\]/.test(String(this._EventSource));
    this._resumes = this._fetch || !!config.lastEventIdParam || typeof config.eventSourceInit === 'function';
    this._state = {
      status: this._EventSource || this._fetch ? 'idle' : 'unsupported',
      readyState: 2,
      error: undefined,
      attempt: 0,
    };
  }

  /** How many holders keep this connection alive. */
  get refCount(): number {
    return this._refs;
  }

  /** @internal */
  protected _types(type: string, added: boolean): void {
    this._source?.[added ? 'addEventListener' : 'removeEventListener'](type, this._dispatch);
  }

  /** Take a reference. The first one opens the connection, a microtask later. */
  retain(): void {
    if (++this._refs !== 1 || this._source || this._timer !== undefined) return;
    const token = ++this._startToken;
    // StrictMode mounts, unmounts and mounts again in one task. Opening a stream can start work on the server,
    // so the request waits for the burst to settle: a release before this microtask means no request at all.
    this._timers.queueMicrotask(() => {
      if (token === this._startToken && this._refs > 0 && !this._source) this.open();
    });
  }

  /** Drop a reference. The last one closes the connection. */
  release(): void {
    if (this._refs === 0 || --this._refs > 0) return;
    this._startToken += 1;
    if (this._source || this._timer !== undefined) this.close();
  }

  /** Open now: closes the current source if any, resets the retry count and connects. */
  open(): void {
    this._startToken += 1;
    this._detachSource();
    this._connect('connecting');
  }

  /** Close the connection and cancel a pending retry (status `closed`). */
  close(): void {
    this._startToken += 1;
    this._detachSource();
    this._listen('removeEventListener');
    this._setState({ status: 'closed', readyState: 2 });
  }

  private _connect(status: 'connecting' | 'reconnecting', attempt = 0): void {
    const EventSource = this._fetch ? fetchSource : this._EventSource;
    if (!EventSource) {
      if (this._fetch) {
        // The transport's code is loading (to the hook, the connection is connecting): connect when it is here, unless
        // the connection was closed or opened again since.
        const token = this._startToken;
        loadFetchSource().then(
          () => token === this._startToken && this._connect(status, attempt),
          (cause) => token === this._startToken && this._fail(new SseError('connection', String(cause), { cause })),
        );
      } else this._fail(new SseError('unsupported', 'EventSource is not supported in this environment'), 'unsupported');
      return;
    }
    const { lastEventIdParam: param, eventSourceInit: init } = this._config;
    // [spec] A new EventSource starts with an empty "last event ID string". Where the id goes along, in the query or
    // in a header (an init function gets it), the server resumes from it, so it is still this stream's id.
    if (!this._resumes) this.lastEventId = '';
    let source: EventSourceLike;
    // What runs: the url (with the id in the query), then the init function, then the constructor.
    let step = '';
    try {
      const url = param && this.lastEventId ? withLastEventId(this.url, param, this.lastEventId) : this.url;
      step = 'The eventSourceInit function';
      // The fetch transport takes `headers`, `method`, `body` and `withCredentials` from the options as they are, and
      // the id to send as `Last-Event-ID`.
      const options = this._fetch
        ? { ...(this._config as EventSourceInitLike), lastEventId: this.lastEventId }
        : {
            ...(typeof init === 'function' ? init(this.lastEventId) : init),
            withCredentials: !!this._config.withCredentials,
          };
      step = 'The EventSource constructor';
      source = new EventSource(url, options);
    } catch (cause) {
      // [spec] "If urlRecord is failure, then throw a 'SyntaxError' DOMException." That, or a url the URL API refuses,
      // is an invalid URL; anything else that threw is named. Either way it becomes state, never a throw.
      const invalid = !step || (step[4] === 'E' && (cause as Error | null)?.name === 'SyntaxError');
      const message = invalid ? `Invalid URL "${this.url}"` : `${step} threw: ${reasonOf(cause)}`;
      this._fail(new SseError('connection', message, { cause }));
      return;
    }
    this._source = source;
    this._wire(source, 'addEventListener');
    this._listen('addEventListener');
    this._beat();
    if (this._stall) this._arm(this._stall);
    this._setState({ status, readyState: 0, attempt });
  }

  /**
   * Replace the source now (if any), resuming, with the retry count as it is: a library retry when its wait is over, a
   * stall, a page back from the cache, the network back.
   */
  private readonly _reconnectNow = (): void => {
    this._detachSource();
    this._connect('reconnecting', this._state.attempt);
  };

  /**
   * A stall watchdog for streams that go silent (a dead proxy, a half-open TCP connection, a phone that changed
   * networks): the browser sees none of these, and its EventSource stays OPEN with nothing arriving. Everything heard
   * only writes a timestamp (without a watchdog, not even that: this runs for every event); one timer, armed with each
   * new source and re-armed for the time that is left, notices the silence.
   */
  private readonly _beat = (): void => {
    if (this._stall) this._heard = this._now();
  };

  private _now(): number {
    return this._timers.now?.() ?? Date.now();
  }

  /** The watchdog's timer, in `ms` or at most 2^31−1 ms (a longer wait is checked again then). */
  private _arm(ms: number): void {
    this._timer = this._timers.setTimeout(this._checkStall, Math.min(ms, MAX_DELAY));
  }

  private readonly _checkStall = (): void => {
    const ms = this._stall;
    const left = this._heard + ms - this._now();
    if (left > 0) {
      this._arm(left);
      return;
    }
    // A drop the browser did not notice: the library closes the source and opens a new one, which resumes through
    // lastEventIdParam. Not counted against `reconnect.attempts`. (Either detaches the source, clearing the timer.)
    this._drop(`No event for ${ms} ms: the stream seems stalled`);
    if (this._source) this._reconnectNow();
  };

  /**
   * The page events after which a connection should be made again at once, listened to only while a connection
   * exists: `pageshow` from the back-forward cache (Safari closes EventSources when a page enters it, and Chrome is
   * moving the same way, whatwg/html#12363) and `online` (the network is back: no need to wait out a delay). Never an
   * `unload` listener, which would keep the page out of the cache. (Adding a listener twice adds it once.)
   */
  private _listen(method: 'addEventListener' | 'removeEventListener'): void {
    if (typeof window === 'undefined') return;
    window[method]('pageshow', this._handlePage);
    window[method]('online', this._handlePage);
  }

  private readonly _handlePage = (event: Event): void => {
    const readyState = this._source?.readyState;
    // Back from the cache (`persisted`; a normal load's pageshow is not), a source that is not open is closed or stuck.
    // Online (an Event without `persisted`), a reconnect need not wait. Replacing a source that the browser is
    // reconnecting would lose its Last-Event-ID, unless the id goes along.
    if (
      readyState !== 1 &&
      ((event as Partial<PageTransitionEvent>).persisted ?? this._state.status === 'reconnecting') &&
      (readyState !== 0 || !this.lastEventId || this._resumes)
    )
      this._reconnectNow();
  };

  /** A drop: the browser reconnects by itself, or the library does after a stall. With `resume: false`, the end. */
  private _drop(reason: string, event?: Event, status?: number): void {
    const work = startsWork(this._config);
    if (!(this._config.resume ?? !work)) {
      // [spec] After a drop the browser waits `retry` ms and requests the URL again. Where a request starts work on
      // the server (a task, a POSTed question), that would run it twice: closing now, inside the error event, means
      // the reconnect never happens.
      this._detachSource();
      // A request that started work on the server (a POSTed question) ended before its answer did: say so.
      const end = work ? ': the answer ended early and was not requested again' : '; not reconnecting';
      this._fail(new SseError('connection', `${reason}${end}`, { event, status }));
      return;
    }
    const error = new SseError('connection', `${reason}; reconnecting`, { event, willReconnect: true, status });
    this._setState({ status: 'reconnecting', readyState: 0, error });
    this._emit('error', error);
  }

  private readonly _handleOpen = (event: Event): void => {
    if (isServerEvent(event) || !this._source) return;
    // [spec] "announce the connection": readyState OPEN, fire `open`. A successful open resets the retry count.
    this._beat();
    this._setState({ status: 'open', readyState: 1, error: undefined, attempt: 0 });
    this._emit('open', event);
  };

  private readonly _handleError = (event: Event): void => {
    const source = this._source;
    if (isServerEvent(event) || !source) return;
    const code = (event as { code?: unknown }).code;
    const { message: detail, response } = event as { message?: unknown; response?: Response };
    const status = typeof code === 'number' ? code : undefined;
    if (source.readyState !== 2) {
      // [spec] "reestablish the connection": readyState CONNECTING, fire `error`, wait `retry` ms, request again
      // with Last-Event-ID. The browser does this itself; closing here would lose the stream and its id.
      this._beat();
      this._drop('The connection was lost', event, status);
      return;
    }
    // [spec] "fail the connection": readyState CLOSED, fire `error`, and the user agent never reconnects.
    // That happens for a non-200 status or a Content-Type other than text/event-stream.
    this._detachSource();
    // [spec] A 204 is the server saying "no more events": never retried, and never counted as a failed retry.
    // (Browsers don't report the status; the `eventsource` package does.)
    const done = status === 204;
    // The fetch transport's message is a sentence of its own ("The server answered 401 Unauthorized").
    const reason = done
      ? 'The server answered 204 No Content: the stream is over'
      : this._fetch
        ? (detail as string)
        : `The stream failed: ${typeof detail === 'string' && detail ? detail : 'a non-200 status or a wrong content type'}`;
    const policy = done ? undefined : this._policy;
    const attempt = this._state.attempt;
    if (policy && attempt < policy.attempts) {
      const next = attempt + 1;
      let delay: number;
      try {
        delay = policy.delay(next);
      } catch (cause) {
        // A user function that threw: reported, and the end of this connection (its page listeners go with it).
        const message = `${reason}. The reconnect.delay function threw: ${reasonOf(cause)}`;
        this._fail(new SseError('connection', message, { event, cause, status }));
        return;
      }
      const error = new SseError('connection', `${reason}. Retry ${next} of ${policy.attempts} in ${delay} ms`, {
        event,
        willReconnect: true,
        status,
        response,
      });
      this._timer = this._timers.setTimeout(this._reconnectNow, delay);
      this._setState({ status: 'reconnecting', readyState: 2, error, attempt: next });
      this._emit('error', error);
      return;
    }
    const cause = new SseError('connection', reason, { event, status, response });
    const error = policy
      ? new SseError('retries-exhausted', `Gave up after ${policy.attempts} retries. ${reason}`, {
          event,
          cause,
          status,
          response,
        })
      : cause;
    this._fail(error);
  };

  private readonly _dispatch = (received: Event): void => {
    if (!isServerEvent(received)) return;
    const event = received as MessageEvent<string>;
    // [spec] The event's lastEventId is the source's "last event ID string": it persists across events without an
    // id, an empty `id:` field resets it, and it is what the next reconnect sends. Browsers' own EventSource does
    // this, so it is taken as it is. Some polyfills (the `eventsource` package before 5) report the event's own id
    // instead, "" for an event without one, while they keep sending the old id: with them "" keeps the old id.
    if (event.lastEventId || this._nativeIds) this.lastEventId = event.lastEventId;
    this._beat();
    this._deliver(event.type, event, this.lastEventId);
  };

  private _fail(error: SseError, status: 'failed' | 'unsupported' = 'failed'): void {
    this._listen('removeEventListener');
    this._setState({ status, readyState: 2, error });
    this._emit('error', error);
  }

  private _detachSource(): void {
    this._timers.clearTimeout(this._timer);
    this._timer = undefined;
    const source = this._source;
    if (!source) return;
    this._source = undefined;
    this._wire(source, 'removeEventListener');
    source.close();
  }

  /** The listeners on a source: its open and error, every type a hook listens to, and `heartbeat`. */
  private _wire(source: EventSourceLike, method: 'addEventListener' | 'removeEventListener'): void {
    source[method]('open', this._handleOpen);
    source[method]('error', this._handleError);
    for (const type of this._handlers.keys()) source[method](type, this._dispatch);
    // An event named `heartbeat` counts as heard even when no hook listens to it (then it is not delivered): a server
    // can keep the stream alive without touching `data`.
    source[method]('heartbeat', this._beat);
    // The fetch transport hears comment lines (a `:` keep-alive every ~15 s is the spec's own advice); they count too.
    source[method]('comment', this._beat);
  }
}
