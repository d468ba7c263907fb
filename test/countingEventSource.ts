/**
 * The global (jsdom: the `eventsource` package's) EventSource, counting constructions. In a browser the constructor
 * starts the request at once, so a source closed right away can still reach the server; jsdom's fetch starts later,
 * so tests count constructions as well as the requests the mock server saw.
 */
export function countingEventSource() {
  const urls: string[] = [];
  class CountingEventSource extends EventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      urls.push(String(url));
      super(url, init);
    }
  }
  return { EventSource: CountingEventSource, urls };
}
