import type { FetchEventSource } from './fetchSource';

/** A `fetch` function: the global one, or one of your own (a test double, a wrapper that logs). */
export type FetchFunction = (input: Request) => Promise<Response>;

/** Options of {@link FetchEventSource}, the constructor's second argument. */
export interface FetchEventSourceInit {
  /**
   * Send cookies and HTTP auth to other origins too (`credentials: 'include'`), as EventSource's `withCredentials`
   * does; otherwise `'same-origin'`.
   * @defaultValue false
   */
  withCredentials?: boolean | undefined;
  /**
   * Request headers, or a function that returns them, called for every request (the first and every reconnect), so
   * a refreshed token is the one sent. `Accept`, `Cache-Control` and `Last-Event-ID` are set by the source.
   * @defaultValue undefined
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>) | undefined;
  /**
   * The request method.
   * @defaultValue 'GET'
   */
  method?: string | undefined;
  /**
   * The request body, or a function that returns it, called for every request (a stream can be read once only).
   * @defaultValue undefined
   */
  body?: BodyInit | (() => BodyInit | Promise<BodyInit>) | undefined;
  /**
   * The `fetch` to call, with a `Request`. Looked up when each request starts, so a mock installed later counts.
   * @defaultValue globalThis.fetch
   */
  fetch?: FetchFunction | undefined;
  /**
   * The last event ID string to start with: sent as `Last-Event-ID` on the first request, and the `lastEventId` of
   * events until the server sets one. For a connection that resumes a stream another source was reading.
   * @defaultValue ''
   */
  lastEventId?: string | undefined;
}

/**
 * The `error` event of a {@link FetchEventSource}. After a drop (readyState CONNECTING) it has a `message` and maybe
 * the `cause`; after a failure (readyState CLOSED) it also has the HTTP `status` (as `code` too, like the `eventsource`
 * package's) and the `Response`, whose body is left unread for you (a 401's JSON, say).
 */
export interface FetchErrorEvent extends Event {
  /** What happened, in a sentence that can be shown as it is. */
  readonly message: string;
  /** The HTTP status of a failed response. */
  readonly status?: number;
  /** The same as `status`, under the name the `eventsource` package uses. */
  readonly code?: number;
  /** The failed response, its body unread. */
  readonly response?: Response;
  /** The error behind it: a network error, or what a `headers` or `body` function threw. */
  readonly cause?: unknown;
}

/** The `comment` event of a {@link FetchEventSource}: a line starting with `:`, often a keep-alive. */
export interface CommentEvent extends Event {
  /** The text after the colon (and one space). */
  readonly comment: string;
}
