/** One request that reached a mocked stream, as the server saw it. */
export interface StreamRequest {
  /** The full request URL. */
  readonly url: string;
  /** The `Last-Event-ID` header as text, or `null` when the request carried none (a brand-new EventSource). */
  readonly lastEventId: string | null;
  /** All request headers. */
  readonly headers: Headers;
  /** The HTTP status the mock answered with (200 for a stream). */
  status: number;
  /** Whether this connection is still open. */
  open: boolean;
  /** Who ended the connection: the `client` (EventSource closed or aborted), the `server` (script), or nobody yet. */
  closedBy: 'client' | 'server' | null;
}

/** What a mocked stream saw, for assertions from the server's side. */
export interface StreamRecord {
  /** Every request that reached this mock, in order. */
  readonly requests: readonly StreamRequest[];
  /** How many connections are open right now. */
  readonly openConnections: number;
  /** The most connections that were open at the same time. */
  readonly maxOpenConnections: number;
}

/** @internal Bookkeeping shared by the stream factories. */
export class Tracker implements StreamRecord {
  readonly requests: StreamRequest[] = [];
  openConnections = 0;
  maxOpenConnections = 0;

  /** Record a request; the returned record is updated as the connection lives and ends. */
  record(request: Request): StreamRequest {
    const entry: StreamRequest = {
      url: request.url,
      lastEventId: headerText(request.headers.get('last-event-id')),
      headers: request.headers,
      status: 200,
      open: false,
      closedBy: null,
    };
    this.requests.push(entry);
    return entry;
  }

  /** Mark a connection open; returns `end(by)`, which marks it closed once. */
  opened(entry: StreamRequest, signal: AbortSignal): (by: 'client' | 'server') => void {
    entry.open = true;
    this.openConnections += 1;
    this.maxOpenConnections = Math.max(this.maxOpenConnections, this.openConnections);
    const end = (by: 'client' | 'server'): void => {
      if (!entry.open) return;
      entry.open = false;
      entry.closedBy = by;
      this.openConnections -= 1;
    };
    signal.addEventListener('abort', () => end('client'), { once: true });
    return end;
  }
}

/**
 * [spec] The client sets `Last-Event-ID` to the last event ID string "encoded as UTF-8" (browsers and eventsource 5),
 * and `Headers` hands a header over one character per byte; decoded here, it is the id the stream sent. A value that is
 * not UTF-8 is kept as it came: eventsource 4 sends an id such as `ü` as its single Latin-1 byte.
 */
function headerText(value: string | null): string | null {
  if (value === null || !/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(value, (char) => char.charCodeAt(0)));
  } catch {
    return value;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Attach the record's live getters to a handler object. */
export function withRecord<H extends object>(handler: H, tracker: Tracker): H & StreamRecord {
  return Object.defineProperties(handler, {
    requests: { get: () => tracker.requests, enumerable: true },
    openConnections: { get: () => tracker.openConnections, enumerable: true },
    maxOpenConnections: { get: () => tracker.maxOpenConnections, enumerable: true },
  }) as H & StreamRecord;
}
