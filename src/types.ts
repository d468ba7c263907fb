import type { SseError } from './errors';

/**
 * The `readyState` of an EventSource: `0` CONNECTING, `1` OPEN, `2` CLOSED.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource-readystate
 */
export type ReadyState = 0 | 1 | 2;

/**
 * What the connection is doing, in words a UI can show.
 *
 * - `idle`: no url, or `enabled: false` before anything was opened.
 * - `unsupported`: there is no EventSource here and none was injected.
 * - `connecting`: the first request is under way.
 * - `open`: the server answered `200 text/event-stream`; events flow.
 * - `reconnecting`: the browser is re-establishing a dropped stream (it fired `error` with readyState
 *   CONNECTING), or a library retry after a terminal failure is scheduled or under way.
 * - `closed`: closed on purpose, by `close()`, `closeWhen` or `enabled: false`.
 * - `failed`: the connection failed for good (non-200 status, wrong content type) and no retry is left.
 */
export type SseStatus = 'idle' | 'unsupported' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

/** One server-sent event, with its data parsed. */
export interface SseMessage<T = string> {
  /** The event type: `message`, or the name from the `event:` field. */
  readonly type: string;
  /** The parsed data. */
  readonly data: T;
  /** The data exactly as the server sent it (lines joined by `\n`). */
  readonly raw: string;
  /** The last event id at the time of this event (it persists across events, as in the spec). */
  readonly lastEventId: string;
  /** The origin of the stream. */
  readonly origin: string;
}

