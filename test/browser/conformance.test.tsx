// Conformance: the event stream format cases of the web-platform-tests (`eventsource/format-*`), served by the real
// test server (server/format.ts holds each stream and the WPT expectation), read in Chromium through (a) its own
// EventSource and (b) the library's fetch transport (an `SseConnection` with `transport: 'fetch'`, as the hooks use
// it), once as the server writes each case and once with its bytes split (after every CR, inside every multi-byte
// character) over several reads. Each must dispatch what the WPT test expects: each event's type, data and
// lastEventId, in order, and where each response ended (the source reconnects, sending Last-Event-ID) or the
// connection failed. A table, case × native × fetch, is printed when the file ends.

import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { SseConnection } from '../../src';
import { newKey, serverStats, streamUrl } from './harness';
import { FORMAT_CASES, type FormatCase, type FormatEntry } from './server/format';

/** Who reads: Chromium's EventSource, or the fetch transport with the stream whole or split into pieces. */
type ReaderName = 'eventsource' | 'fetch' | 'fetch, split';
/** What a source did, as compared: every event with its type, data and lastEventId; `end`; `failed`. */
type Entry = { type: string; data: string; lastEventId: string } | 'end' | 'failed';

const normalize = (entries: readonly FormatEntry[]): Entry[] =>
  entries.map((e) =>
    typeof e === 'string' ? e : { type: e.type ?? 'message', data: e.data, lastEventId: e.lastEventId ?? '' },
  );

/** A source reading one case until `responses` responses ended, or the connection failed. */
interface Reader {
  readonly log: Entry[];
  readonly finished: boolean;
  close(): void;
}

/** Chromium's own EventSource, as the WPT tests use it. */
function readNative(url: string, types: readonly string[], responses: number): Reader {
  const log: Entry[] = [];
  let finished = false;
  let ends = 0;
  const source = new EventSource(url);
  for (const type of types)
    source.addEventListener(type, (event) => {
      if (!finished) log.push({ type: event.type, data: event.data, lastEventId: event.lastEventId });
    });
  source.onerror = () => {
    if (finished) return;
    // [spec] At the end of a response the source "reestablishes the connection" (readyState CONNECTING); when it
    // "fails the connection" (a bad type, say) it is CLOSED.
    if (source.readyState === EventSource.CLOSED) log.push('failed');
    else {
      log.push('end');
      ends += 1;
      if (ends < responses) return;
    }
    finished = true;
    source.close();
  };
  return {
    log,
    get finished() {
      return finished;
    },
    close: () => source.close(),
  };
}

/** The library's fetch transport, through the core every hook uses: `SseConnection` with `transport: 'fetch'`. */
function readFetch(url: string, types: readonly string[], responses: number): Reader {
  const log: Entry[] = [];
  let finished = false;
  let ends = 0;
  const connection = new SseConnection(url, { transport: 'fetch' });
  const stops = types.map((type) =>
    connection.listen(type, (event) => {
      if (!finished) log.push({ type: event.type, data: event.data, lastEventId: event.lastEventId });
    }),
  );
  const close = (): void => {
    connection.release();
    unsubscribe();
    for (const stop of stops) stop();
  };
  const unsubscribe = connection.subscribe({
    error: (error) => {
      if (finished) return;
      // A drop (the end of a response) is reconnected by the transport; a failure is the end.
      if (!error.willReconnect) log.push('failed');
      else {
        log.push('end');
        ends += 1;
        if (ends < responses) return;
      }
      finished = true;
      close();
    },
  });
  connection.retain();
  return {
    log,
    get finished() {
      return finished;
    },
    close: () => {
      if (!finished) close();
      finished = true;
    },
  };
}

const cells = new Map<string, Partial<Record<ReaderName, string>>>();
const wait = { timeout: 15_000, interval: 10 } as const;

// The fetch transport is a chunk loaded on first use (and compiled by Vite on first request): load it once before the
// cases, which run five at a time, so none of them spends its wait on that.
beforeAll(async () => {
  await import('../../src/transport/fetchSource');
});

