import type { IncomingMessage, ServerResponse } from 'node:http';
import { bigPayload, PROGRESS_COMPLETE, TRICKLE_EVENTS, UNICODE_EVENTS } from './fixtures';
import { formatRoute } from './format';
import { CORS_HEADERS, frame, STREAM_HEADERS } from './sse';

/** What a route handler gets. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: URLSearchParams;
  /** The stats key of this request. */
  readonly key: string;
  /** The `Last-Event-ID` header, or `null`. */
  readonly lastEventId: string | null;
  /** The request body, once it has all arrived (`''` for none). */
  readonly body: Promise<string>;
  /** Per-key memory that survives reconnects (the progress task's "done" flag). */
  readonly memory: Map<string, unknown>;
  /** Count a heartbeat comment in the stats. */
  countHeartbeat(): void;
}

export type Route = (ctx: RouteContext) => void;

const num = (params: URLSearchParams, name: string, fallback: number): number => {
  const value = Number(params.get(name));
  return params.has(name) && Number.isFinite(value) ? value : fallback;
};

/**
 * The first id to send: one after the `Last-Event-ID` header the browser sent on its own reconnect, else one after
 * the `lastEventId` query param the library sends on a reconnect it makes itself (as better-sse reads it), else 1.
 */
const resumeFrom = (ctx: RouteContext): number => {
  const id = ctx.lastEventId ?? ctx.params.get('lastEventId');
  const last = Number(id);
  return id !== null && id !== '' && Number.isInteger(last) ? last + 1 : 1;
};

const startStream = (ctx: RouteContext): void => {
  ctx.res.writeHead(200, { ...STREAM_HEADERS, ...CORS_HEADERS });
  // Send the headers now: the browser fires `open` when the response starts, not with the first event.
  ctx.res.flushHeaders();
  const retry = ctx.params.get('retry');
  if (retry !== null) ctx.res.write(frame({ retry: Number(retry) }));
};

/** Runs `tick` every `ms` until it returns false or the response closes. */
const every = (ctx: RouteContext, ms: number, tick: () => boolean): void => {
  const timer = setInterval(() => {
    if (!tick()) clearInterval(timer);
  }, ms);
  ctx.res.on('close', () => clearInterval(timer));
};

/** Writes `text` and waits for the socket to drain when Node's buffer is full. */
const write = (ctx: RouteContext, text: string | Buffer): Promise<void> =>
  ctx.res.write(text) || ctx.res.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => {
        const done = (): void => {
          ctx.res.off('drain', done);
          ctx.res.off('close', done);
          resolve();
        };
        ctx.res.on('drain', done);
        ctx.res.on('close', done);
      });