/** The part of the EventSource interface this library uses; the DOM's `EventSource` satisfies it. */
export interface EventSourceLike {
  readonly readyState: number;
  readonly url: string;
  close(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/**
 * The options of a constructor the library knows nothing about: the DOM's `EventSourceInit`, or an object of any
 * options (polyfills accept more: `fetch`, `headers`, …). Typed options come from the constructor itself: see
 * {@link EventSourceInitOf}.
 */
export type EventSourceInitLike = EventSourceInit | { withCredentials?: boolean; [option: string]: unknown };

/**
 * An EventSource constructor whose options (its second argument) are `Init`: by default the DOM's `EventSourceInit`,
 * as the global `EventSource` takes them. The `eventsource` package's `EventSource` is an
 * `EventSourceConstructor<{ withCredentials?: boolean; fetch?: FetchLike }>`.
 */
export type EventSourceConstructor<Init = EventSourceInit> = new (url: string, init?: Init) => EventSourceLike;

/**
 * Any EventSource constructor, whatever options it takes: the bound of the `EventSource` option's type. (A
 * constructor whose options are `never` is one that every constructor can stand in for.)
 */
export type AnyEventSourceConstructor = EventSourceConstructor<never>;

/**
 * The options an EventSource constructor takes: the type of its second argument, without `undefined`. For the DOM's
 * `EventSource` that is `EventSourceInit`; for the `eventsource` package's, `{ withCredentials?: boolean; fetch?:
 * FetchLike }`. A constructor that says nothing of them (`never`) takes {@link EventSourceInitLike}.
 */
export type EventSourceInitOf<E extends AnyEventSourceConstructor> = E extends new (
  url: string,
  init?: infer Init,
) => EventSourceLike
  ? [Exclude<Init, undefined>] extends [never]
    ? EventSourceInitLike
    : Exclude<Init, undefined>
  : never;

/** Options for retrying after a terminal failure. */
export interface ReconnectOptions {
  /**
   * How many times to retry after the connection failed for good.
   * @defaultValue 5
   */
  attempts?: number | undefined;
  /**
   * Milliseconds to wait before retry number `attempt` (1-based), or a constant. A value that is not 0 or more
   * (`NaN`, negative) waits the default backoff instead, never "at once"; one above 2^31−1 ms waits 2^31−1 ms. A
   * function that throws ends the connection: status `failed`, with a `connection` error that says what it threw.
   * @defaultValue exponential from 1 s, doubling to a 30 s cap, with ±25 % jitter
   */
  delay?: number | ((attempt: number) => number) | undefined;
}

/**
 * A `parse` function: the event's data, and the event it came in. The event is typed `MessageEvent<string>`: every
 * EventSource delivers string data.
 */
export type ParseFunction<T> = (raw: string, event: MessageEvent<string>) => T;

/**
 * How `data` becomes `T`: `'text'` keeps the string (so only for a string `T`), `'json'` runs `JSON.parse`, or your
 * own function. (`useEventSource` takes `JSON.parse` itself as well.)
 */
export type ParseOption<T> = ([T] extends [string] ? 'text' : never) | 'json' | ParseFunction<T>;

/** `unknown` where `T` is `any` (what `JSON.parse` returns), so no `any` reaches `data`. */
export type AnyToUnknown<T> = 0 extends 1 & T ? unknown : T;

/**
 * The `url` of a `useEventSource<T>` call without `parse`: for a `T` that is not a string, not a url but the reason,
 * so that the compiler's message says it.
 */
export type TextUrl<T> = [T] extends [string]
  ? string | URL | null | undefined
  : "useEventSource<T>: a T that is not a string needs parse ('json', JSON.parse or a function); without parse, data is the string the server sent";

/**
 * The options of a `useEventSource<T>` call (a type argument for data) with an injected `EventSource`: its type is not
 * inferred then, so its options are any. Never for a call without a type argument (`T` is `never` there): those have
 * the `EventSource`'s own options.
 */
export type InjectedOptions<T> = [T] extends [never]
  ? never
  : UseEventSourceOptions<T, AnyEventSourceConstructor> & { EventSource: AnyEventSourceConstructor } & ([T] extends [
        string,
      ]
        ? unknown
        : { parse: ParseOption<T> });

/**
 * Options shared by the connection core and `useEventSource`. `E` is the type of the `EventSource` option, so
 * `eventSourceInit` is checked against the options that constructor takes; without one, the DOM's.
 */
export interface ConnectionOptions<E extends AnyEventSourceConstructor = EventSourceConstructor> {
  /**
   * Passed to the EventSource constructor.
   * @defaultValue false
   */
  withCredentials?: boolean | undefined;
  /**
   * What to do after a terminal failure (readyState CLOSED after `error`: a non-200 status or a wrong content type).
   * `true` means 5 attempts with exponential backoff. Transient drops are always left to the browser's own
   * reconnect, which honours the server's `retry:` and sends `Last-Event-ID`.
   * @defaultValue false
   */
  reconnect?: boolean | ReconnectOptions | undefined;
  /**
   * The EventSource implementation to use. Its type decides what `eventSourceInit` may hold. (Not used by the fetch
   * transport, nor is `eventSourceInit`.)
   * @defaultValue globalThis.EventSource
   */
  EventSource?: E | undefined;
  /**
   * The constructor's second argument, typed from the `EventSource` option (the DOM's `EventSourceInit` without
   * one), so a misspelt option is an error. Passed through with `withCredentials` merged in. A function is called for
   * every EventSource the library creates, with the last event id to resume from (`''` for none), so a fetch-based
   * EventSource can send it as the `Last-Event-ID` header: see {@link lastEventIdHeader}. The id is then kept across
   * the library's own reconnects.
   */
  eventSourceInit?: EventSourceInitOf<E> | ((lastEventId: string) => EventSourceInitOf<E>) | undefined;
  /**
   * Milliseconds of silence after which the connection is treated as dropped: no `open` while connecting, no event
   * while open. The library then closes the EventSource (status `reconnecting`, a `connection` error with
   * `willReconnect`) and opens a new one at once, resuming through `lastEventIdParam` (the fetch transport: the
   * `Last-Event-ID` header); this is not counted against `reconnect.attempts`. An EventSource never surfaces comment
   * lines, so there the server's heartbeat must be an event: one named `heartbeat` (`event: heartbeat` with `data:`)
   * counts without being delivered, and so does any event the hook listens to. The fetch transport hears comments
   * too: a `:` keep-alive line counts. Keep it above the server's `retry:`. Chromium throttles timers in hidden tabs
   * (to once a minute after five minutes hidden), so there a stall may be noticed late. Long timeouts (above 2^31−1
   * ms, about 24.8 days) are honoured; one that is not a positive finite number (0, negative, `NaN`, `Infinity`) is no
   * watchdog.
   * @defaultValue undefined (no watchdog)
   */
  heartbeatTimeout?: number | undefined;
  /**
   * `false`: a stream that ends or drops before it is complete is not requested again. The EventSource is closed
   * inside its `error` event, before the browser's reconnect, and the status is `failed`. For requests that start
   * work on the server (a POSTed question, a task), which a reconnect would run twice. Close on the last event
   * with `closeWhen`. `true` with the fetch transport sends such a request again, with `Last-Event-ID`, for servers
   * that resume.
   * @defaultValue true; `false` for a request with a `body` or a `method` other than GET
   */
  resume?: boolean | undefined;
  /**
   * A query parameter that carries the last event id on every connection the library opens itself (a `reconnect`
   * retry, a stall recovery, a back-forward-cache restore, an `online` reconnect, `open()` after `failed`, a
   * cross-tab handover) once an id is known: `<param>=<id>` is added to the url, or replaces the one there. The
   * browser's own reconnects are left alone: they send the `Last-Event-ID` header. Unset, urls are never touched.
   * Mercure reads `lastEventID`; better-sse and the Yaffle polyfill read `lastEventId`.
   */
  lastEventIdParam?: string | undefined;
  /**
   * The id to resume from on the first connection (one kept in `sessionStorage` across a reload, say). It is sent
   * through `lastEventIdParam`, and it is the starting `lastEventId` of the result.
   * @defaultValue ''
   */
  lastEventId?: string | undefined;
  /**
   * How the stream is requested. `'eventsource'`: the `EventSource` (the browser's, or the one injected with the
   * `EventSource` option). `'fetch'`: the library's own EventSource over `fetch` (loaded on first use), which can send
   * `headers`, a `method` and a `body`, reports the HTTP `status` and the `Response` of a failure (`error.status`,
   * `error.response`), counts comment lines (a `:` keep-alive) as heard for `heartbeatTimeout`, and sends the last
   * event id as the `Last-Event-ID` header on every request, the library's own reconnects included. Both follow the
   * WHATWG rules: a drop reconnects after `retry:`, a status other than 200 or a type other than `text/event-stream`
   * fails, 204 ends the stream. `headers`, `method` and `body` do not go with `'eventsource'`.
   * @defaultValue `'fetch'` when `headers`, `method` or `body` is given, else `'eventsource'`
   */
  transport?: 'eventsource' | 'fetch' | undefined;
  /**
   * Request headers (the fetch transport), or a function that returns them (maybe a Promise), called for every
   * request: the first, every reconnect, every `reconnect` retry, so a refreshed token is the one sent. `Accept`,
   * `Cache-Control` and `Last-Event-ID` are set by the library. A hook always sends its latest `headers`; a shared
   * connection (`share`) sends those of the hook that opened it.
   * @defaultValue undefined
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>) | undefined;
  /**
   * The request method (the fetch transport). A request with a method other than GET, or with a body, is never shared
   * and, by default (`resume`), never sent again after the answer ends early.
   * @defaultValue 'GET'
   */
  method?: string | undefined;
  /**
   * The request body (the fetch transport), or a function that returns it, called for every request (a stream can be
   * read once only).
   * @defaultValue undefined
   */
  body?: BodyInit | (() => BodyInit | Promise<BodyInit>) | undefined;
}

/**
 * Which options go with which `transport`: `headers`, `method` and `body` need the fetch transport, so with
 * `transport: 'eventsource'` they do not compile.
 */
export type TransportOptions =
  | { transport?: 'fetch' | undefined }
  | { transport?: 'eventsource' | undefined; headers?: never; method?: never; body?: never };

/**
 * Options of {@link useEventSource}: `T` is the type of `data`, `E` the type of the `EventSource` option (which types
 * `eventSourceInit`). `headers`, `method` and `body` do not go with `transport: 'eventsource'`.
 */
export type UseEventSourceOptions<
  T = string,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  S = undefined,
> = UseEventSourceOptionsBase<T, E, S> & TransportOptions & ReduceOptions<S>;

/** `reduce` goes with `initial`, the state it starts from (the type of `state`, `S`, is more than `undefined` then). */
export type ReduceOptions<S> = [S] extends [undefined] ? unknown : { initial: S };

/**
 * The options of {@link UseEventSourceOptions}, whatever the transport. `S` is the type of `state`, inferred from
 * `initial` and `reduce`.
 */
export interface UseEventSourceOptionsBase<
  T = string,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  S = undefined,
> extends ConnectionOptions<E> {
  /**
   * `false` keeps the hook `idle`, or closes an open connection (status `closed`).
   * @defaultValue true
   */
  enabled?: boolean | undefined;
  /**
   * Named event types to listen for, in addition to `message`.
   * @defaultValue []
   */
  events?: readonly string[] | undefined;
  /**
   * How `data` becomes `T`. A throw becomes an {@link SseError} of kind `parse`: that event is skipped and the
   * connection stays open.
   * @defaultValue 'text'
   */
  parse?: ParseOption<T> | undefined;
  /** Called when a connection opens. Always the latest function; changing it never reconnects. */
  onOpen?: ((event: Event) => void) | undefined;
  /** Called once for every event, in order, never coalesced. Always the latest function. */
  onMessage?: ((message: SseMessage<T>) => void) | undefined;
  /** Called for every error: connection, parse, unsupported, retries exhausted. Always the latest function. */
  onError?: ((error: SseError) => void) | undefined;
  /**
   * After delivering an event for which this returns true, the hook closes the connection (status `closed`),
   * so a finished stream is not re-requested by the browser's reconnect.
   */
  closeWhen?: ((message: SseMessage<T>) => boolean) | undefined;
  /**
   * Keep the last N messages in `result.history`.
   * @defaultValue 0
   */
  history?: number | undefined;
  /**
   * `true`: share one connection between the hooks of this tab with the same url, `withCredentials` and
   * EventSource constructor and transport. It is ref-counted and closed when the last hook lets go. Connection
   * options (`reconnect`, `eventSourceInit`, `headers`) come from the hook that opened it. A request with a `body` or
   * a `method` other than GET is never shared: each hook sends its own.
   *
   * `'tabs'`: share one connection between the hooks of every tab, window and frame of the origin with the same
   * absolute url and `withCredentials`. One tab, the leader, holds the EventSource and relays every event, in order,
   * and its status, error and last event id to the others over a `BroadcastChannel`; when it goes, another tab takes
   * over and resumes from the last id through `lastEventIdParam`. Connection options (`reconnect`,
   * `lastEventIdParam`, `heartbeatTimeout`, `EventSource`, `eventSourceInit`, `headers`) come from the leader's hook, so tabs
   * sharing a url must agree on them. Where there is one tab only (jsdom, a server) or no `BroadcastChannel`, it is
   * `true`. Every same-origin script can read a `BroadcastChannel`: do not share a stream whose contents are scoped
   * to one tab.
   * @defaultValue false
   */
  share?: boolean | 'tabs' | undefined;
  /**
   * `'frame'` commits state to React at most once per animation frame, however fast events arrive
   * (`onMessage` still runs for every event); `'event'` commits after every event.
   * @defaultValue 'frame'
   */
  commit?: 'frame' | 'event' | undefined;
  /**
   * Folds every event, in order, into `result.state`: `(state, message) => next state`, however many events arrive in
   * a frame (one commit a frame still). Return the same object for "no change": then `state` keeps its identity. A
   * throw is an {@link SseError} of kind `parse` that names `reduce`: that event is skipped, `state` is kept. Always
   * the latest function. Needs `initial`.
   * @defaultValue undefined (`state` is `undefined`)
   */
  reduce?: ((state: S, message: SseMessage<T>) => S) | undefined;
  /**
   * The `state` a fold starts from: on mount, on a new url, and on `open()` (or `enabled` again) after `closed` or
   * `failed`. A reconnect keeps the state: the stream resumes after the last event folded. Read only then.
   */
  initial?: S | undefined;
}

/**
 * What {@link useEventSource} returns. Its identity changes only when something in it changed. A component
 * re-renders only when a field it read changed (and, for `state` as a plain object or array, a key of it it read).
 */
export interface EventSourceResult<T = string, S = undefined> {
  /** What the connection is doing. */
  readonly status: SseStatus;
  /** The current source's readyState; `2` when there is none. */
  readonly readyState: ReadyState;
  /** Whether an EventSource is available (global or injected). */
  readonly isSupported: boolean;
  /** Parsed data of the latest event. */
  readonly data: T | undefined;
  /** The latest event. */
  readonly lastEvent: SseMessage<T> | undefined;
  /**
   * The last event id seen; it persists across events, as in the spec. Before the hook connects (the first render,
   * `enabled: false`), the `lastEventId` option: the id the next request resumes from.
   */
  readonly lastEventId: string;
  /** The latest error; cleared when a connection opens, and a `parse` error also when a later event parses. */
  readonly error: SseError | undefined;
  /** The last `history` messages, oldest first. */
  readonly history: readonly SseMessage<T>[];
  /** Every event folded by `reduce`, from `initial`; `undefined` without `reduce`. */
  readonly state: S;
  /** Close the connection (status `closed`). Stable identity. */
  readonly close: () => void;
  /** Open again after `close()` or `failed`. Stable identity. */
  readonly open: () => void;
}
