// The limit: Chromium's EventSource with no React and no library.
import { type BenchPage, floodMeter, nextTask, sources } from './common';

const page: BenchPage = {
  flood(url, n) {
    const meter = floodMeter(n);
    const source = new EventSource(url);
    source.onmessage = (event: MessageEvent<string>) => {
      if (meter.event(event.data)) {
        source.close();
        meter.committed(event.data, false);
      }
    };
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
