// The fault matrix: useEventSource in real Chromium (its own EventSource) against a real SSE server
// (test/browser/server). Each case asserts what the user sees (status, error, events) and what the server saw
// (connections, Last-Event-ID). The matrix is printed as a table when the file ends.

import type { TestContext } from 'vitest';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SseStatus } from '../../src';
import {
  idsOf,
  isConsecutive,
  mountProbe,
  newKey,
  nextTask,
  type Probe,
  serverDown,
  serverStats,
  streamUrl,
  trackEventSources,
  unmountAll,
} from './harness';
import { bigPayload, PROGRESS_COMPLETE, TRICKLE_EVENTS, UNICODE_EVENTS } from './server/fixtures';

interface Row {
  status: string;
  error: string;
  requests: string;
  lastEventIds: string;
  events: string;
}
const rows = new Map<string, Row & { ok: boolean; ms: number }>();
let started = 0;

/** Record this case's line of the matrix (call at the end of a case, after its assertions). */
function row(ctx: TestContext, entry: Row): void {
  rows.set(ctx.task.name, { ...entry, ok: true, ms: 0 });
}

const wait = { timeout: 10_000, interval: 10 } as const;

/** Wait until the probe's committed status is `status`. */
const untilStatus = <T,>(probe: Probe<T>, status: SseStatus) =>
  vi.waitFor(() => expect(probe.result.status).toBe(status), wait);

/** Wait until the server sees `open` connections for `key`. */
const untilServerOpen = (key: string, open: number) =>
  vi.waitFor(async () => expect((await serverStats(key)).open).toBe(open), wait);

const errorText = <T,>(probe: Probe<T>): string => {
  const error = probe.result.error;
  return error ? `${error.kind}${error.willReconnect ? ' (will reconnect)' : ''}` : '-';
};
const leids = (requests: readonly { lastEventId: string | null }[]): string =>
  requests.map((r) => r.lastEventId ?? '∅').join(',');
const span = (ids: readonly number[]): string =>
  ids.length ? `${ids.length} (ids ${ids[0]}..${ids[ids.length - 1]})` : '0';

beforeEach(() => {
  started = performance.now();
});

afterEach((ctx) => {
  unmountAll();
  const entry = rows.get(ctx.task.name);
  const ms = Math.round(performance.now() - started);
  if (entry && ctx.task.result?.state !== 'fail') entry.ms = ms;
  else
    rows.set(ctx.task.name, { status: '?', error: '?', requests: '?', lastEventIds: '?', events: '?', ok: false, ms });
});

