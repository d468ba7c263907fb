// The fault matrix: useEventSource in real Chromium against a real SSE server (test/browser/server), every case run
// twice: with Chromium's own EventSource (`transport: 'eventsource'`) and with the library's fetch transport
// (`transport: 'fetch'`). Each case asserts what the user sees (status, error, events) and what the server saw
// (connections, Last-Event-ID), with the same expectations for both transports except where they legitimately
// differ, which the case says (the fetch transport reports the HTTP status, hears comments, and sends Last-Event-ID
// on the connections the library opens itself). The matrix is printed as one table when the file ends, a column per
// transport.

import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
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
import { bigPayload, PROGRESS_COMPLETE, type RouteStats, TRICKLE_EVENTS, UNICODE_EVENTS } from './server/fixtures';

const TRANSPORTS = ['eventsource', 'fetch'] as const;
type Transport = (typeof TRANSPORTS)[number];

/** One transport's cell of a case: what the user saw, what the server saw. */
interface Cell {
  status: string;
  error: string;
  server: string;
  events: string;
}
const ASPECTS = ['status', 'error', 'server', 'events', 'result'] as const;
const rows = new Map<string, Partial<Record<Transport, Cell & { result: string }>>>();

/**
 * A case of the matrix, once per transport (`name [eventsource]`, `name [fetch]`). `run` asserts, then returns its
 * cell of the table; a case that fails shows ✗.
 */
function matrix(name: string, run: (transport: Transport) => Promise<Cell>, timeout?: number): void {
  for (const transport of TRANSPORTS)
    test(
      `${name} [${transport}]`,
      async () => {
        const row = rows.get(name) ?? {};
        rows.set(name, row);
        const started = performance.now();
        const ms = (): number => Math.round(performance.now() - started);
        try {
          row[transport] = { ...(await run(transport)), result: `✓ ${ms()} ms` };
        } catch (error) {
          row[transport] = { status: '?', error: '?', server: '?', events: '?', result: `✗ ${ms()} ms` };
          throw error;
        }
      },
      timeout,
    );
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
  if (!error) return '-';
  return `${error.kind}${error.status !== undefined ? ` ${error.status}` : ''}${error.willReconnect ? ' (will reconnect)' : ''}`;
};
const leids = (requests: readonly { lastEventId: string | null }[]): string =>
  requests.map((r) => r.lastEventId ?? '∅').join(',');
/** What the server saw: requests, open connections, Last-Event-ID headers (and CORS preflights, when there were any). */
const served = (stats: RouteStats, note = ''): string =>
  `${stats.total} / ${stats.open}${note}; Last-Event-ID ${leids(stats.requests)}${stats.preflights ? `; ${stats.preflights} preflight` : ''}`;
const span = (ids: readonly number[]): string =>
  ids.length ? `${ids.length} (ids ${ids[0]}..${ids[ids.length - 1]})` : '0';
const queryParam = (url: string | undefined, name: string): string | null =>
  new URL(url ?? '', 'http://x').searchParams.get(name);

/**
 * Count the connections the page starts with this transport: Chromium's EventSources, or the fetch transport's
 * requests to the stream server (a request is live until its signal aborts: closing a fetch source aborts it).
 */
function trackSources(transport: Transport): { readonly created: number; live(): number; restore(): void } {
  if (transport === 'eventsource') return trackEventSources();
  const origin = new URL(streamUrl('/')).origin;
  const native = globalThis.fetch;
  const requests: Request[] = [];
  globalThis.fetch = (input, init) => {
    if (input instanceof Request && input.url.startsWith(origin)) requests.push(input);
    return native(input, init);
  };
  return {
    get created() {
      return requests.length;
    },
    live: () => requests.filter((request) => !request.signal.aborted).length,
    restore: () => {
      globalThis.fetch = native;
    },
  };
}

afterEach(() => {
  unmountAll();
});