export const routes: Record<string, Route> = {
  /** The web-platform-tests format cases (format.ts): `?case=bom` */
  '/format': formatRoute,

  /**
   * The progress protocol: `{message, progress}` with ids 1..n, then id `CLOSE` with `{"message":"Process complete"}`,
   * then the end of the response. After completion, a request with `Last-Event-ID` gets 204, so the task never runs
   * twice because of the browser's reconnect. `?n=5&interval=20&retry=100`
   */
  '/progress': (ctx) => {
    const n = num(ctx.params, 'n', 5);
    if (ctx.lastEventId !== null && (ctx.memory.get('done') === true || ctx.lastEventId === 'CLOSE')) {
      ctx.res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    startStream(ctx);
    let i = resumeFrom(ctx);
    every(ctx, num(ctx.params, 'interval', 20), () => {
      if (i <= n) {
        const progress = Math.round((i * 100) / n);
        ctx.res.write(
          frame({ id: String(i), data: JSON.stringify({ message: `on iteration ${i} of ${n}`, progress }) }),
        );
        i += 1;
        return true;
      }
      ctx.memory.set('done', true);
      ctx.res.end(frame({ id: 'CLOSE', data: JSON.stringify(PROGRESS_COMPLETE) }));
      return false;
    });
  },

  /**
   * A clock: ids counting up from `Last-Event-ID` + 1, data `{"n":id,"time":epochMs,"tag":tag}`, forever; `tag`
   * echoes the query parameter, so a test can tell which URL an event came from. `?interval=50&tag=a`
   */
  '/clock': (ctx) => {
    startStream(ctx);
    let i = resumeFrom(ctx);
    const tag = ctx.params.get('tag');
    const send = (): boolean => {
      ctx.res.write(frame({ id: String(i), data: JSON.stringify({ n: i, time: Date.now(), tag }) }));
      i += 1;
      return true;
    };
    send();
    every(ctx, num(ctx.params, 'interval', 50), send);
  },

  /** Named events: `tick`, `tock` and unnamed `message`, in turn, ids 1..n, then the stream stays open. */
  '/named': (ctx) => {
    startStream(ctx);
    const n = num(ctx.params, 'n', 6);
    let i = resumeFrom(ctx);
    const types = ['tick', 'tock', undefined] as const;
    every(ctx, num(ctx.params, 'interval', 10), () => {
      if (i > n) return false;
      ctx.res.write(frame({ id: String(i), event: types[(i - 1) % 3], data: `event ${i}` }));
      i += 1;
      return true;
    });
  },

  /**
   * A flood: ids and data 1..n (resuming after `Last-Event-ID`), written `batch` events per write as fast as the
   * socket takes them, or one batch every `pace` ms; then the stream stays open (`?end=1` ends it). `wait` ms
   * before the first event let other tabs join a connection shared across tabs. `?n=20000&batch=100&pace=0&wait=0`
   */
  '/flood': (ctx) => {
    startStream(ctx);
    const n = num(ctx.params, 'n', 20_000);
    const batch = num(ctx.params, 'batch', 100);
    const pace = num(ctx.params, 'pace', 0);
    const wait = num(ctx.params, 'wait', 0);
    void (async () => {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      let i = resumeFrom(ctx);
      while (i <= n && !ctx.res.destroyed) {
        let text = '';
        for (const end = Math.min(n, i + batch - 1); i <= end; i++) text += frame({ id: String(i), data: String(i) });
        await write(ctx, text);
        if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace));
      }
      if (ctx.params.get('end') === '1') ctx.res.end();
    })();
  },

  /**
   * Drops the connection (a broken socket, as a network failure would) after `after` events, every time; the
   * browser reconnects with `Last-Event-ID` and the stream resumes after it, until `total` events were sent; then it
   * stays open. `?after=5&total=20&interval=10&retry=50`
   */
  '/drop': (ctx) => {
    startStream(ctx);
    const after = num(ctx.params, 'after', 5);
    const total = num(ctx.params, 'total', 20);
    let i = resumeFrom(ctx);
    let sent = 0;
    every(ctx, num(ctx.params, 'interval', 10), () => {
      if (i > total) return false;
      if (sent === after) {
        // A while after the last event, so the browser has most likely read it: the connection breaks between
        // events. (Under load the last event can still be lost with the socket; the browser then resumes from the
        // one before, which is just as correct.)
        setTimeout(() => ctx.res.destroy(), 50);
        return false;
      }
      ctx.res.write(frame({ id: String(i), data: `event ${i}` }));
      i += 1;
      sent += 1;
      return true;
    });
  },

  /**
   * A drop, then a 500 on the browser's own reconnect, then a stream again: the first request sends events from 1 and
   * breaks the socket after `after` of them; the second (the browser's reconnect, with `Last-Event-ID`) gets a 500,
   * which fails the connection for good; every later request (a library retry) resumes after the `lastEventId`
   * query param (or header) up to `total`, then stays open. `?after=5&total=12&interval=5&retry=50`
   */
  '/flaky': (ctx) => {
    const count = ((ctx.memory.get('requests') as number | undefined) ?? 0) + 1;
    ctx.memory.set('requests', count);
    if (count === 2) {
      ctx.res.writeHead(500, { 'content-type': 'text/plain', ...CORS_HEADERS });
      ctx.res.end('the reconnect fails');
      return;
    }
    startStream(ctx);
    const after = num(ctx.params, 'after', 5);
    const total = num(ctx.params, 'total', 12);
    let i = resumeFrom(ctx);
    every(ctx, num(ctx.params, 'interval', 5), () => {
      if (i > total) return false;
      if (count === 1 && i > after) {
        setTimeout(() => ctx.res.destroy(), 50);
        return false;
      }
      ctx.res.write(frame({ id: String(i), data: `event ${i}` }));
      i += 1;
      return true;
    });
  },

  /**
   * `n` events (ids resuming after `Last-Event-ID` or `?lastEventId=`), then silence with the response kept open,
   * as behind a dead proxy or a half-open TCP connection: only a client-side watchdog notices. `?n=3&interval=5`
   */
  '/silent': (ctx) => {
    startStream(ctx);
    const n = num(ctx.params, 'n', 3);
    let i = resumeFrom(ctx);
    const last = i + n - 1;
    every(ctx, num(ctx.params, 'interval', 5), () => {
      if (i > last) return false;
      ctx.res.write(frame({ id: String(i), data: `event ${i}` }));
      i += 1;
      return true;
    });
  },

  /**
   * [spec] An empty `id:` field resets the last event ID string: ids 1 and 2, then an event with `id:` and no value,
   * then one without an id field; then the stream stays open.
   */
  '/id-reset': (ctx) => {
    startStream(ctx);
    ctx.res.write(frame({ id: '1', data: 'one' }) + frame({ id: '2', data: 'two' }));
    ctx.res.write('id:\ndata: reset\n\n');
    ctx.res.write(frame({ data: 'after the reset' }));
  },

  /** A 200 with `text/plain` and event-shaped body: [spec] the browser must fail the connection. */
  '/wrong-type': (ctx) => {
    ctx.res.writeHead(200, { 'content-type': 'text/plain', ...CORS_HEADERS });
    ctx.res.end(frame({ id: '1', data: 'this must not arrive' }));
  },

  /**
   * A slow trickle: the events of {@link TRICKLE_EVENTS} (ids 1..5) written `chunk` bytes at a time, `interval` ms
   * apart, so lines, fields and UTF-8 sequences are split across network reads. `?chunk=3&interval=2`
   */
  '/trickle': (ctx) => {
    startStream(ctx);
    const payload = Buffer.from(
      TRICKLE_EVENTS.map((data, index) => frame({ id: String(index + 1), data })).join(''),
      'utf8',
    );
    const chunk = Math.max(1, num(ctx.params, 'chunk', 3));
    let offset = 0;
    every(ctx, num(ctx.params, 'interval', 2), () => {
      if (offset >= payload.length) return false;
      ctx.res.write(payload.subarray(offset, offset + chunk));
      offset += chunk;
      return true;
    });
  },

  /** Events 1..n with `beats` heartbeat comments before each, `interval` ms apart; then heartbeats only. */
  '/heartbeat': (ctx) => {
    startStream(ctx);
    const n = num(ctx.params, 'n', 5);
    const beats = num(ctx.params, 'beats', 3);
    let i = resumeFrom(ctx);
    let beat = 0;
    every(ctx, num(ctx.params, 'interval', 5), () => {
      if (beat < beats || i > n) {
        ctx.res.write(frame({ comment: 'heartbeat' }));
        ctx.countHeartbeat();
        beat += 1;
        return true;
      }
      ctx.res.write(frame({ id: String(i), data: `event ${i}` }));
      i += 1;
      beat = 0;
      return true;
    });
  },

  /** One event of `size` characters ({@link bigPayload}), id 1, then a small event with id 2. `?size=1048576` */
  '/big': (ctx) => {
    startStream(ctx);
    const size = num(ctx.params, 'size', 1024 * 1024);
    void (async () => {
      await write(ctx, frame({ id: '1', data: bigPayload(size) }));
      await write(ctx, frame({ id: '2', data: 'after the big one' }));
    })();
  },

  /**
   * {@link UNICODE_EVENTS}: multi-line and non-ASCII data with LF, CRLF and CR line endings, after a byte order
   * mark ([spec] a leading U+FEFF is skipped).
   */
  '/unicode': (ctx) => {
    startStream(ctx);
    ctx.res.write('\uFEFF');
    for (const event of UNICODE_EVENTS) ctx.res.write(frame({ id: event.id, data: event.data }, event.lineEnding));
  },

  // Routes for the fetch transport (headers, a body, comments), which the browser's EventSource cannot use.

  /**
   * A feed that demands `Authorization: Bearer <token>`: without one, a 401 `{"error":"unauthorized"}`; with a token
   * this key has expired, a 401 `{"error":"token_expired"}`. Otherwise ids resuming after `Last-Event-ID` up to `n`
   * (then it stays open); after `expireAfter` events in one response, with events left to send, the token that asked
   * expires and the response ends, so the client's reconnect with it is refused. `?n=6&expireAfter=3&interval=5&retry=20`
   */
  '/auth': (ctx) => {
    const token = /^Bearer (.+)$/.exec(ctx.req.headers.authorization ?? '')?.[1];
    const expired = (ctx.memory.get('expired') as Set<string> | undefined) ?? new Set<string>();
    ctx.memory.set('expired', expired);
    if (token === undefined || expired.has(token)) {
      ctx.res.writeHead(401, { 'content-type': 'application/json', ...CORS_HEADERS });
      ctx.res.end(JSON.stringify({ error: token === undefined ? 'unauthorized' : 'token_expired' }));
      return;
    }
    startStream(ctx);
    const n = num(ctx.params, 'n', 6);
    const expireAfter = num(ctx.params, 'expireAfter', Number.POSITIVE_INFINITY);
    let i = resumeFrom(ctx);
    let sent = 0;
    every(ctx, num(ctx.params, 'interval', 5), () => {
      if (i > n) return false;
      if (sent === expireAfter) {
        expired.add(token);
        ctx.res.end();
        return false;
      }
      ctx.res.write(frame({ id: String(i), data: `notification ${i}` }));
      i += 1;
      sent += 1;
      return true;
    });
  },

  /**
   * A chat answer to a POST: the request body streamed back a word an event (ids 1..n, resuming after
   * `Last-Event-ID`), then `data: [DONE]`; then the response stays open until the client leaves. `cut=N` breaks the
   * socket after N words of the key's first request (an answer cut off by the network); later requests are never cut.
   * `?interval=5&retry=20&cut=2`
   */
  '/echo': (ctx) => {
    const requests = ((ctx.memory.get('requests') as number | undefined) ?? 0) + 1;
    ctx.memory.set('requests', requests);
    void ctx.body.then((body) => {
      if (ctx.res.destroyed) return;
      startStream(ctx);
      const words = body.split(/\s+/).filter(Boolean);
      const cut = requests === 1 ? num(ctx.params, 'cut', Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      let i = resumeFrom(ctx);
      let sent = 0;
      every(ctx, num(ctx.params, 'interval', 5), () => {
        if (sent === cut) {
          // A while after the last word, so the client has most likely read it (as in `/drop`).
          setTimeout(() => ctx.res.destroy(), 50);
          return false;
        }
        if (i > words.length) {
          ctx.res.write(frame({ data: '[DONE]' }));
          return false;
        }
        ctx.res.write(frame({ id: String(i), data: words[i - 1] }));
        i += 1;
        sent += 1;
        return true;
      });
    });
  },

  /**
   * Keep-alive comments only (`: keep-alive`, counted as heartbeats), one every `interval` ms; after `beats` of them
   * (in each response), silence with the response kept open, as behind a dead proxy. Without `beats`, comments until
   * the client leaves. `?interval=20&beats=10`
   */
  '/comments': (ctx) => {
    startStream(ctx);
    const beats = num(ctx.params, 'beats', Number.POSITIVE_INFINITY);
    let sent = 0;
    every(ctx, num(ctx.params, 'interval', 20), () => {
      if (sent >= beats) return false;
      ctx.res.write(frame({ comment: 'keep-alive' }));
      ctx.countHeartbeat();
      sent += 1;
      return true;
    });
  },
};
