import { http } from 'msw';
import { server } from '../server';

/** A request as the server saw it. */
export interface Seen {
  method: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: string;
  /** When the handler ran. */
  at: number;
  /** Whether the client went away (`msw/node` aborts the request's signal when the fetch is aborted). */
  aborted: boolean;
}

/**
 * Serve `path` (any method): `respond` gets the request number (1-based) and what the server saw of it, and returns
 * the response. Returns what the server saw, one entry a request.
 */
export function route(path: string, respond: (n: number, seen: Seen) => Response | Promise<Response>): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(path, async ({ request }) => {
      const entry: Seen = {
        method: request.method,
        headers: request.headers,
        credentials: request.credentials,
        body: await request.text(),
        at: Date.now(),
        aborted: false,
      };
      request.signal.addEventListener('abort', () => {
        entry.aborted = true;
      });
      seen.push(entry);
      return respond(seen.length, entry);
    }),
  );
  return seen;
}

const encoder = new TextEncoder();

/** A `text/event-stream` answer the test writes to as it goes: `send`, then maybe `end` or `drop` (a reset). */
export function live() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    drop: () => controller.error(new Error('connection reset')),
  };
}