afterAll(() => {
  const header = ['case', '', 'eventsource (Chromium)', 'fetch (the library)'];
  const lines = [...rows].flatMap(([name, row]) =>
    ASPECTS.map((aspect, index) => [
      index === 0 ? name : '',
      aspect,
      ...TRANSPORTS.map((transport) => row[transport]?.[aspect] ?? '(not run)'),
    ]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...(l[i] ?? '')].length)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  const table = [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
  console.log(
    `\nFault matrix: useEventSource in Chromium ${navigator.userAgent.match(/Chrome\/(\d+)/)?.[1] ?? ''} against a real server, both transports\n${table}\n`,
  );
});

describe('fault matrix in real Chromium, both transports', () => {
  matrix('drop mid-stream: reconnects with Last-Event-ID, nothing lost or doubled', async (transport) => {
    const key = newKey('drop');
    const probe = mountProbe(streamUrl('/drop', { key, after: 5, total: 20, interval: 5, retry: 50 }), {
      transport,
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
    // Every reconnect carried the id of the last event read (normally 5, 10, 15); the server resumed after it, and the
    // events above are 1..20 with none lost or doubled, which holds only if each id was right.
    const sentIds = stats.requests.map((r) => r.lastEventId);
    expect(sentIds[0]).toBeNull();
    const resumedFrom = sentIds.slice(1).map(Number);
    expect(resumedFrom.length).toBeGreaterThanOrEqual(3);
    expect(resumedFrom.every((id, k) => id > (resumedFrom[k - 1] ?? 0) && id < 20)).toBe(true);
    expect(stats.open).toBe(1);
    expect(stats.maxOpen).toBe(1);
    return {
      status: probe.statuses.join(' → '),
      error: `${probe.errors.length}× connection (will reconnect)`,
      server: served(stats),
      events: span(idsOf(probe.messages)),
    };
  });

  matrix(
    'server down for two seconds and back: reconnecting, then open, resumed after the last id',
    async (transport) => {
      const key = newKey('down');
      const probe = mountProbe(streamUrl('/clock', { key, interval: 20, retry: 250 }), { transport, history: 1000 });
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
      return {
        status: probe.statuses.join(' → '),
        error: `${probe.errors.length}× connection (will reconnect)`,
        server: served(stats),
        events: `${span(ids)}, back after ${outage} ms`,
      };
    },
  );

  for (const [name, path, expected, body, message] of [
    ['500: failed, no reconnect', '/status/500', 500, 'status 500', /^The server answered 500 Internal Server Error$/],
    ['204: failed, no reconnect', '/status/204', 204, '', /^The server answered 204 No Content: the stream is over$/],
    [
      'wrong content type: failed, no event delivered',
      '/wrong-type',
      200,
      'id: 1\ndata: this must not arrive\n\n',
      /^The server answered with the content type text\/plain, not text\/event-stream$/,
    ],
  ] as const) {
    matrix(name, async (transport) => {
      const key = newKey(path.replaceAll('/', ''));
      const probe = mountProbe(streamUrl(path, { key }), { transport });
      await untilStatus(probe, 'failed');

      expect(probe.result.readyState).toBe(2);
      const error = probe.result.error;
      expect(error?.kind).toBe('connection');
      expect(error?.willReconnect).toBe(false);
      expect(probe.errors).toHaveLength(1);
      expect(probe.messages).toHaveLength(0);
      expect(probe.statuses).toEqual(['connecting', 'failed']);
      if (transport === 'fetch') {
        // Where they differ: fetch sees the response. The status, a message that names it, and the body left unread.
        expect(error?.status).toBe(expected);
        expect(error?.message).toMatch(message);
        expect(await error?.response?.text()).toBe(body);
      } else {
        // A browser reports no status and no response.
        expect(error?.status).toBeUndefined();
        expect(error?.response).toBeUndefined();
      }
      const stats = await serverStats(key);
      // The source is CLOSED (readyState 2), so it can never send a second request.
      expect(stats.total).toBe(1);
      await untilServerOpen(key, 0);
      return {
        status: probe.statuses.join(' → '),
        error: errorText(probe),
        server: served({ ...stats, open: 0 }, ` (${path === '/wrong-type' ? 'text/plain' : `status ${expected}`})`),
        events: '0',
      };
    });
  }

  matrix('reconnect against a 404: bounded attempts, then failed with retries-exhausted', async (transport) => {
    const key = newKey('404');
    const probe = mountProbe(streamUrl('/missing', { key }), { transport, reconnect: { attempts: 3, delay: 20 } });
    await untilStatus(probe, 'failed');

    expect(probe.result.error?.kind).toBe('retries-exhausted');
    expect(probe.statuses).toEqual(['connecting', 'reconnecting', 'failed']);
    expect(probe.errors.map((e) => `${e.kind}:${e.willReconnect}`)).toEqual([
      'connection:true',
      'connection:true',
      'connection:true',
      'retries-exhausted:false',
    ]);
    // Where they differ: only fetch can say that every answer was a 404.
    expect(probe.errors.map((e) => e.status)).toEqual(Array(4).fill(transport === 'fetch' ? 404 : undefined));
    const stats = await serverStats(key);
    expect(stats.total).toBe(4);
    expect(stats.requests.every((r) => r.status === 404)).toBe(true);
    await untilServerOpen(key, 0);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served({ ...stats, open: 0 }, ' (1 + 3 retries, all 404)'),
      events: '0',
    };
  });

  matrix("drop, then a 500 on the transport's reconnect, then a library retry: resumed", async (transport) => {
    const key = newKey('flaky');
    const probe = mountProbe(streamUrl('/flaky', { key, after: 5, total: 12, interval: 5, retry: 50 }), {
      transport,
      reconnect: { attempts: 2, delay: 50 },
      lastEventIdParam: 'lastEventId',
    });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(12), wait);
    await untilStatus(probe, 'open');

    // Three connections: the first dropped, the transport's own reconnect refused (500), the library's retry.
    const ids = idsOf(probe.messages);
    expect(isConsecutive(ids, 1, 12)).toBe(true);
    const stats = await serverStats(key);
    expect(stats.requests.map((r) => r.status)).toEqual([200, 500, 200]);
    const [first, reconnect, retry] = stats.requests;
    expect(first?.lastEventId).toBeNull();
    const resumedFrom = reconnect?.lastEventId; // the header: the last event read
    expect(Number(resumedFrom)).toBeGreaterThanOrEqual(4);
    // The retry is a new source. Chromium's cannot send the header, so the id goes in the query; the fetch transport
    // sends the header on every connection the library opens, too.
    expect(retry?.lastEventId).toBe(transport === 'fetch' ? resumedFrom : null);
    expect(queryParam(retry?.url, 'lastEventId')).toBe(resumedFrom);
    expect(probe.statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(probe.errors.map((e) => e.status)).toEqual([undefined, transport === 'fetch' ? 500 : undefined]);
    return {
      status: probe.statuses.join(' → '),
      error: probe.errors.map((e) => `${e.kind}${e.status ? ` ${e.status}` : ''}`).join(', '),
      server: served(stats, ' (200, 500, 200)'),
      events: `${span(ids)}; retry ?lastEventId=${resumedFrom}`,
    };
  });

  matrix(
    'a stalled stream: after heartbeatTimeout the library reconnects, resuming; the silent one is closed',
    async (transport) => {
      const key = newKey('stall');
      const probe = mountProbe(streamUrl('/silent', { key, n: 3, interval: 5 }), {
        transport,
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
      expect(queryParam(stats.requests[1]?.url, 'lastEventId')).toBe('3');
      // The fetch transport sends the header on the library's reconnect too.
      expect(stats.requests[1]?.lastEventId).toBe(transport === 'fetch' ? '3' : null);
      return {
        status: probe.statuses.slice(0, 4).join(' → '),
        error: 'connection (will reconnect): no event for 400 ms',
        server: served(stats, ' after unmount'),
        events: `${span(ids)}; then ?lastEventId=3`,
      };
    },
  );

  matrix('defaults unchanged: no param in any url, and a silent stream stays open', async (transport) => {
    const key = newKey('defaults');
    const probe = mountProbe(streamUrl('/flaky', { key, after: 3, total: 6, interval: 5, retry: 50 }), {
      transport,
      reconnect: { attempts: 1, delay: 50 },
    });
    // eventsource: 1..3, the drop, the 500, then the retry's 1..6. fetch: 1..3, the drop, the 500, then the retry
    // resumes (it sends Last-Event-ID) with 4..6.
    await vi.waitFor(() => expect(probe.messages).toHaveLength(transport === 'fetch' ? 6 : 9), wait);
    const flaky = await serverStats(key);
    expect(flaky.requests.every((r) => !r.url.includes('lastEventId'))).toBe(true);
    expect(flaky.requests.map((r) => r.status)).toEqual([200, 500, 200]);
    if (transport === 'fetch') {
      // The id goes along in a header, never in the url.
      expect(isConsecutive(idsOf(probe.messages), 1, 6)).toBe(true);
      expect(flaky.requests[2]?.lastEventId).toBe(flaky.requests[1]?.lastEventId);
    } else {
      // Without the param the retry starts the stream again from 1: the library never touches a url by itself.
      expect(idsOf(probe.messages).slice(-6)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(flaky.requests[2]?.lastEventId).toBeNull();
    }

    const silentKey = newKey('silent');
    const silent = mountProbe(streamUrl('/silent', { key: silentKey, n: 2, interval: 5 }), { transport });
    await vi.waitFor(() => expect(silent.messages).toHaveLength(2), wait);
    // Nothing to wait for here: the point is that nothing happens. Over twice the stalled case's timeout.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(silent.result.status).toBe('open');
    expect((await serverStats(silentKey)).total).toBe(1);
    expect(probe.messages).toHaveLength(transport === 'fetch' ? 6 : 9);
    return {
      status: `flaky: ${probe.statuses.join(' → ')}; silent: ${silent.result.status}`,
      error: errorText(probe),
      server: `${served(flaky)} (no lastEventId param); silent: 1`,
      events: `${probe.messages.length}: the retry ${transport === 'fetch' ? 'resumed at 4' : 'restarted at 1'}`,
    };
  });

  matrix('an empty id field resets the last event id', async (transport) => {
    const key = newKey('id-reset');
    const probe = mountProbe(streamUrl('/id-reset', { key }), { transport, history: 4 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(4), wait);
    expect(probe.messages.map((m) => m.lastEventId)).toEqual(['1', '2', '', '']);
    await vi.waitFor(() => expect(probe.result.lastEventId).toBe(''), wait);
    const stats = await serverStats(key);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served(stats),
      events: `ids ${probe.messages.map((m) => m.lastEventId || '""').join(', ')}`,
    };
  });

  matrix('trickle: events split across chunks (lines, fields, UTF-8 sequences) arrive whole', async (transport) => {
    const key = newKey('trickle');
    const probe = mountProbe(streamUrl('/trickle', { key, chunk: 3, interval: 1 }), { transport, history: 10 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(TRICKLE_EVENTS.length), wait);

    expect(probe.messages.map((m) => m.data)).toEqual(TRICKLE_EVENTS);
    expect(isConsecutive(idsOf(probe.messages), 1, TRICKLE_EVENTS.length)).toBe(true);
    await vi.waitFor(() => expect(probe.result.history).toHaveLength(TRICKLE_EVENTS.length), wait);
    expect(probe.result.status).toBe('open');
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served(stats),
      events: `${span(idsOf(probe.messages))}, 3-byte chunks`,
    };
  });

  matrix(
    'heartbeats: comments are never delivered as events; only the fetch transport hears them',
    async (transport) => {
      const key = newKey('heartbeat');
      const timeout = 300;
      // Events 1..5, three comments before each, then comments only, every 5 ms.
      const probe = mountProbe(streamUrl('/heartbeat', { key, n: 5, beats: 3, interval: 5 }), {
        transport,
        heartbeatTimeout: timeout,
      });
      await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(5), wait);
      expect(probe.messages.slice(0, 5).map((m) => m.data)).toEqual([1, 2, 3, 4, 5].map((i) => `event ${i}`));
      if (transport === 'fetch') {
        // Comments count as heard: over twice the timeout of comments only, and the stream is never taken for stalled.
        // (Nothing to wait for: the point is that nothing happens.)
        await new Promise((resolve) => setTimeout(resolve, timeout * 2.5));
        expect(probe.result.status).toBe('open');
        expect(probe.statuses).toEqual(['connecting', 'open']);
        expect(probe.errors).toHaveLength(0);
        expect(probe.messages).toHaveLength(5);
      } else {
        // An EventSource never surfaces comments: after the last event the watchdog hears silence, and reconnects.
        await vi.waitFor(() => expect(probe.errors.length).toBeGreaterThanOrEqual(1), wait);
        expect(probe.errors[0]?.message).toMatch(new RegExp(`No event for ${timeout} ms`));
        await vi.waitFor(async () => expect((await serverStats(key)).total).toBeGreaterThanOrEqual(2), wait);
      }
      expect(probe.messages.every((m) => /^event \d$/.test(m.data))).toBe(true);
      const stats = await serverStats(key);
      expect(stats.heartbeats).toBeGreaterThanOrEqual(20);
      return {
        status: probe.statuses.join(' → '),
        error: probe.errors[0] ? `connection (will reconnect): no event for ${timeout} ms` : '-',
        server: served(stats),
        events: `${span(idsOf(probe.messages))}, ${stats.heartbeats} heartbeats, none delivered`,
      };
    },
  );

  matrix('1 MB event: delivered whole, byte for byte, and the stream goes on', async (transport) => {
    const key = newKey('big');
    const size = 1024 * 1024;
    const probe = mountProbe(streamUrl('/big', { key, size }), { transport, history: 2 });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(2), wait);

    const [big, after] = probe.messages;
    expect(big?.raw.length).toBe(size);
    expect(big?.raw === bigPayload(size)).toBe(true);
    expect(after?.data).toBe('after the big one');
    expect(isConsecutive(idsOf(probe.messages), 1, 2)).toBe(true);
    await vi.waitFor(() => expect(probe.result.data).toBe('after the big one'), wait);
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served(stats),
      events: `2 (ids 1..2), ${big?.raw.length.toLocaleString('en')} chars`,
    };
  });

  matrix('Unicode and multi-line data, LF / CRLF / CR line endings, leading BOM', async (transport) => {
    const key = newKey('unicode');
    const probe = mountProbe(streamUrl('/unicode', { key }), { transport });
    await vi.waitFor(() => expect(probe.messages).toHaveLength(UNICODE_EVENTS.length), wait);

    expect(probe.messages.map((m) => m.data)).toEqual(UNICODE_EVENTS.map((e) => e.data));
    expect(isConsecutive(idsOf(probe.messages), 1, UNICODE_EVENTS.length)).toBe(true);
    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served(stats),
      events: span(idsOf(probe.messages)),
    };
  });

  matrix('named events and the progress protocol: closeWhen ends it after CLOSE, one request', async (transport) => {
    const key = newKey('progress');
    const probe = mountProbe<{ message: string; progress?: number }>(
      streamUrl('/progress', { key, n: 5, interval: 5, retry: 50 }),
      {
        transport,
        parse: 'json',
        closeWhen: (m) => m.lastEventId === 'CLOSE',
      },
    );
    await untilStatus(probe, 'closed');
    expect(probe.messages.map((m) => m.lastEventId)).toEqual(['1', '2', '3', '4', '5', 'CLOSE']);
    expect(probe.result.data).toEqual(PROGRESS_COMPLETE);
    await untilServerOpen(key, 0);

    const namedKey = newKey('named');
    const named = mountProbe(streamUrl('/named', { key: namedKey, n: 6, interval: 2 }), {
      transport,
      events: ['tick', 'tock'],
    });
    await vi.waitFor(() => expect(named.messages).toHaveLength(6), wait);
    expect(named.messages.map((m) => m.type)).toEqual(['tick', 'tock', 'message', 'tick', 'tock', 'message']);

    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served(stats),
      events: `6 (ids 1..5, CLOSE); named: ${named.messages.length} of 3 types`,
    };
  });

  matrix('StrictMode: one connection', async (transport) => {
    const key = newKey('strict');
    const probe = mountProbe(streamUrl('/clock', { key, interval: 20 }), { transport }, { strict: true });
    await vi.waitFor(() => expect(probe.messages.length).toBeGreaterThanOrEqual(3), wait);
    await untilStatus(probe, 'open');

    const stats = await serverStats(key);
    expect(stats.total).toBe(1);
    expect(stats.maxOpen).toBe(1);
    expect(isConsecutive(idsOf(probe.messages), 1, probe.messages.length)).toBe(true);
    probe.unmount();
    await untilServerOpen(key, 0);
    return {
      status: probe.statuses.join(' → '),
      error: errorText(probe),
      server: served({ ...stats, open: 0 }, ' after unmount'),
      events: span(idsOf(probe.messages)),
    };
  });

  matrix('100 rapid URL changes: one connection open at the end, to the last URL', async (transport) => {
    const key = newKey('urls');
    const url = (tag: number): string => streamUrl('/clock', { key, tag, interval: 20 });
    const sources = trackSources(transport);
    const probe = mountProbe<{ n: number; tag: string }>(url(0), { transport, parse: 'json' });
    try {
      for (let tag = 1; tag < 100; tag++) {
        probe.rerender(url(tag), { transport, parse: 'json' });
        // Every other change lets the request start, so real connections are opened and closed.
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
    return {
      status: `${sources.created} ${transport === 'fetch' ? 'requests' : 'EventSources'}, 1 live → ${probe.result.status}`,
      error: errorText(probe),
      server: `${stats.total} / ${stats.open} (tag=99); Last-Event-ID ${stats.requests.some((r) => r.lastEventId !== null) ? 'some' : 'none'}`,
      events: 'latest from tag 99',
    };
  });

  matrix(
    '1,000 mount and unmount cycles: zero connections open at the end',
    async (transport) => {
      const key = newKey('cycles');
      const url = streamUrl('/clock', { key, interval: 1000 });
      const sources = trackSources(transport);
      let opened = 0;
      try {
        for (let i = 0; i < 1000; i++) {
          const probe = mountProbe(url, { transport });
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
      // In the page, every source is closed (every fetch aborted) the moment the loop ends.
      expect(sources.live()).toBe(0);
      const closedAt = performance.now();
      // The server sees the last sockets close a little later: Chromium may drain a cancelled HTTP/1.1 response for
      // up to 5 s before it closes the socket.
      await untilServerOpen(key, 0);
      const lag = Math.round(performance.now() - closedAt);

      const stats = await serverStats(key);
      expect(stats.total).toBeGreaterThanOrEqual(opened);
      expect(stats.requests.every((r) => r.closedAt !== null)).toBe(true);
      expect(document.querySelectorAll('output')).toHaveLength(0);
      return {
        status: `${opened} reached open; ${sources.created} ${transport === 'fetch' ? 'requests' : 'EventSources'}, 0 live`,
        error: '-',
        server: `${stats.total} / ${stats.open} (max ${stats.maxOpen} at once; last close seen after ${lag} ms)`,
        events: '-',
      };
    },
    30_000,
  );
});
