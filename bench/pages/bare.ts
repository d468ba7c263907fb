// The limit: Chromium's EventSource with no React and no library. With `client: 'FetchEventSource'`, the same page
// reads the stream through the library's fetch transport (src/transport/fetchSource.ts, as the hooks construct it)
// with no React: the like-for-like limit of `transport: 'fetch'`.
import { FetchEventSource } from '../../src/transport/fetchSource';
import { type BenchPage, floodMeter, nextTask, sources } from './common';

const page: BenchPage = {
  flood(url, n, { client = 'EventSource' } = {}) {
    const meter = floodMeter(n);
    const source = client === 'FetchEventSource' ? new FetchEventSource(url) : new EventSource(url);
    source.addEventListener('message', (event) => {
      const { data } = event as MessageEvent<string>;
      if (meter.event(data)) {
        source.close();
        meter.committed(data, false);
      }
    });
    return meter.done;
  },
  async cycles(url, count) {
    const before = sources.created;
    for (let i = 0; i < count; i++) {
      const source = new EventSource(url);
      await nextTask();
      source.close();
    }
    return { created: sources.created - before, live: sources.live() };
  },
};
window.bench = page;
