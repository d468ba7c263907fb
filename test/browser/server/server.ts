import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { RequestRecord, RouteStats } from './fixtures';
import { type RouteContext, routes } from './routes';
import { CORS_HEADERS } from './sse';

/**
 * A real SSE server for the browser tests and the benchmarks, on Node's `http`, bound to 127.0.0.1 on free ports.
 *
 * Two listeners: the **stream** server (the routes of `routes.ts`, plus `/status/<code>`; anything else is 404),
 * which can be taken down and brought back on the same port, and the **control** server, which stays up:
 * - `GET  /_stats?key=K`   what the stream server saw for key K ({@link RouteStats})
 * - `POST /_reset`         forget all stats and per-key memory
 * - `POST /_down?ms=2000`  close the stream server (refusing connections, breaking open ones), listen again after `ms`
 *
 * A request's stats key is its `key` query parameter, or its path when there is none; tests use a fresh key per case.
 * The control server has its own port so the browser's six-connections-per-host limit on the stream origin never
 * blocks a stats request.
 */
export interface SseTestServer {
  /** The stream server's origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The control server's origin. */
  readonly controlUrl: string;
  /** What the stream server saw for one key. */
  stats(key: string): RouteStats;
  /** Forget all stats and per-key memory. */
  reset(): void;
  /** Close the stream server now (open connections break, new ones are refused) and listen again after `ms`. */
  down(ms: number): Promise<void>;
  /** Stop both servers. */
  close(): Promise<void>;
}

interface MutableStats {
  key: string;
  total: number;
  open: number;
  maxOpen: number;
  preflights: number;
  heartbeats: number;
  requests: MutableRecord[];
}
type MutableRecord = { -readonly [K in keyof RequestRecord]: RequestRecord[K] };

const HOST = '127.0.0.1';

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...CORS_HEADERS });
  res.end(JSON.stringify(body));
};

/** Start the servers on free ports. */
export async function startSseServer(): Promise<SseTestServer> {
  const stats = new Map<string, MutableStats>();
  const memory = new Map<string, Map<string, unknown>>();
  const t0 = performance.now();
  const now = (): number => Math.round(performance.now() - t0);

  const statsOf = (key: string): MutableStats => {
    let entry = stats.get(key);
    if (!entry) {
      entry = { key, total: 0, open: 0, maxOpen: 0, preflights: 0, heartbeats: 0, requests: [] };
      stats.set(key, entry);
    }
    return entry;
  };
  const memoryOf = (key: string): Map<string, unknown> => {
    let entry = memory.get(key);
    if (!entry) {
      entry = new Map();
      memory.set(key, entry);
    }
    return entry;
  };

  const handleStream = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const key = url.searchParams.get('key') ?? url.pathname;
    const entry = statsOf(key);
    if (req.method === 'OPTIONS') {
      entry.preflights += 1;
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const header = req.headers['last-event-id'];
    const record: MutableRecord = {
      url: url.pathname + url.search,
      method: req.method ?? 'GET',
      body: '',
      lastEventId: typeof header === 'string' ? header : null,
      status: 0,
      at: now(),
      closedAt: null,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      ),
    };
    entry.total += 1;
    entry.open += 1;
    entry.maxOpen = Math.max(entry.maxOpen, entry.open);
    entry.requests.push(record);
    // 'close' fires once, whether the client went away, the server ended the response or the socket broke.
    res.once('close', () => {
      entry.open -= 1;
      record.closedAt = now();
    });
    const originalWriteHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: never[]) => {
      record.status = status;
      return originalWriteHead(status, ...rest);
    }) as typeof res.writeHead;

    // Every request body is read (a GET's is empty), so the stats show what a POST sent; a route that answers from
    // it awaits `ctx.body`.
    const chunks: Buffer[] = [];
    const body = new Promise<string>((resolve) => {
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        record.body = Buffer.concat(chunks).toString('utf8');
        resolve(record.body);
      });
    });
    const ctx: RouteContext = {
      req,
      res,
      params: url.searchParams,
      key,
      lastEventId: record.lastEventId,
      body,
      memory: memoryOf(key),
      countHeartbeat: () => {
        entry.heartbeats += 1;
      },
    };
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { 'content-type': 'text/plain', ...CORS_HEADERS });
      res.end(status[1] === '204' ? undefined : `status ${status[1]}`);
      return;
    }
    const route = routes[url.pathname];
    if (route) route(ctx);
    else {
      res.writeHead(404, { 'content-type': 'text/plain', ...CORS_HEADERS });
      res.end('not found');
    }
  };

  const stream = createServer(handleStream);
  const port = await listen(stream, 0);
  let downTimer: ReturnType<typeof setTimeout> | undefined;

  const control = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    if (url.pathname === '/_stats') {
      json(res, 200, server.stats(url.searchParams.get('key') ?? ''));
      return;
    }
    if (url.pathname === '/_reset' && req.method === 'POST') {
      server.reset();
      json(res, 200, { ok: true });
      return;
    }
    if (url.pathname === '/_down' && req.method === 'POST') {
      const ms = Number(url.searchParams.get('ms') ?? 2000);
      server.down(ms).then(
        () => json(res, 200, { down: true, ms }),
        (error: unknown) => json(res, 409, { error: String(error) }),
      );
      return;
    }
    json(res, 404, { error: `no control route ${url.pathname}` });
  });
  const controlPort = await listen(control, 0);

  const server: SseTestServer = {
    url: `http://${HOST}:${port}`,
    controlUrl: `http://${HOST}:${controlPort}`,
    stats: (key) => {
      const entry = statsOf(key);
      return { ...entry, requests: entry.requests.map((record) => ({ ...record })) };
    },
    reset: () => {
      stats.clear();
      memory.clear();
    },
    down: async (ms) => {
      if (downTimer !== undefined) throw new Error('the stream server is already down');
      await closeServer(stream);
      downTimer = setTimeout(() => {
        downTimer = undefined;
        // Same port: the browser's reconnect goes to the address it knows.
        listen(stream, port).catch((error: unknown) => console.error('could not listen again on', port, error));
      }, ms);
    },
    close: async () => {
      clearTimeout(downTimer);
      downTimer = undefined;
      await Promise.all([closeServer(stream), closeServer(control)]);
    },
  };

  return server;
}
