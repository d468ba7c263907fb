// docs/headers-post-auth.md, the first block: `headers`, `method` or `body` choose the fetch transport, and
// `transport: 'fetch'` alone is a plain GET over fetch. What the server received says which request went out; there is
// no EventSource in this environment, so every one of them went over fetch.
import { renderHook, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

interface Seen {
  path: string;
  method: string;
  authorization: string | null;
  body: string;
}

beforeEach(() => {
  vi.stubGlobal('EventSource', undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

test('headers, method and body each choose the fetch transport; transport: fetch alone is a GET', async () => {
  const seen: Seen[] = [];
  server.use(
    http.all('/api/*', async ({ request }) => {
      seen.push({
        path: new URL(request.url).pathname,
        method: request.method,
        authorization: request.headers.get('authorization'),
        body: await request.text(),
      });
      return new Response('data: hello\n\n', { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  );
  const token = 'secret';
  const question = { content: 'Why?' };
  renderHook(() => {
    // --- recipe ---
    useEventSource('/api/feed', { headers: { Authorization: `Bearer ${token}` } }); // a GET, with a header
    useEventSource('/api/chat', { method: 'POST', body: JSON.stringify(question) }); // a POST
    useEventSource('/api/feed', { transport: 'fetch' }); // a plain GET, over fetch
    // --- end of recipe ---
  });
  await waitFor(() => expect(seen).toHaveLength(3));
  expect(seen).toEqual(
    expect.arrayContaining([
      { path: '/api/feed', method: 'GET', authorization: 'Bearer secret', body: '' },
      { path: '/api/chat', method: 'POST', authorization: null, body: '{"content":"Why?"}' },
      { path: '/api/feed', method: 'GET', authorization: null, body: '' },
    ]),
  );
});
