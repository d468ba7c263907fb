// @vitest-environment node
// Recipe (docs/resume.md, "The server's side"): resume-server.mjs is the page's code block, run as it is in a Node
// process of its own. It must resume from the Last-Event-ID header, else from the lastEventId query param.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { http, passthrough } from 'msw';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { server } from '../server';

let child: ChildProcess | undefined;
let base = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [join(import.meta.dirname, 'resume-server.mjs')], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  });
  // Until it accepts connections.
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(() => resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the recipe server did not start');
});

afterAll(() => {
  child?.kill();
});

/** The response's headers and its text until `until` appears, then the request is aborted. */
async function read(path: string, headers: Record<string, string>, until: string) {
  server.use(http.get(`${base}/*`, () => passthrough()));
  const abort = new AbortController();
  const response = await fetch(`${base}${path}`, { headers, signal: abort.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes(until)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  abort.abort();
  return { headers: response.headers, ids: [...text.matchAll(/^id: (.*)$/gm)].map((match) => match[1]), text };
}

test('resumes after the Last-Event-ID header', async () => {
  const { headers, ids, text } = await read('/api/feed', { 'Last-Event-ID': '2' }, 'id: 5\n');
  expect(headers.get('content-type')).toBe('text/event-stream');
  expect(headers.get('cache-control')).toBe('no-cache');
  expect(headers.get('x-accel-buffering')).toBe('no');
  expect(text.startsWith('retry: 2000\n\n')).toBe(true);
  expect(ids).toEqual(['3', '4', '5']);
});

test('resumes after the lastEventId query param when there is no header', async () => {
  const { ids } = await read('/api/feed?lastEventId=4', {}, 'id: 5\n');
  expect(ids).toEqual(['5']);
});

test('the header wins over the param, and without either every event comes', async () => {
  expect((await read('/api/feed?lastEventId=1', { 'Last-Event-ID': '3' }, 'id: 5\n')).ids).toEqual(['4', '5']);
  expect((await read('/api/feed', {}, 'id: 5\n')).ids).toEqual(['1', '2', '3', '4', '5']);
});
