// Writing the text/event-stream format (WHATWG HTML, "Server-sent events", section "Parsing an event stream").
// The server writes the wire format itself on purpose: the tests are about what a real browser parses.

/** The fields of one event. */
export interface SseFrame {
  id?: string | undefined;
  event?: string | undefined;
  data?: string | undefined;
  retry?: number | undefined;
  /** A comment line (`: text`), which the browser ignores; heartbeats are comments. */
  comment?: string | undefined;
}

/**
 * One event in wire format. `data` with newlines becomes several `data:` lines, which the browser joins with `\n`.
 * `eol` picks the line ending: [spec] lines end in CRLF, LF or CR, and a parser must accept all three.
 */
export function frame({ id, event, data, retry, comment }: SseFrame, eol: '\n' | '\r\n' | '\r' = '\n'): string {
  let out = '';
  if (comment !== undefined) out += `: ${comment}${eol}`;
  if (retry !== undefined) out += `retry: ${retry}${eol}`;
  if (event !== undefined) out += `event: ${event}${eol}`;
  if (id !== undefined) out += `id: ${id}${eol}`;
  // [spec] "If the field value starts with a U+0020 SPACE character, remove it": exactly one space after the colon
  // is dropped, so data that itself starts with spaces keeps them.
  if (data !== undefined) for (const line of data.split('\n')) out += `data: ${line}${eol}`;
  return comment !== undefined && data === undefined && id === undefined && event === undefined && retry === undefined
    ? out
    : out + eol;
}

/** Headers of an event stream that a page on another origin may read. */
export const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
} as const;

/** CORS headers: the test page and the benchmark pages are served from other origins. */
export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'last-event-id, cache-control, content-type, authorization',
  'access-control-max-age': '600',
} as const;
