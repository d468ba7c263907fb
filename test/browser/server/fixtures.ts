// Data shared by the server (Node) and the tests (browser): what a route sends is what a test expects.
// No Node or DOM imports here, so both sides can load it.

/** Events of the `/unicode` route, in order: multi-line, non-ASCII, and line-ending edge cases. */
export const UNICODE_EVENTS: readonly {
  readonly id: string;
  readonly data: string;
  readonly lineEnding: '\n' | '\r\n' | '\r';
}[] = [
  { id: '1', data: 'first line\nsecond line\nthird line', lineEnding: '\n' },
  { id: '2', data: 'Grüße aus Köln · ¿Qué tal? · Ωμέγα', lineEnding: '\n' },
  { id: '3', data: '日本語のテキスト · 中文 · 한국어', lineEnding: '\r\n' },
  { id: '4', data: 'emoji 🎉👩‍👩‍👧 and astral 𝄞 𠜎', lineEnding: '\r' },
  { id: '5', data: 'مرحبا بالعالم\nשלום עולם', lineEnding: '\r\n' },
  { id: '6', data: '  leading spaces kept after the first one, and a colon: inside', lineEnding: '\n' },
  { id: '7', data: '', lineEnding: '\n' },
  { id: '8', data: 'combining e\u0301 and NFC \u00e9 stay distinct', lineEnding: '\n' },
];

/** Events of the `/trickle` route: the payload is written a few bytes at a time, splitting lines and UTF-8 sequences. */
export const TRICKLE_EVENTS: readonly string[] = [
  'alpha',
  'multi\nline\nevent',
  'ünïcödé split across chunks: 🎉',
  '{"json":true,"n":4}',
  'the end',
];

/** The data of the `/big` route's first event: `size` characters of a repeating pattern, so a test can check every byte. */
export function bigPayload(size: number): string {
  const pattern = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
}

/** The completion message of the progress protocol. */
export const PROGRESS_COMPLETE = { message: 'Process complete' } as const;

/** What `/_stats` answers for one key. */
export interface RouteStats {
  /** The stats key: the `key` query parameter, or the path when there is none. */
  readonly key: string;
  /** Stream requests received (CORS preflights are not counted). */
  readonly total: number;
  /** Connections open right now. */
  readonly open: number;
  /** The most connections open at once. */
  readonly maxOpen: number;
  /** CORS preflight requests received. */
  readonly preflights: number;
  /** Heartbeat comments written. */
  readonly heartbeats: number;
  /** Every request, oldest first. */
  readonly requests: readonly RequestRecord[];
}

/** One request the server saw. */
export interface RequestRecord {
  /** Path and query. */
  readonly url: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request body as received (`''` for none; complete once a route that reads it has answered). */
  readonly body: string;
  /** The `Last-Event-ID` header, or `null` when the request had none. */
  readonly lastEventId: string | null;
  /** The HTTP status answered. */
  readonly status: number;
  /** Milliseconds since the server started, when the request arrived. */
  readonly at: number;
  /** When the connection closed, or `null` while it is open. */
  readonly closedAt: number | null;
  /** Request headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
}