/** A log as a table cell: each event's data (JSON), `type:` when not `message`, `#id` when set; ⏎ an end. */
const render = (log: readonly Entry[]): string =>
  log
    .map((e) => {
      if (e === 'end') return '⏎';
      if (e === 'failed') return 'failed';
      const data = JSON.stringify(e.data);
      return `${e.type === 'message' ? '' : `${e.type}:`}${data.length > 24 ? `${data.slice(0, 20)}…"` : data}${e.lastEventId ? `#${e.lastEventId}` : ''}`;
    })
    .join(' ');

/** Read case `id` through `transport` and assert what the spec (or, for Chromium, its documented difference) says. */
async function check(transport: ReaderName, id: string, c: FormatCase): Promise<void> {
  const key = newKey(`format-${id}`);
  const url = streamUrl('/format', { case: id, key, ...(transport === 'fetch, split' ? { split: 1 } : {}) });
  const responses = c.responses ?? 1;
  const reader = (transport === 'eventsource' ? readNative : readFetch)(url, c.types ?? ['message'], responses);
  const differs = transport === 'eventsource' ? c.chromium : undefined;
  const expected = normalize(differs?.expected ?? c.expected);
  const row = cells.get(id) ?? {};
  cells.set(id, row);
  let note = '';
  try {
    await vi.waitFor(() => expect(reader.finished).toBe(true), wait);
    const stats = await serverStats(key);
    // One request per response read: nothing was requested again after a failure.
    expect(stats.total).toBe(expected.includes('failed') ? 1 : responses);
    if (c.retry !== undefined) {
      const [first, second] = stats.requests;
      const gap = (second?.at ?? 0) - (first?.at ?? 0);
      note = ` (reconnected after ${gap} ms)`;
      // [spec] "If the field value consists of only ASCII digits, then interpret the field value as an integer in
      // base ten, and set the event stream's reconnection time to that integer. Otherwise, ignore the field."
      // Never earlier than the delay (a bogus or octal value would be earlier); far below the default of 3 s (a
      // value ignored by mistake), with room for a loaded machine.
      expect(gap).toBeGreaterThanOrEqual(c.retry * 0.8);
      expect(gap).toBeLessThan(c.retry * 5);
    }
    expect(reader.log).toEqual(expected);
  } finally {
    reader.close();
    const same = JSON.stringify(reader.log) === JSON.stringify(expected);
    row[transport] = `${same ? (differs ? '≠ spec, as known:' : '✓') : '✗'} ${render(reader.log)}${note}`;
  }
}

describe.concurrent('event stream format: web-platform-tests eventsource/format-*, in Chromium', () => {
  for (const [id, c] of Object.entries(FORMAT_CASES)) {
    describe(`${c.wpt}: ${c.name}`, () => {
      test(c.chromium ? `Chromium's EventSource (differs: ${c.chromium.why})` : "Chromium's EventSource", async () =>
        check('eventsource', id, c),
      );
      for (const reader of ['fetch', 'fetch, split'] as const) {
        const name = reader === 'fetch' ? 'the fetch transport' : 'the fetch transport, the stream split over reads';
        test(name, async () => check(reader, id, c));
      }
    });
  }
});

afterAll(() => {
  const header = ['case (WPT file)', 'checks', "Chromium's EventSource", 'fetch transport', 'fetch, split'];
  const lines = Object.entries(FORMAT_CASES).map(([id, c]) => {
    const row = cells.get(id) ?? {};
    return [
      c.wpt,
      c.name,
      row.eventsource ?? '(not run)',
      row.fetch ?? '(not run)',
      row['fetch, split'] ?? '(not run)',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => [...(l[i] ?? '')].length)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join(' | ')} |`;
  const table = [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
  console.log(
    `\nEvent stream format conformance (web-platform-tests eventsource/format-*) in Chromium ${navigator.userAgent.match(/Chrome\/(\d+)/)?.[1] ?? ''}: ✓ as the spec says, ⏎ the response ended\n${table}\n`,
  );
});
