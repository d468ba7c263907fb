// The fetch transport in real Chromium (the browser's fetch, cross-origin) against the real test server; the same
// cases run in jsdom on Node's fetch (test/transport/real-server.test.ts). Then what only a browser does: CORS.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { describeFetchTransport } from './fetchTransport.scenarios';
import { mountProbe, newKey, serverStats, streamUrl, unmountAll } from './harness';

describeFetchTransport(() => ({ url: streamUrl, stats: serverStats }));

// The page (Vitest's) and the server are on different ports: every request here is cross-origin. `Cache-Control`
// (always sent), `Last-Event-ID` and `Authorization` are not CORS-safelisted request headers, so Chromium asks the
// server with OPTIONS first (docs/headers-post-auth.md).
describe('cross-origin: the CORS preflight', () => {
  afterEach(unmountAll);

  test('the request is preflighted, and sent once the server allows its headers', async () => {
    const key = newKey('preflight');
    const probe = mountProbe(streamUrl('/clock', { key, interval: 20 }), { headers: { Authorization: 'Bearer t' } });
    await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    const stats = await serverStats(key);
    expect(stats.preflights).toBe(1);
    expect(stats.total).toBe(1);
    expect(stats.requests[0]?.headers.authorization).toBe('Bearer t');
  });

  test('a header the server does not allow: the request is never sent, and the hook keeps reconnecting', async () => {
    const key = newKey('preflight-refused');
    const probe = mountProbe(streamUrl('/clock', { key }), { headers: { 'X-Not-Allowed': 'yes' } });
    await vi.waitFor(() => expect(probe.result.status).toBe('reconnecting'), { timeout: 5000 });
    const stats = await serverStats(key);
    expect(stats.preflights).toBe(1);
    expect(stats.total).toBe(0);
  });
});
