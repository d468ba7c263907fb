// Testing kit: a reconnect after a non-ASCII event id. [spec] The client sends Last-Event-ID "encoded as UTF-8"
// (browsers and eventsource 5 do), and `Headers` hands the mock one character per byte: read as it came, the id never
// matched the run that sent it, so the script replayed from the start on every reconnect. eventsource 4, which this
// suite runs, sends a Latin-1 id as its single byte and cannot send others at all; the consumer run of
// scripts/compat.mjs covers eventsource 5 itself.
import { EventSource as FetchEventSource, type FetchLike } from 'eventsource';
import { afterEach, expect, test, vi } from 'vitest';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

const open: EventSource[] = [];
afterEach(() => {
  for (const source of open.splice(0)) source.close();
});

/** What a spec-conforming client puts on the wire: the id's UTF-8 bytes, one character per byte. */
const utf8Header: FetchLike = (url, init) => {
  const id = init.headers['Last-Event-ID'];
  const bytes = id === undefined ? undefined : String.fromCharCode(...new TextEncoder().encode(id));
  return fetch(url, {
    ...init,
    headers: bytes === undefined ? init.headers : { ...init.headers, 'Last-Event-ID': bytes },
  });
};

function connect(url: string, init?: { fetch: FetchLike }) {
  const source = new FetchEventSource(url, init);
  open.push(source as unknown as EventSource);
  const received: string[] = [];
  source.addEventListener('message', (event) => received.push(`${event.data}:${event.lastEventId}`));
  return received;
}

const script = (id: string) => [
  { retry: 5 },
  { data: 'a', id },
  { drop: true },
  { data: 'b', id: '2' },
  { wait: 60_000 },
];

test('a reconnect whose Last-Event-ID is UTF-8 continues the run that sent the id', async () => {
  const id = 'über-✓';
  const stream = scriptedStream('/utf8-id', script(id));
  server.use(stream);
  const received = connect('/utf8-id', { fetch: utf8Header });
  await vi.waitFor(() => expect(received).toEqual([`a:${id}`, 'b:2']));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, id]);
  expect(stream.requests[1]?.headers.get('last-event-id')).toBe('Ã¼ber-â\u009c\u0093'); // the bytes, as Headers has them
});

test('a Latin-1 id that eventsource 4 sends as one byte (not UTF-8) continues the run too', async () => {
  const stream = scriptedStream('/latin1-id', script('ü'));
  server.use(stream);
  const received = connect('/latin1-id');
  await vi.waitFor(() => expect(received).toEqual(['a:ü', 'b:2']));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, 'ü']);
});
