// @vitest-environment node
// The fetch transport in plain Node (no jsdom, no document): Node's own fetch, EventTarget and MessageEvent.
import { http } from 'msw';
import { afterEach, expect, test, vi } from 'vitest';
import { FetchEventSource } from '../../src/transport/fetchSource';
import { server } from '../server';

const opened: FetchEventSource[] = [];
afterEach(() => {
  for (const source of opened.splice(0)) source.close();
});

test('streams events with Node globals only', async () => {
  server.use(
    http.get(
      'http://localhost:4000/node',
      () =>
        new Response('id: 1\ndata: from node\n\n', {
          headers: { 'Content-Type': 'text/event-stream' },
        }),
    ),
  );
  expect(typeof document).toBe('undefined');
  const source = new FetchEventSource('http://localhost:4000/node');
  opened.push(source);
  const heard: [string, string, string][] = [];
  source.addEventListener('message', (event) => {
    const { data, lastEventId, origin } = event as MessageEvent;
    heard.push([data, lastEventId, origin]);
    source.close();
  });
  await vi.waitFor(() => expect(heard).toEqual([['from node', '1', 'http://localhost:4000']]));
});

test('a relative url has nothing to resolve against: a SyntaxError', () => {
  expect(() => new FetchEventSource('/relative')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
});
