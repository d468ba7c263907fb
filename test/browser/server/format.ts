// The event stream format as the web-platform-tests state it (`eventsource/format-*`): for each case, the bytes the
// WPT resource answers and what the WPT test expects an EventSource to dispatch. The server serves them at
// `/format?case=<id>` (test/browser/conformance.test.tsx reads each through Chromium's EventSource and the library's
// fetch transport). Shared by the server (Node) and the tests (browser): no Node or DOM import at the top level.
//
// The WPT resources, as facts:
// - `message.py?message=M&newline=none&mime=T`: Content-Type T (default text/event-stream); the body M, then "\n\n"
//   unless `newline=none`, then "\n"; then the response ends (so the EventSource reconnects after `retry`).
// - `last-event-id.py?idvalue=V`: with a Last-Event-ID header, "data: <header>\n\n"; without one,
//   "id: <V, default …>\nretry: 200\ndata: hello\n\n".
// - `last-event-id2.py?type=N`: a fixed body per type (below).

import type { Route } from './routes';
import { CORS_HEADERS } from './sse';

/** One thing an EventSource did: an event (`type` defaults to `message`, `lastEventId` to ""), or what ended. */
export type FormatEntry =
  | { readonly type?: string; readonly data: string; readonly lastEventId?: string }
  /** The response ended; the source reconnects. */
  | 'end'
  /** The connection failed (readyState CLOSED, never reconnects). */
  | 'failed';

/** A format case: the stream, and what the spec (and the WPT test) says an EventSource dispatches from it. */
export interface FormatCase {
  /** The web-platform-tests file that states it (or the spec step, for the one case WPT lacks). */
  readonly wpt: string;
  /** What it checks, in a few words. */
  readonly name: string;
  /** The response's Content-Type. */
  readonly mime?: string;
  /** The body of a response, given the request's Last-Event-ID header ("" for none). */
  readonly body: (lastEventId: string) => string;
  /** The event types listened to. @defaultValue ['message'] */
  readonly types?: readonly string[];
  /** How many responses are read (each ends, and the source reconnects after `retry`). @defaultValue 1 */
  readonly responses?: number;
  /** What an EventSource dispatches, per the spec and WPT. */
  readonly expected: readonly FormatEntry[];
  /** The reconnection delay the stream sets, in ms: the gap between the two requests is checked. */
  readonly retry?: number;
  /** Where Chromium's EventSource is known to differ from the spec: what it does, and why. */
  readonly chromium?: { readonly expected: readonly FormatEntry[]; readonly why: string };
}

/** WPT's `message.py`: the message, then "\n\n" unless `newline=none`, then "\n". */
const message =
  (text: string, newline: 'none' | 'default' = 'default') =>
  (): string =>
    `${text}${newline === 'none' ? '' : '\n\n'}\n`;

/** WPT's `last-event-id.py`: echoes Last-Event-ID, else sends the id `value` with `retry: 200`. */
const lastEventIdResource =
  (value = '…') =>
  (lastEventId: string): string =>
    lastEventId ? `data: ${lastEventId}\n\n` : `id: ${value}\nretry: 200\ndata: hello\n\n`;

/** WPT's `last-event-id2.py`: a fixed body. */
const fixed = (text: string) => (): string => text;

/** A long comment, as in WPT's format-comments (2,048 characters). */
const LONG = 'x'.repeat(2 * 1024);

/** `{ data, lastEventId }` with the type `message`. */
const ev = (data: string, lastEventId = ''): FormatEntry => ({ data, lastEventId });

/** The five ids with a NUL of format-field-id-null: the field is ignored, so no id is set and none is sent. */
const NULL_IDS = ['\0\0', 'x\0', '\0x', 'x\0x', ' \0'] as const;