afterAll(() => {
  const header = [
    'case',
    'status',
    'error',
    'server: requests / open at end',
    'Last-Event-ID sent',
    'events delivered',
    'ms',
    '',
  ];
  const lines = [...rows].map(([name, r]) => [
    name,
    r.status,
    r.error,
    r.requests,
    r.lastEventIds,
    r.events,
    String(r.ms),
    r.ok ? '✓' : '✗',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...(l[i] ?? '')].length)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  const table = [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
  console.log(
    `\nFault matrix: useEventSource in Chromium ${navigator.userAgent.match(/Chrome\/(\d+)/)?.[1] ?? ''} against a real server\n${table}\n`,
  );
});

describe('fault matrix in real Chromium', () => {
  test('drop mid-stream: the browser reconnects with Last-Event-ID, nothing lost or doubled', async (ctx) => {
    const key = newKey('drop');
    const probe = mountProbe(streamUrl('/drop', { key, after: 5, total: 20, interval: 5, retry: 50 }), {
      history: 100,
    });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(20), wait);
    await untilStatus(probe, 'open');
    await vi.waitFor(() => expect(idsOf(probe.result.history)).toHaveLength(20), wait);

    expect(isConsecutive(idsOf(probe.messages), 1, 20)).toBe(true);
    expect(isConsecutive(idsOf(probe.result.history), 1, 20)).toBe(true);
    expect(probe.statuses).toContain('reconnecting');
    expect(probe.errors.length).toBeGreaterThanOrEqual(3);
    expect(probe.errors.every((e) => e.kind === 'connection' && e.willReconnect)).toBe(true);
    expect(probe.result.error).toBeUndefined();
    const stats = await serverStats(key);
    // Every reconnect carried the id of the last event the browser had read (normally 5, 10, 15); the server resumed
    // after it, and the events above are 1..20 with none lost or doubled, which holds only if each id was right.
    const sentIds = stats.requests.map((r) => r.lastEventId);
    expect(sentIds[0]).toBeNull();
    const resumedFrom = sentIds.slice(1).map(Number);
    expect(resumedFrom.length).toBeGreaterThanOrEqual(3);
    expect(resumedFrom.every((id, k) => id > (resumedFrom[k - 1] ?? 0) && id < 20)).toBe(true);
    expect(stats.open).toBe(1);
    expect(stats.maxOpen).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: `${probe.errors.length}× connection (will reconnect)`,
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: span(idsOf(probe.messages)),
    });
  });

  test('server down for two seconds and back: reconnecting, then open, resumed after the last id', async (ctx) => {
    const key = newKey('down');
    const probe = mountProbe(streamUrl('/clock', { key, interval: 20, retry: 250 }), { history: 1000 });
    await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(5), wait);
    await serverDown(2000);
    const lastBefore = Number(probe.messages[probe.messages.length - 1]?.lastEventId);
    await untilStatus(probe, 'reconnecting');
    const downAt = performance.now();
    await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(lastBefore + 5), wait);
    await untilStatus(probe, 'open');
    const outage = Math.round(performance.now() - downAt);

    const ids = idsOf(probe.messages);
    expect(isConsecutive(ids, 1, ids.length)).toBe(true);
    // `history` is React state, committed once per animation frame: it may be a frame behind onMessage.
    await vi.waitFor(() => expect(probe.result.history.length).toBeGreaterThanOrEqual(lastBefore + 5), wait);
    const history = idsOf(probe.result.history);
    expect(isConsecutive(history, 1, history.length)).toBe(true);
    expect(probe.errors.every((e) => e.kind === 'connection' && e.willReconnect)).toBe(true);
    const stats = await serverStats(key);
    // Refused connections never reach the server: it sees the first request and the one that resumed.
    expect(stats.requests.map((r) => r.lastEventId)).toEqual([null, String(lastBefore)]);
    expect(stats.open).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: `${probe.errors.length}× connection (will reconnect)`,
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: `${span(ids)}, back after ${outage} ms`,
    });
  });

  for (const [name, path, expected] of [
    ['500: failed, no reconnect', '/status/500', 'status 500'],
    ['204: failed, no reconnect', '/status/204', 'status 204'],
    ['wrong content type: failed, no event delivered', '/wrong-type', 'text/plain'],
  ] as const) {
    test(name, async (ctx) => {
      const key = newKey(path.replaceAll('/', ''));
      const probe = mountProbe(streamUrl(path, { key }));
      await untilStatus(probe, 'failed');

      expect(probe.result.readyState).toBe(2);
      expect(probe.result.error?.kind).toBe('connection');
      expect(probe.result.error?.willReconnect).toBe(false);
      expect(probe.errors).toHaveLength(1);
      expect(probe.messages).toHaveLength(0);
      expect(probe.statuses).toEqual(['connecting', 'failed']);
      const stats = await serverStats(key);
      // The EventSource is CLOSED (readyState 2), so the browser can never send a second request.
      expect(stats.total).toBe(1);
      await untilServerOpen(key, 0);
      row(ctx, {
        status: probe.statuses.join(' → '),
        error: errorText(probe),
        requests: `${stats.total} / 0 (${expected})`,
        lastEventIds: leids(stats.requests),
        events: '0',
      });
    });
  }

  test('reconnect against a 404: bounded attempts, then failed with retries-exhausted', async (ctx) => {
    const key = newKey('404');
    const probe = mountProbe(streamUrl('/missing', { key }), { reconnect: { attempts: 3, delay: 20 } });
    await untilStatus(probe, 'failed');

    expect(probe.result.error?.kind).toBe('retries-exhausted');
    expect(probe.statuses).toEqual(['connecting', 'reconnecting', 'failed']);
    expect(probe.errors.map((e) => `${e.kind}:${e.willReconnect}`)).toEqual([
      'connection:true',
      'connection:true',
      'connection:true',
      'retries-exhausted:false',
    ]);
    const stats = await serverStats(key);
    expect(stats.total).toBe(4);
    expect(stats.requests.every((r) => r.status === 404)).toBe(true);
    await untilServerOpen(key, 0);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / 0 (1 + 3 retries, all 404)`,
      lastEventIds: leids(stats.requests),
      events: '0',
    });
  });

  test("drop, then a 500 on the browser's reconnect, then a library retry: resumed through lastEventIdParam", async (ctx) => {
    const key = newKey('flaky');
    const probe = mountProbe(streamUrl('/flaky', { key, after: 5, total: 12, interval: 5, retry: 50 }), {
      reconnect: { attempts: 2, delay: 50 },
      lastEventIdParam: 'lastEventId',
    });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(12), wait);
    await untilStatus(probe, 'open');

    // Three connections: the first dropped, the browser's reconnect refused (500), the library's retry.
    const ids = idsOf(probe.messages);
    expect(isConsecutive(ids, 1, 12)).toBe(true);
    const stats = await serverStats(key);
    expect(stats.requests.map((r) => r.status)).toEqual([200, 500, 200]);
    const [first, browser, retry] = stats.requests;
    expect(first?.lastEventId).toBeNull();
    const resumedFrom = browser?.lastEventId; // the browser's header: the last event it had read
    expect(Number(resumedFrom)).toBeGreaterThanOrEqual(4);
    expect(retry?.lastEventId).toBeNull(); // a new EventSource cannot send the header…
    expect(new URL(retry?.url ?? '', 'http://x').searchParams.get('lastEventId')).toBe(resumedFrom); // …so the query does
    expect(probe.statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: `${probe.errors.map((e) => e.kind).join(', ')}`,
      requests: `${stats.total} / ${stats.open} (200, 500, 200)`,
      lastEventIds: `${leids(stats.requests)}; retry ?lastEventId=${resumedFrom}`,
      events: span(ids),
    });
  });

  test('a stalled stream: after heartbeatTimeout the library reconnects, resuming; the silent one is closed', async (ctx) => {
    const key = newKey('stall');
    const probe = mountProbe(streamUrl('/silent', { key, n: 3, interval: 5 }), {
      heartbeatTimeout: 400,
      lastEventIdParam: 'lastEventId',
    });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(6), wait);
    await untilStatus(probe, 'open');
    probe.rerender(null);

    const ids = idsOf(probe.messages);
    expect(isConsecutive(ids, 1, 6)).toBe(true);
    expect(probe.statuses.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    const stall = probe.errors[0];
    expect(stall?.kind).toBe('connection');
    expect(stall?.willReconnect).toBe(true);
    expect(stall?.message).toMatch(/400 ms/);
    // The server never ended the silent response: the client closed it.
    await untilServerOpen(key, 0);
    const stats = await serverStats(key);
    expect(stats.requests.length).toBeGreaterThanOrEqual(2);
    expect(new URL(stats.requests[1]?.url ?? '', 'http://x').searchParams.get('lastEventId')).toBe('3');
    row(ctx, {
      status: probe.statuses.slice(0, 4).join(' → '),
      error: 'connection (will reconnect): no event for 400 ms',
      requests: `${stats.total} / ${stats.open} after unmount (silent ones closed by the client)`,
      lastEventIds: `${leids(stats.requests)}; then ?lastEventId=3`,
      events: span(ids),
    });
  });

  test('defaults unchanged: no param in any url, and a silent stream stays open', async (ctx) => {
    const key = newKey('defaults');
    const probe = mountProbe(streamUrl('/flaky', { key, after: 3, total: 6, interval: 5, retry: 50 }), {
      reconnect: { attempts: 1, delay: 50 },
    });
    // 1..3, the drop, the 500, then the retry's 1..6.
    await vi.waitFor(() => expect(probe.messages).toHaveLength(9), wait);
    const flaky = await serverStats(key);
    expect(flaky.requests.every((r) => !r.url.includes('lastEventId'))).toBe(true);
    // Without the param the retry starts the stream again from 1: the library never touches a url by itself.
    expect(idsOf(probe.messages).slice(-6)).toEqual([1, 2, 3, 4, 5, 6]);

    const silentKey = newKey('silent');
    const silent = mountProbe(streamUrl('/silent', { key: silentKey, n: 2, interval: 5 }));
    await vi.waitFor(() => expect(silent.messages).toHaveLength(2), wait);
    // Nothing to wait for here: the point is that nothing happens. Over twice the stalled case's timeout.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(silent.result.status).toBe('open');
    expect((await serverStats(silentKey)).total).toBe(1);
    row(ctx, {
      status: `flaky: ${probe.statuses.join(' → ')}; silent: ${silent.result.status}`,
      error: errorText(probe),
      requests: `${flaky.total} (no lastEventId param); silent: 1`,
      lastEventIds: leids(flaky.requests),
      events: `${probe.messages.length}: the retry restarted at 1`,
    });
  });

  test('an empty id field resets the last event id, as the browser reports it', async (ctx) => {
    const key = newKey('id-reset');
    const probe = mountProbe(streamUrl('/id-reset', { key }), { history: 4 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(4), wait);
    expect(probe.messages.map((m) => m.lastEventId)).toEqual(['1', '2', '', '']);
    await vi.waitFor(() => expect(probe.result.lastEventId).toBe(''), wait);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: '1',
      lastEventIds: '∅',
      events: `ids ${probe.messages.map((m) => m.lastEventId || '""').join(', ')}`,
    });
  });

  test('trickle: events split across chunks (lines, fields, UTF-8 sequences) arrive whole', async (ctx) => {
    const key = newKey('trickle');
    const probe = mountProbe(streamUrl('/trickle', { key, chunk: 3, interval: 1 }), { history: 10 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(TRICKLE_EVENTS.length), wait);

    expect(probe.messages.map((m) => m.data)).toEqual(TRICKLE_EVENTS);
    expect(isConsecutive(idsOf(probe.messages), 1, TRICKLE_EVENTS.length)).toBe(true);
    await vi.waitFor(() => expect(probe.result.history).toHaveLength(TRICKLE_EVENTS.length), wait);
    expect(probe.result.status).toBe('open');
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: `${span(idsOf(probe.messages))}, 3-byte chunks`,
    });
  });

  test('heartbeats: comments keep the stream alive and are never delivered as events', async (ctx) => {
    const key = newKey('heartbeat');
    const probe = mountProbe(streamUrl('/heartbeat', { key, n: 5, beats: 3, interval: 3 }));
    await vi.waitFor(() => expect(probe.messages).toHaveLength(5), wait);
    await vi.waitFor(async () => expect((await serverStats(key)).heartbeats).toBeGreaterThanOrEqual(20), wait);

    expect(probe.messages.map((m) => m.data)).toEqual([1, 2, 3, 4, 5].map((i) => `event ${i}`));
    expect(probe.result.status).toBe('open');
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: `${span(idsOf(probe.messages))}, ${stats.heartbeats} heartbeats ignored`,
    });
  });

  test('1 MB event: delivered whole, byte for byte, and the stream goes on', async (ctx) => {
    const key = newKey('big');
    const size = 1024 * 1024;
    const probe = mountProbe(streamUrl('/big', { key, size }), { history: 2 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(2), wait);

    const [big, after] = probe.messages;
    expect(big?.raw.length).toBe(size);
    expect(big?.raw === bigPayload(size)).toBe(true);
    expect(after?.data).toBe('after the big one');
    expect(isConsecutive(idsOf(probe.messages), 1, 2)).toBe(true);
    await vi.waitFor(() => expect(probe.result.data).toBe('after the big one'), wait);
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: `2 (ids 1..2), ${big?.raw.length.toLocaleString('en')} chars`,
    });
  });

  test('Unicode and multi-line data, LF / CRLF / CR line endings, leading BOM', async (ctx) => {
    const key = newKey('unicode');
    const probe = mountProbe(streamUrl('/unicode', { key }));
    await vi.waitFor(() => expect(probe.messages).toHaveLength(UNICODE_EVENTS.length), wait);

    expect(probe.messages.map((m) => m.data)).toEqual(UNICODE_EVENTS.map((e) => e.data));
    expect(isConsecutive(idsOf(probe.messages), 1, UNICODE_EVENTS.length)).toBe(true);
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: span(idsOf(probe.messages)),
    });
  });

  test('named events and the progress protocol: closeWhen ends it after CLOSE, one request', async (ctx) => {
    const key = newKey('progress');
    const probe = mountProbe<{ message: string; progress?: number }>(
      streamUrl('/progress', { key, n: 5, interval: 5, retry: 50 }),
      {
        parse: 'json',
        closeWhen: (m) => m.lastEventId === 'CLOSE',
      },
    );
    await untilStatus(probe, 'closed');
    expect(probe.messages.map((m) => m.lastEventId)).toEqual(['1', '2', '3', '4', '5', 'CLOSE']);
    expect(probe.result.data).toEqual(PROGRESS_COMPLETE);
    await untilServerOpen(key, 0);

    const namedKey = newKey('named');
    const named = mountProbe(streamUrl('/named', { key: namedKey, n: 6, interval: 2 }), { events: ['tick', 'tock'] });
    await vi.waitFor(() => expect(named.messages).toHaveLength(6), wait);
    expect(named.messages.map((m) => m.type)).toEqual(['tick', 'tock', 'message', 'tick', 'tock', 'message']);

    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open}`,
      lastEventIds: leids(stats.requests),
      events: `6 (ids 1..5, CLOSE); named: ${named.messages.length} of 3 types`,
    });
  });

  test('StrictMode: one connection', async (ctx) => {
    const key = newKey('strict');
    const probe = mountProbe(streamUrl('/clock', { key, interval: 20 }), {}, { strict: true });
    await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(3), wait);
    await untilStatus(probe, 'open');

    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    expect(stats.maxOpen).toBe(1);
    expect(isConsecutive(idsOf(probe.messages), 1, probe.messages.length)).toBe(true);
    probe.unmount();
    await untilServerOpen(key, 0);
    row(ctx, {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      requests: `${stats.total} / 0 after unmount`,
      lastEventIds: leids(stats.requests),
      events: span(idsOf(probe.messages)),
    });
  });

  test('100 rapid URL changes: one connection open at the end, to the last URL', async (ctx) => {
    const key = newKey('urls');
    const url = (tag: number): string => streamUrl('/clock', { key, tag, interval: 20 });
    const sources = trackEventSources();
    const probe = mountProbe<{ n: number; tag: string }>(url(0), { parse: 'json' });
    try {
      for (let tag = 1; tag < 100; tag++) {
        probe.rerender(url(tag), { parse: 'json' });
        // Every other change lets the browser start the request, so real connections are opened and closed.
        if (tag % 2 === 0) await nextTask();
      }
      await vi.waitFor(() => expect(probe.result.data?.tag).toBe('99'), wait);
    } finally {
      sources.restore();
    }
    expect(sources.live()).toBe(1);
    await untilServerOpen(key, 1);

    const stats = await serverStats(key);
    const open = stats.requests.filter((r) => r.closedAt === null);
    expect(open).toHaveLength(1);
    expect(open[0]?.url).toContain('tag=99');
    expect(probe.result.status).toBe('open');
    row(ctx, {
      status: `${sources.created} EventSources, 1 live → ${probe.result.status}`,
      error: errorText(probe),
      requests: `${stats.total} / ${stats.open} (tag=99)`,
      lastEventIds: stats.requests.some((r) => r.lastEventId !== null) ? 'some' : 'none',
      events: `latest from tag 99`,
    });
  });

  test('1,000 mount and unmount cycles: zero connections open at the end', async (ctx) => {
    const key = newKey('cycles');
    const url = streamUrl('/clock', { key, interval: 1000 });
    const sources = trackEventSources();
    let opened = 0;
    try {
      for (let i = 0; i < 1000; i++) {
        const probe = mountProbe(url);
        if (i % 10 === 0) {
          // Every tenth cycle waits until the stream is open, so the server sees real connections come and go.
          await untilStatus(probe, 'open');
          opened += 1;
        } else if (i % 4 === 0) await nextTask(); // the request is in flight when the component unmounts
        probe.unmount();
      }
    } finally {
      sources.restore();
    }
    // In the page, every EventSource is closed the moment the loop ends.
    expect(sources.live()).toBe(0);
    const closedAt = performance.now();
    // The server sees the last sockets close a little later: Chromium may drain a cancelled HTTP/1.1 response for up
    // to 5 s before it closes the socket.
    await untilServerOpen(key, 0);
    const lag = Math.round(performance.now() - closedAt);

    const stats = await serverStats(key);
    expect(stats.total).toBeGreaterThanOrEqual(opened);
    expect(stats.requests.every((r) => r.closedAt !== null)).toBe(true);
    expect(document.querySelectorAll('output')).toHaveLength(0);
    row(ctx, {
      status: `${opened} reached open; ${sources.created} EventSources, 0 live`,
      error: '-',
      requests: `${stats.total} / ${stats.open} (max ${stats.maxOpen} at once; last close seen after ${lag} ms)`,
      lastEventIds: 'none',
      events: '-',
    });
  }, 30_000);
});
