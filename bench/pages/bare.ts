// The limit: Chromium's EventSource with no React and no library. The same page reads the stream, still with no
// React, through the library's fetch transport (`client: 'FetchEventSource'`: src/transport/fetchSource.ts, as the
// hooks construct it) or through `@microsoft/fetch-event-source` (`client: 'fetchEventSource'`): the like-for-like
// limits of `transport: 'fetch'` and of its peer.
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { FetchEventSource } from '../../src/transport/fetchSource';
import { type BenchPage, floodMeter, nextTask, sources } from './common';

const page: BenchPage = {
  flood(url, n, { client = 'EventSource' } = {}) {
    const meter = floodMeter(n);
    if (client === 'fetchEventSource') {
      const controller = new AbortController();
      void fetchEventSource(url, {
        signal: controller.signal,
        openWhenHidden: true,
        onmessage: ({ data }) => {
          if (meter.event(data)) {
            controller.abort();
            meter.committed(data, false);
          }
        },
      });
      return meter.done;
    }
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
