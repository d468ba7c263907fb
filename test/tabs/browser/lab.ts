// Several tabs of one browser profile against the real SSE server, for the cross-tab tests (tabs.test.ts) and
// benchmarks (bench/tabs.mjs): headless Chromium through playwright-core, a persistent context (its pages share
// BroadcastChannel and Web Locks as a person's tabs do), test/tabs/browser/page.tsx bundled by esbuild as an app would ship
// it (ESM, code splitting, so `share: 'tabs'` loads its chunk on first use), served from a page server of its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TransportOptions, UseEventSourceOptionsBase } from '../../../src';
import { type SseTestServer, startSseServer } from '../../browser/server/server';
import type { HookRecord, ProbeOptions } from './page';

/** The host name Chromium maps to 127.0.0.1: a page there is not a secure context, so it has no `navigator.locks`. */
export const INSECURE_HOST = 'sse.test';

/** Options of a hook mounted in a tab (no functions: they cross into the page as JSON). */
export type TabHookOptions = Omit<
  UseEventSourceOptionsBase<string>,
  'onMessage' | 'onError' | 'onOpen' | 'parse' | 'closeWhen'
> &
  TransportOptions &
  ProbeOptions;

/** One tab of the profile. */
export interface Tab {
  readonly page: Page;
  /** Mount a hook; returns its id in this tab. */
  mount(url: string, options?: TabHookOptions): Promise<number>;
  unmount(id: number): Promise<void>;
  /** What the hook saw so far. */
  read(id: number): Promise<HookRecord>;
  /** The urls this tab requested, oldest first. */
  readonly requests: readonly string[];
  /** Call the hook's `open()`. */
  open(id: number): Promise<void>;
  /** EventSources this tab created, and how many are not CLOSED: 1 in the leader, 0 in a follower. */
  sources(): Promise<{ created: number; live: number }>;
  close(): Promise<void>;
}

/** The browser, its profile, the pages' server and the SSE server. */
export interface Lab {
  readonly server: SseTestServer;
  /** The pages' origin on 127.0.0.1, a secure context (Web Locks). */
  readonly secure: string;
  /** The same server as {@link INSECURE_HOST}: no Web Locks, so the election runs over the channel. */
  readonly insecure: string;
  readonly context: BrowserContext;
  /** Uncaught errors in any tab, as `message`. */
  readonly errors: string[];
  /** Open a tab at `origin` (default {@link secure}) and wait for its page script. */
  openTab(origin?: string): Promise<Tab>;
  /** A stream url on the SSE server. */
  stream(path: string, params?: Record<string, string | number>): string;
  close(): Promise<void>;
}

/**
 * Start everything. `executablePath` and `args` come from scripts/chromium.mjs; `root` is the repository (this
 * file's, unless it was bundled elsewhere, as bench/tabs.mjs does).
 */
export async function startLab({
  executablePath,
  args,
  root = fileURLToPath(new URL('../../..', import.meta.url)),
}: {
  executablePath: string;
  args: string[];
  root?: string;
}): Promise<Lab> {
  const work = mkdtempSync(join(tmpdir(), 'react-sse-kit-tabs-'));
  const out = join(work, 'page');
  await build({
    entryPoints: [join(root, 'test/tabs/browser/page.tsx')],
    outdir: out,
    bundle: true,
    splitting: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
    logOverride: { 'module-level-directive': 'silent' },
  });
  const server = await startSseServer();
  const pages = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><meta charset="utf-8"><title>tab</title><script type="module" src="/page.js"></script>');
      return;
    }
    const file = /^\/[\w-]+\.js$/.test(path) ? join(out, path.slice(1)) : undefined;
    try {
      const body = file ? readFileSync(file) : undefined;
      if (!body) throw new Error('not found');
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const port = (pages.address() as AddressInfo).port;
  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath,
    headless: true,
    args: [...args, `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`],
  });

  const errors: string[] = [];
  const openTab = async (origin = `http://127.0.0.1:${port}`): Promise<Tab> => {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.tabs !== undefined);
    return {
      page,
      requests,
      mount: (url, options = {}) => page.evaluate(([u, o]) => window.tabs.mount(u, o), [url, options] as const),
      unmount: (id) => page.evaluate((i) => window.tabs.unmount(i), id),
      read: (id) => page.evaluate((i) => window.tabs.read(i), id),
      open: (id) => page.evaluate((i) => window.tabs.open(i), id),
      sources: () => page.evaluate(() => window.tabs.sources()),
      close: () => page.close(),
    };
  };

  return {
    server,
    secure: `http://127.0.0.1:${port}`,
    insecure: `http://${INSECURE_HOST}:${port}`,
    context,
    errors,
    openTab,
    stream: (path, params = {}) => {
      const url = new URL(path, server.url);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
      return url.href;
    },
    close: async () => {
      await context.close();
      await server.close();
      await new Promise((resolve) => pages.close(resolve));
      rmSync(work, { recursive: true, force: true });
    },
  };
}
