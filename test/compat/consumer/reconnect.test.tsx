// Reconnects against the kit: a dropped stream resumes where it stopped (the reconnect carries Last-Event-ID), a
// finished script answers 204, and an injected fetch runs for every request. Run by scripts/compat.mjs.
import { configure, render, screen, waitFor } from '@testing-library/react';
import { EventSource, type FetchLike } from 'eventsource';
import eventsourcePackage from 'eventsource/package.json';
import { HttpResponse, http } from 'msw';
import { type SseError, useEventSource } from 'react-sse-kit';
import { scriptedStream } from 'react-sse-kit/testing';
import { expect, test } from 'vitest';
import { Feed } from './Feed';
import { server } from './vitest.setup';

// A shared machine can be slow: a wait may take 4 s instead of 1 s (it ends as soon as its condition holds).
configure({ asyncUtilTimeout: 4000 });

const text = (id: string) => screen.getByTestId(id).textContent;
const hold = { wait: 60_000 };
const eventsourceMajor = Number(eventsourcePackage.version.split('.')[0]);
const nextTasks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a dropped stream reconnects with Last-Event-ID and the script continues: nothing lost, nothing twice', async () => {
  const stream = scriptedStream('/api/resume', [
    { retry: 5 },
    { data: 'a', id: '1' },
    { drop: true },
    { data: 'b', id: '2' },
    hold,
  ]);
  server.use(stream);
  const errors: SseError[] = [];
  render(<Feed url="/api/resume" options={{ onError: (error) => errors.push(error) }} />);
  await waitFor(() => expect(text('received')).toBe('message:a:1 | message:b:2'));
  expect(text('status')).toBe('open');
  expect(errors.map((e) => [e.kind, e.willReconnect])).toEqual([['connection', true]]);
  expect(stream.requests.map((r) => [r.lastEventId, r.closedBy])).toEqual([
    [null, 'server'],
    ['1', null],
  ]);
  expect(stream.openConnections).toBe(1);
});

test('a reconnect after a non-ASCII event id continues the script too', async () => {
  // [spec] Last-Event-ID is the id encoded as UTF-8; the kit reads it back as the id the stream sent. The eventsource
  // package before 5 sends the id as it is, one byte a character, so an id outside Latin-1 makes its fetch throw on
  // every reconnect: with it (the Node 20 run), an id within Latin-1, which the kit reads back as it came.
  const id = eventsourceMajor >= 5 ? 'über-✓' : 'über';
  const stream = scriptedStream('/api/resume-utf8', [
    { retry: 5 },
    { data: 'a', id },
    { drop: true },
    { data: 'b', id: '2' },
    hold,
  ]);
  server.use(stream);
  render(<Feed url="/api/resume-utf8" />);
  await waitFor(() => expect(text('received')).toBe(`message:a:${id} | message:b:2`));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, id]);
});

test('after a finished script the reconnect gets 204: the client stops, and a 204 is never retried', async () => {
  const stream = scriptedStream('/api/finite', [{ retry: 5 }, { data: 'only once', id: '1' }, { close: true }]);
  server.use(stream);
  render(<Feed url="/api/finite" options={{ reconnect: { attempts: 3, delay: 5 } }} />);
  await waitFor(() => expect(text('status')).toBe('failed'));
  expect(text('error')).toBe('connection 204'); // the status from the error event's `code`
  expect(text('received')).toBe('message:only once:1');
  await nextTasks(100); // twenty retry delays: a retry would have asked again by now
  expect(stream.requests.map((r) => [r.lastEventId, r.status])).toEqual([
    [null, 200],
    ['1', 204],
  ]);
});

let requestsMade = 0;
// The eventsource package's `fetch` option, as in the README's Authorization recipe. It runs for every request, so a
// header computed in it is fresh on each (here a counter stands in for the current token).
const withToken: FetchLike = (url, init) => {
  requestsMade += 1;
  return fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer token-${requestsMade}` } });
};
const eventSourceInit = { fetch: withToken };

function Notifications() {
  const { status, data } = useEventSource('/api/notifications', { EventSource, eventSourceInit });
  return <p>{`${status}: ${data ?? 'nothing yet'}`}</p>;
}

test('an injected fetch adds a header to every request, the reconnect included', async () => {
  const stream = scriptedStream('/api/notifications', [
    { retry: 5 },
    { data: 'one', id: '1' },
    { drop: true },
    { data: 'two', id: '2' },
    hold,
  ]);
  server.use(stream);
  render(<Notifications />);
  expect(await screen.findByText('open: two')).toBeTruthy();
  expect(stream.requests.map((r) => [r.headers.get('authorization'), r.lastEventId])).toEqual([
    ['Bearer token-1', null],
    ['Bearer token-2', '1'],
  ]);
});

test('a library retry resumes after the id in the lastEventIdParam query parameter: nothing twice', async () => {
  const stream = scriptedStream(
    '/api/retry',
    [{ retry: 5 }, { data: 'a', id: '1' }, { drop: true }, { data: 'b', id: '2' }, hold],
    { lastEventIdParam: 'lastEventId' },
  );
  // The browser's reconnect (the second request) meets a server that is down: the library retries, with the id in the
  // query. (A stall recovery would do the same, but on msw 3 undici then throws an uncaught assertion.)
  let requests = 0;
  const down = http.get('/api/retry', () => {
    requests += 1;
    return requests === 2 ? new HttpResponse(null, { status: 500 }) : undefined;
  });
  server.use(down, stream);
  const options = { reconnect: { attempts: 3, delay: 5 }, lastEventIdParam: 'lastEventId' };
  render(<Feed url="/api/retry" options={options} />);
  await waitFor(() => expect(text('received')).toBe('message:a:1 | message:b:2'));
  expect(stream.requests.map((r) => new URL(r.url).searchParams.get('lastEventId'))).toEqual([null, '1']);
});

test("a step { id: '' } sends an empty id: line: the reconnect carries no Last-Event-ID", async () => {
  const stream = scriptedStream('/api/reset', [
    { retry: 5 },
    { data: 'a', id: '1' },
    { data: 'b', id: '' },
    { drop: true },
    { data: 'c', id: '2' },
    hold,
  ]);
  server.use(stream);
  render(<Feed url="/api/reset" />);
  await waitFor(() => expect(text('data')).toBe('c'));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, null]);
});