export const FORMAT_CASES: Readonly<Record<string, FormatCase>> = {
  bom: {
    wpt: 'format-bom',
    name: 'one leading BOM is stripped, one later is not',
    body: message('\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3'),
    // The second BOM makes the field name "\uFEFFdata": an unknown field, so "2" is never dispatched.
    expected: [ev('1'), ev('3'), 'end'],
  },
  'bom-2': {
    wpt: 'format-bom-2',
    name: 'of two leading BOMs only the first is stripped',
    body: message('\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3'),
    expected: [ev('2'), ev('3'), 'end'],
  },
  comments: {
    wpt: 'format-comments',
    name: 'comments, long ones too, with CR, LF and CRLF',
    body: message(`data:1\r:\0\n:\r\ndata:2\n:${LONG}\rdata:3\n:data:fail\r:${LONG}\ndata:4\n`, 'none'),
    expected: [ev('1\n2\n3\n4'), 'end'],
  },
  'data-before-final-empty-line': {
    wpt: 'format-data-before-final-empty-line',
    name: 'data without a final blank line is not dispatched, nor its id',
    body: message('retry:1000\ndata:test1\n\nid:test\ndata:test2', 'none'),
    responses: 2,
    // The unfinished block ("id:test", "data:test2") is discarded at the end of each response: the reconnect sends no
    // Last-Event-ID, and the second response's first event has the id "".
    expected: [ev('test1'), 'end', ev('test1'), 'end'],
  },
  'field-data': {
    wpt: 'format-field-data',
    name: '`data:` empty, and `data` without a colon',
    body: message('data:\n\ndata\ndata\n\ndata:test'),
    expected: [ev(''), ev('\n'), ev('test'), 'end'],
  },
  'field-event-empty': {
    wpt: 'format-field-event-empty',
    name: 'an empty `event:` is a `message`',
    body: message('event: \ndata:data'),
    expected: [ev('data'), 'end'],
  },
  'field-event': {
    wpt: 'format-field-event',
    name: 'a named event, then a `message`',
    body: message('event:test\ndata:x\n\ndata:x'),
    types: ['message', 'test'],
    expected: [{ type: 'test', data: 'x' }, ev('x'), 'end'],
  },
  'field-id': {
    wpt: 'format-field-id',
    name: 'a non-ASCII id, sent back as Last-Event-ID',
    body: lastEventIdResource(),
    responses: 2,
    expected: [ev('hello', '…'), 'end', ev('…', '…'), 'end'],
  },
  'field-id-2': {
    wpt: 'format-field-id-2',
    name: 'the id persists over two reconnects',
    body: lastEventIdResource(),
    responses: 3,
    expected: [ev('hello', '…'), 'end', ev('…', '…'), 'end', ev('…', '…'), 'end'],
  },
  'field-id-3-persists': {
    wpt: 'format-field-id-3 (lastEventId persists)',
    name: 'the id persists across events without `id:`',
    body: fixed('id: 1\ndata: 1\n\ndata: 2\n\nid: 2\ndata:3\n\ndata:4\n\n'),
    expected: [ev('1', '1'), ev('2', '1'), ev('3', '2'), ev('4', '2'), 'end'],
  },
  'field-id-3-resets': {
    wpt: 'format-field-id-3 (lastEventId resets)',
    name: 'an empty `id:` resets the id',
    body: fixed('id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n'),
    expected: [ev('1', '1'), ev('2'), ev('3'), 'end'],
  },
  'field-id-3-resets-no-colon': {
    wpt: 'format-field-id-3 (id without colon)',
    name: '`id` without a colon resets the id',
    body: fixed('id: 1\ndata: 1\n\nid\ndata:2\n\ndata:3\n\n'),
    expected: [ev('1', '1'), ev('2'), ev('3'), 'end'],
  },
  ...Object.fromEntries(
    NULL_IDS.map((id, index): [string, FormatCase] => [
      `field-id-null-${index + 1}`,
      {
        wpt: `format-field-id-null (${encodeURIComponent(id)})`,
        name: 'an id with NUL is ignored: none set, none sent',
        body: lastEventIdResource(id),
        responses: 2,
        expected: [ev('hello'), 'end', ev('hello'), 'end'],
      },
    ]),
  ),
  'id-without-data': {
    wpt: 'spec: "dispatch the event", step 1 (no WPT file)',
    name: '`id:` in a block without data still sets the last event id',
    // [spec] Dispatching first sets the last event ID string from the buffer, then returns if the data buffer is empty.
    body: message('id: 1\ndata: a\n\nid: 2\n\ndata: b'),
    expected: [ev('a', '1'), ev('b', '2'), 'end'],
  },
  'field-parsing': {
    wpt: 'format-field-parsing',
    name: 'field names with NUL, spaces, dashes; one space removed after the colon',
    body: message(
      'data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n',
      'none',
    ),
    expected: [ev('\0\n 2\n1\n3\n\n4'), 'end'],
  },
  'field-retry-bogus': {
    wpt: 'format-field-retry-bogus (3000, 1000x; here 500, 100x)',
    name: 'a `retry:` that is not all digits is ignored',
    // WPT's numbers divided by six (the test measures a reconnect): the bogus value is smaller than the good one, so
    // a parser that took its digits would reconnect too early.
    body: message('retry:500\nretry:100x\ndata:x'),
    responses: 2,
    retry: 500,
    expected: [ev('x'), 'end', ev('x'), 'end'],
  },
  'field-retry-empty': {
    wpt: 'format-field-retry-empty',
    name: '`retry` without a value is ignored',
    body: message('retry\ndata:test'),
    expected: [ev('test'), 'end'],
  },
  'field-retry': {
    wpt: 'format-field-retry (03000; here 0500)',
    name: '`retry:` with a leading zero is decimal',
    // WPT's 03000 (1536 if read as octal) divided by six: 0500 is 320 as octal.
    body: message('retry:0500\ndata:x'),
    responses: 2,
    retry: 500,
    expected: [ev('x'), 'end', ev('x'), 'end'],
  },
  'field-unknown': {
    wpt: 'format-field-unknown',
    name: 'unknown fields, a field name with a leading space, a line without colon',
    body: message('data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test'),
    expected: [ev('test\n\ntest'), 'end'],
  },
  'leading-space': {
    wpt: 'format-leading-space',
    name: 'only one space after the colon is removed; a tab is kept',
    body: message('data:\ttest\rdata: \ndata:test'),
    expected: [ev('\ttest\n\ntest'), 'end'],
  },
  newlines: {
    wpt: 'format-newlines',
    name: 'CRLF, LF and CR line endings',
    body: message('data:test\r\ndata\ndata:test\r\n\r', 'none'),
    expected: [ev('test\n\ntest'), 'end'],
  },
  'null-character': {
    wpt: 'format-null-character',
    name: 'NUL in data is kept',
    body: message('data:\0\n\n'),
    expected: [ev('\0'), 'end'],
  },
  'mime-trailing-semicolon': {
    wpt: 'format-mime-trailing-semicolon',
    name: '`text/event-stream;` opens',
    mime: 'text/event-stream;',
    body: message('data: data'),
    expected: [ev('data'), 'end'],
  },
  'mime-bogus': {
    wpt: 'format-mime-bogus',
    name: 'a bogus type fails the connection',
    mime: 'x bogus',
    body: message('data: data'),
    expected: ['failed'],
  },
  'mime-valid-bogus': {
    wpt: 'format-mime-valid-bogus',
    name: 'another valid type fails the connection',
    mime: 'text/x-bogus',
    body: message('data: data'),
    expected: ['failed'],
  },
  'utf-8': {
    wpt: 'format-utf-8',
    name: 'always UTF-8, whatever the charset says',
    mime: 'text/event-stream;charset=windows-1252',
    body: message('data:ok…'),
    expected: [ev('ok…'), 'end'],
    chromium: {
      expected: ['failed'],
      why: 'Chromium refuses a charset other than UTF-8 ("EventSource\'s response has a charset ... that is not UTF-8")',
    },
  },
};

