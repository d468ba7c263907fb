import { EventSource as FetchEventSource } from 'eventsource';

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
  global.EventSource = FetchEventSource;
  return true;
}
