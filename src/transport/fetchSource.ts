// eventsource-parser 4 (under an alias: the package's runtime dependency was 3, and the `eventsource` package used in
// tests needs 3) is bundled into this chunk: it is ESM only and declares Node >= 22.12, where its code runs on Node 18 and
// 20 too, and users install nothing.
import { createParser } from 'eventsource-parser-4';
import type { EventSourceLike, ReadyState } from '../types';
import { eventStreamRequest } from './request';
import type { FetchErrorEvent, FetchEventSourceInit, FetchFunction } from './types';

export type { CommentEvent, FetchErrorEvent, FetchEventSourceInit, FetchFunction } from './types';

type Detail = Omit<FetchErrorEvent, keyof Event>;

/**
 * An EventSource over `fetch`: the WHATWG EventSource's semantics (readyState, `open`, `error`, events with a
 * `MessageEvent`'s `data`, `origin` and `lastEventId`, the last event ID, `retry:`, reconnecting after a drop, failing
 * on a bad status or type), with what EventSource cannot do: headers, a method and a body, the status and the
 * `Response` of a failure, and comment lines (a `comment` event). The stream is parsed by `eventsource-parser` (4, bundled).
 */
export class FetchEventSource extends EventTarget implements EventSourceLike {
  /** The absolute URL requested. */
  declare readonly url: string;
  /** Whether other origins get credentials (`credentials: 'include'`). */
  declare readonly withCredentials: boolean;

  private _state: ReadyState = 0;
  /** [spec] The "last event ID string": it persists across events and is sent as `Last-Event-ID`. */
  declare private _id: string;
  /** [spec] The "reconnection time", in milliseconds: browsers start at a few seconds; `retry:` sets it. */
  private _retry = 3000;
  /** Aborts the request that is under way (none after a failure, so a failed response's body stays readable). */
  declare private _abort: AbortController | undefined;
  declare private _timer: ReturnType<typeof setTimeout> | undefined;
  declare private readonly _init: FetchEventSourceInit;

  /**
   * Start the first request (in the background: listeners added now hear its `open`).
   * @throws a `SyntaxError` DOMException for a url that does not parse, as EventSource does
   */
  constructor(url: string | URL, init: FetchEventSourceInit = {}) {
    super();
    const scope = globalThis as { document?: { baseURI: string }; location?: { href: string } };
    try {
      // [spec] "Let urlRecord be the result of encoding-parsing a URL given url, relative to settings." (the document's
      // base URL, so a <base href> counts; in a worker its location; in Node only an absolute url parses)
      this.url = new URL(url, scope.document?.baseURI ?? scope.location?.href).href;
    } catch {
      // [spec] "If urlRecord is failure, then throw a 'SyntaxError' DOMException."
      throw new DOMException(`Invalid URL "${url}"`, 'SyntaxError');
    }
    this.withCredentials = !!init.withCredentials;
    this._init = init;
    this._id = init.lastEventId ?? '';
    // [spec] The fetch runs "in parallel" and its events are queued tasks: listeners added after the constructor
    // returns hear them, also a failure of a `headers` function that throws at once.
    queueMicrotask(() => void this._connect());
  }

  /** `0` CONNECTING, `1` OPEN, `2` CLOSED. */
  get readyState(): ReadyState {
    return this._state;
  }

  /** Close: abort the request under way (the server sees the connection end) and never reconnect. */
  close(): void {
    // [spec] "abort any instances of the fetch algorithm started for this EventSource object, and set the readyState
    // attribute to CLOSED."
    this._state = 2;
    clearTimeout(this._timer);
    this._abort?.abort();
    this._abort = undefined;
  }

  private async _connect(): Promise<void> {
    // Closed before the first request started (in the constructor's task): nothing is requested.
    if (this._state === 2) return;
    const init = this._init;
    const abort = new AbortController();
    const { signal } = abort;
    this._abort = abort;
    let request: Request;
    let fetchFn: FetchFunction;
    try {
      fetchFn = init.fetch ?? fetch;
      request = await eventStreamRequest(this.url, init, this._id, signal);
    } catch (cause) {
      // A `headers` or `body` function threw, or the request cannot be made (a GET with a body, a bad header name):
      // asking again would fail the same way.
      if (!signal.aborted) this._fail({ message: `The request could not be made: ${String(cause)}`, cause });
      return;
    }
    if (signal.aborted) return;
    let response: Response;
    try {
      response = await fetchFn(request);
    } catch (cause) {
      // [spec] "if res is a network error, then reestablish the connection"
      this._lost(signal, 'The request failed', cause);
      return;
    }
    if (signal.aborted) return;
    const { status } = response;
    const type = response.headers.get('Content-Type');
    // [spec] "if res's status is not 200, or if res's `Content-Type` is not `text/event-stream`, then fail the
    // connection." (The type's essence: parameters such as a charset do not count.)
    if (status !== 200 || !/^text\/event-stream\s*(;|$)/i.test(type ?? '')) {
      // The body is the caller's to read (a 401's JSON): closing the source no longer aborts it.
      this._abort = undefined;
      this._fail({
        message:
          status !== 200
            ? `The server answered ${status} ${response.statusText}`.trim()
            : `The server answered with ${type ? `the content type ${type}` : 'no content type'}, not text/event-stream`,
        status,
        code: status,
        response,
      });
      return;
    }
    // [spec] "announce the connection": "if the readyState attribute is set to a value other than CLOSED, sets the
    // readyState attribute to OPEN and fires an event named open"
    this._state = 1;
    this.dispatchEvent(new Event('open'));
    if (signal.aborted) return;
    await this._read(response, signal);
  }

