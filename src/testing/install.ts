import { EventSource as FetchEventSource, type FetchLike } from 'eventsource';

/**
 * The request header by which the kit's mocks tell one EventSource from another: the EventSource that
 * {@link installEventSource} installs sends it on every request, reconnects included. A reconnect then continues its
 * own run of a script, also before any id was sent, and a new EventSource always starts from the beginning.
 */
export const CLIENT_HEADER = 'x-react-sse-kit-client';

let clients = 0;

/** The `eventsource` package, with every request of one instance tagged by {@link CLIENT_HEADER}. */
class KitEventSource extends FetchEventSource {
  constructor(url: string | URL, init?: EventSourceInit & { fetch?: FetchLike }) {
    const client = String(++clients);
    super(url, {
      ...init,
      // Looked up at call time: MSW replaces the global fetch when its server starts listening.
      fetch: (input, options) =>
        (init?.fetch ?? globalThis.fetch)(input, {
          ...options,
          headers: { ...options?.headers, [CLIENT_HEADER]: client },
        }),
    });
  }
}

/**
 * Makes a jsdom (or Node) test environment ready for Server-Sent Events: installs the `eventsource` package as
 * `globalThis.EventSource` when there is none. It is fetch-based, so MSW intercepts its requests, and relative
 * URLs resolve against jsdom's `location`. Returns whether it installed anything.
 *
 * Call it in a setup file, before any module builds an MSW `sse()` handler (MSW checks for EventSource when the
 * handler is created). The stream factories of this module call it for you.
 */
export function installEventSource(): boolean {
  const global = globalThis as { EventSource?: unknown };
  if (typeof global.EventSource === 'function') return false;
  global.EventSource = KitEventSource;
  return true;
}
