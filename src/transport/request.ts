import type { FetchEventSourceInit } from './types';

// A function is called, and so is a function it returns: the hooks pass `headers` as a function that returns the
// latest option, which may be the user's function.
const resolve = async <T>(value: T | (() => T | Promise<T>)): Promise<T> =>
  typeof value === 'function' ? resolve(await (value as () => T | Promise<T>)()) : value;

/**
 * The request of one connection attempt, as the spec's EventSource constructor builds it, with the caller's method,
 * headers and body: `headers` and `body` functions are called now, so every attempt sends fresh ones.
 * @throws what a `headers` or `body` function throws, or a `TypeError` for a request that cannot be made (a GET with
 * a body, a header name that is not a token)
 */
export async function eventStreamRequest(
  url: string,
  init: FetchEventSourceInit,
  lastEventId: string,
  signal: AbortSignal,
): Promise<Request> {
  const headers = new Headers(await resolve(init.headers));
  // [spec] "Set (`Accept`, `text/event-stream`) in request's header list." "User agents should use the
  // `Cache-Control: no-cache` header in requests."
  headers.set('Accept', 'text/event-stream');
  // From a script, unlike from EventSource itself, `Cache-Control` and `Last-Event-ID` are not CORS-safelisted: a
  // cross-origin request is preflighted (as it is for an `Authorization` header anyway).
  headers.set('Cache-Control', 'no-cache');
  // [spec] "If the EventSource object's last event ID string is not the empty string, then: Let lastEventIDValue be
  // the EventSource object's last event ID string, encoded as UTF-8. Set (`Last-Event-ID`, lastEventIDValue) in
  // request's header list." A header value is a ByteString: one character a byte.
  if (lastEventId) headers.set('Last-Event-ID', String.fromCharCode(...new TextEncoder().encode(lastEventId)));
  const body = await resolve(init.body);
  return new Request(url, {
    method: init.method ?? 'GET',
    headers,
    body: body ?? null,
    // [spec] "creating a potential-CORS request" with corsAttributeState Use Credentials when withCredentials is true
    // (credentials mode "include"), else Anonymous ("same-origin"); "Set request's cache mode to "no-store"."
    credentials: init.withCredentials ? 'include' : 'same-origin',
    cache: 'no-store',
    signal,
    // Node's fetch requires it for a stream body; browsers ignore it.
    duplex: 'half',
  } as RequestInit);
}