  /** Interpret the body as an event stream until it ends, drops or is aborted. */
  private async _read(response: Response, signal: AbortSignal): Promise<void> {
    // [spec] The origin of events is "the serialization of the origin of the event stream's final URL".
    const origin = new URL(response.url || this.url).origin;
    const parser = createParser({
      // [spec] "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the field value."
      // The buffer is not reset at a blank line; the parser reports the id of each block that has one (before its
      // event, and also for a block without data: "dispatch the event" sets the last event ID string before it
      // returns for empty data), so an event without `id:` keeps the last one and an empty `id:` resets it.
      onId: (id) => {
        this._id = id;
      },
      onEvent: ({ event, data }) => {
        // [spec] "Queue a task which, if the readyState attribute is set to a value other than CLOSED, dispatches the
        // newly created event" with type "message" unless the event type buffer has another value, data, origin, and
        // lastEventId "the last event ID string of the event source". (The parser dispatches no block without data.)
        // An Event with a MessageEvent's fields, not a DOM MessageEvent: Chromium takes about 10 µs to construct one,
        // which in a flood was most of the transport's time (as for the tabs' followers, src/tabs/view.ts).
        if (this._state !== 2)
          this.dispatchEvent(Object.assign(new Event(event ?? 'message'), { data, origin, lastEventId: this._id }));
      },
      // [spec] "If the field value consists of only ASCII digits, then ... set the event stream's reconnection time"
      onRetry: (ms) => {
        this._retry = ms;
      },
      // Comments never reach an EventSource's listeners; here they do, so a keep-alive can prove the stream alive.
      onComment: (comment) => {
        if (this._state !== 2) this.dispatchEvent(Object.assign(new Event('comment'), { comment }));
      },
    });
    // [spec] The stream is decoded with "UTF-8 decode", which strips one leading BOM. The parser strips one (also when
    // it is split across chunks), so TextDecoder keeps it (`ignoreBOM`): two would strip a second one. TextDecoder
    // carries a character split across chunks over to the next one.
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    try {
      // A 200 without a body (`null`) is a stream that ended at once.
      const reader = response.body?.getReader();
      if (reader)
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          // [spec] A line ends at CRLF, LF or CR. The parser dispatches a line that ends a chunk with CR at once, and
          // drops the LF that may start the next chunk: a stream ending its lines with CR alone never waits.
          parser.feed(decoder.decode(value, { stream: true }));
          if (this._state === 2) return;
        }
    } catch (cause) {
      this._lost(signal, 'The connection was lost', cause);
      return;
    }
    // [spec] "Once the end of the file is reached, any pending data must be discarded." Then, as for a drop,
    // "reestablish the connection".
    this._lost(signal, 'The server ended the stream');
  }

  /** [spec] "reestablish the connection", unless the source was closed (its abort is no drop). */
  private _lost(signal: AbortSignal, message: string, cause?: unknown): void {
    if (signal.aborted || this._state === 2) return;
    // [spec] "If the readyState attribute is set to CLOSED, abort the task. Set the readyState attribute to
    // CONNECTING. Fire an event named error at the EventSource object. Wait a delay equal to the reconnection time of
    // the event source." Then, "if the EventSource object's readyState attribute is not set to CONNECTING, then
    // return", else fetch again with Last-Event-ID.
    this._state = 0;
    this._error({ message: `${message}; reconnecting in ${this._retry} ms`, cause });
    if (this._state === 0) this._timer = setTimeout(() => void this._connect(), this._retry);
  }

  /** [spec] "fail the connection": readyState CLOSED, fire `error`, never reconnect. */
  private _fail(detail: Detail): void {
    if (this._state === 2) return;
    this._state = 2;
    this._error(detail);
  }

  private _error(detail: Detail): void {
    this.dispatchEvent(Object.assign(new Event('error'), detail));
  }
}