/**
 * `/format?case=<id>`: the stream of a {@link FORMAT_CASES} case, then the end of the response, as the WPT resource
 * answers it. The Last-Event-ID header is read as UTF-8 (a header value is bytes; Node gives them as latin1).
 * `&split=1` writes the same bytes in pieces, 5 ms apart, cut after every CR (a CRLF split in two) and after the first
 * byte of every multi-byte character (a BOM or a `…` split), so a client reads them in separate chunks.
 */
export const formatRoute: Route = (ctx) => {
  const entry = FORMAT_CASES[ctx.params.get('case') ?? ''];
  if (!entry) {
    ctx.res.writeHead(404, { 'content-type': 'text/plain', ...CORS_HEADERS });
    ctx.res.end('no such format case');
    return;
  }
  const lastEventId = ctx.lastEventId === null ? '' : Buffer.from(ctx.lastEventId, 'latin1').toString('utf8');
  ctx.res.writeHead(200, { 'content-type': entry.mime ?? 'text/event-stream', ...CORS_HEADERS });
  const body = Buffer.from(entry.body(lastEventId), 'utf8');
  if (ctx.params.get('split') !== '1') {
    ctx.res.end(body);
    return;
  }
  const pieces: Buffer[] = [];
  let start = 0;
  body.forEach((byte, index) => {
    if (byte === 0x0d || byte >= 0xc0) {
      pieces.push(body.subarray(start, index + 1));
      start = index + 1;
    }
  });
  pieces.push(body.subarray(start));
  const next = (): void => {
    const piece = pieces.shift();
    if (piece === undefined || ctx.res.destroyed) ctx.res.end();
    else {
      ctx.res.write(piece);
      setTimeout(next, 5);
    }
  };
  next();
};
