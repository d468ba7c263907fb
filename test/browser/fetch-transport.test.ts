// The fetch transport in real Chromium (the browser's fetch, cross-origin) against the real test server; the same
// cases run in jsdom on Node's fetch (test/transport/real-server.test.ts).
import { expect, test, vi } from 'vitest';
import { describeFetchTransport } from './fetchTransport.scenarios';
import { mountProbe, newKey, serverStats, streamUrl, unmountAll } from './harness';

describeFetchTransport(() => ({ url: streamUrl, stats: serverStats }));

test('a cross-origin request of the fetch transport is preflighted: the server answers OPTIONS first', async () => {
  // The page and the server are on different ports. `Cache-Control` (always sent) and `Authorization` are not
  // CORS-safelisted request headers, so Chromium asks the server with OPTIONS before the GET.
  const key = newKey('preflight');
  const probe = mountProbe(streamUrl('/clock', { key, interval: 20 }), { headers: { Authorization: 'Bearer t' } });
  await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(1), { timeout: 5000 });
  const stats = await serverStats(key);
  expect(stats.preflights).toBe(1);
  expect(stats.total).toBe(1);
  expect(stats.requests[0]?.headers.authorization).toBe('Bearer t');
  unmountAll();
});
