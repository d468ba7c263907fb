// The fetch transport in jsdom, on Node's fetch, against the real test server that the Chromium cases use
// (test/browser/server): the same cases (test/browser/fetchTransport.scenarios.tsx) as
// test/browser/fetch-transport.test.ts. The server is started here, once for the file, in this process: its stats are
// read directly. (A `.test.ts` file, so the react18 project, which runs `*.test.tsx`, does not run it twice.)
import { http, passthrough } from 'msw';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { describeFetchTransport } from '../browser/fetchTransport.scenarios';
import { type SseTestServer, startSseServer } from '../browser/server/server';
import { server as msw } from '../server';

let sse: SseTestServer;
beforeAll(async () => {
  sse = await startSseServer();
});
afterAll(() => sse.close());
// The MSW server of the unit tests answers every request or fails it (`onUnhandledRequest: 'error'`): requests to
// the real server go through to it. (Handlers added with `use` are reset after each test.)
beforeEach(() => msw.use(http.all(`${sse.url}/*`, () => passthrough())));

describeFetchTransport(() => ({
  url: (path, params = {}) => {
    const url = new URL(path, sse.url);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
    return url.href;
  },
  stats: async (key) => sse.stats(key),
}));
