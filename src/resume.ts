/**
 * `url` resolved as EventSource resolves it: against the document's base URL (so a `<base href>` counts), in a worker
 * against its location, and where there is neither (Node) only an absolute url. Throws on an invalid url.
 */
export function absoluteUrl(url: string): URL {
  const scope = globalThis as { document?: { baseURI: string }; location?: { href: string } };
  return new URL(url, scope.document?.baseURI ?? scope.location?.href);
}

/**
 * `url` with `param=<id>` in its query string: added, or replacing every earlier value of `param`, with the other
 * params and the fragment kept. A relative url is resolved against the document, as EventSource itself resolves it
 * (so the request is the same). This is how a connection that the library opens itself resumes: a native
 * EventSource cannot send `Last-Event-ID` on a request it did not make, so the id goes in the query, where Mercure
 * (`lastEventID`), better-sse and the Yaffle polyfill (`lastEventId`) read it.
 */
export function withLastEventId(url: string, param: string, id: string): string {
  const resolved = absoluteUrl(url);
  resolved.searchParams.set(param, id);
  return resolved.href;
}

/** A `fetch` function, as the `eventsource` package's `fetch` option takes it. */
export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * An `eventSourceInit` for a fetch-based EventSource (the `eventsource` package) that sends the last event id as the
 * `Last-Event-ID` header on the connections the library opens itself (a `reconnect` retry, a stall recovery, `open()`
 * after `failed`), as the browser does on its own reconnects. The EventSource's own reconnects keep their header. The
 * id goes as its UTF-8 bytes, as the spec says and browsers send it, so any id works (`fetch` refuses a header value
 * above U+00FF as it is).
 *
 * @example
 * import { EventSource } from 'eventsource';
 * useEventSource(url, { EventSource, eventSourceInit: lastEventIdHeader(), reconnect: true });
 */
export function lastEventIdHeader(fetchImpl?: FetchFunction): (lastEventId: string) => { fetch: FetchFunction } {
  return (lastEventId) => ({
    fetch: (input, init) => {
      const headers: Record<string, string> = {
        ...(lastEventId && { 'Last-Event-ID': utf8Bytes(lastEventId) }),
        ...(init?.headers as Record<string, string>),
      };
      // The EventSource's own reconnects set the header themselves. `eventsource` 4 puts the id there as it is, and
      // fetch throws on a character above U+00FF, so such an id goes as its UTF-8 bytes too. (One within Latin-1 is
      // left alone: it may already be bytes, as eventsource 5 sends them.)
      const own = headers['Last-Event-ID'];
      if (own && /[^\0-\xff]/.test(own)) headers['Last-Event-ID'] = utf8Bytes(own);
      return (fetchImpl ?? globalThis.fetch)(input, { ...init, headers });
    },
  });
}

/**
 * [spec] "`Last-Event-ID` ... set to the last event ID string, encoded as UTF-8." Header values are ByteStrings, one
 * character a byte, so the id's UTF-8 bytes go as one Latin-1 character each (`ü` as `Ã¼`), which a server reading
 * the header as UTF-8 reads back as the id.
 */
const utf8Bytes = (id: string): string => String.fromCharCode(...new TextEncoder().encode(id));
