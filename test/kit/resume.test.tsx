// Testing kit: a request from a new EventSource that carries a last event id (a library retry, a stall recovery, a
// reload with the lastEventId option) resumes the script after that id, whether the id comes as the Last-Event-ID
// header or as the query parameter the mock is told about. The test a user writes for "Never lose an event".
import { render, screen, waitFor } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { lastEventIdHeader, type UseEventSourceOptions, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

/** A user's feed: every event it received, in order, and its status. */
function Feed({ url, options }: { url: string; options: UseEventSourceOptions<string, typeof EventSource> }) {
  const { status, history } = useEventSource<string>(url, { history: 20, ...options });
  return (
    <>
      <p data-testid="status">{status}</p>
      <p data-testid="received">{history.map((m) => `${m.data}#${m.lastEventId}`).join(' ')}</p>
    </>
  );
}
const received = () => screen.getByTestId('received').textContent?.split(' ').filter(Boolean);
const param = (url: string) => new URL(url).searchParams.get('lastEventId');

/** Two events, a stall longer than the hook's heartbeatTimeout, then the third. */
const stalling = () => [
  { id: '1', data: 'a' },
  { id: '2', data: 'b' },
  { wait: 60_000 }, // silent: the watchdog closes this connection and the library opens a new one
  { id: '3', data: 'c' },
  { wait: 60_000 },
];

test('a stall recovery through lastEventIdParam resumes after the id in the query: nothing twice, nothing lost', async () => {
  const stream = scriptedStream('/kit-resume/param', stalling(), { lastEventIdParam: 'lastEventId' });
  server.use(stream);
  render(<Feed url="/kit-resume/param" options={{ heartbeatTimeout: 150, lastEventIdParam: 'lastEventId' }} />);
  await waitFor(() => expect(received()).toEqual(['a#1', 'b#2', 'c#3']));
  // The second request is a new EventSource: no header, the id in the query.
  expect(stream.requests.slice(0, 2).map((r) => [param(r.url), r.lastEventId, r.status])).toEqual([
    [null, null, 200],
    ['2', null, 200],
  ]);
  expect(stream.requests[0]?.closedBy).toBe('client');
});

/** The header's way: the id goes as Last-Event-ID on every request the library opens (a fetch-based EventSource). */
async function resumesThroughTheHeader(url: string, render: () => void) {
  const stream = scriptedStream(url, stalling());
  server.use(stream);
  render();
  await waitFor(() => expect(received()).toEqual(['a#1', 'b#2', 'c#3']));
  expect(stream.requests.slice(0, 2).map((r) => [r.lastEventId, param(r.url)])).toEqual([
    [null, null],
    ['2', null],
  ]);
}

test("a stall recovery through lastEventIdHeader() resumes after the id in the header (the kit's EventSource)", () =>
  resumesThroughTheHeader('/kit-resume/header-kit', () =>
    render(
      <Feed url="/kit-resume/header-kit" options={{ heartbeatTimeout: 150, eventSourceInit: lastEventIdHeader() }} />,
    ),
  ));

test('a stall recovery through lastEventIdHeader() resumes after the id in the header (the eventsource package)', () =>
  resumesThroughTheHeader('/kit-resume/header-package', () =>
    render(
      <Feed
        url="/kit-resume/header-package"
        options={{ EventSource, heartbeatTimeout: 150, eventSourceInit: lastEventIdHeader() }}
      />,
    ),
  ));

test('a drop, a 500 on the reconnect, then a library retry with the id in the query: the script goes on', async () => {
  const stream = scriptedStream(
    '/kit-resume/500',
    [{ retry: 5 }, { id: '1', data: 'a' }, { drop: true }, { id: '2', data: 'b' }, { wait: 60_000 }],
    { lastEventIdParam: 'lastEventId' },
  );
  // The browser's reconnect (the second request) meets a server that is down; other requests reach the stream.
  let requests = 0;
  const down = http.get('/kit-resume/500', () => {
    requests += 1;
    return requests === 2 ? new HttpResponse(null, { status: 500 }) : undefined;
  });
  server.use(down, stream);
  render(
    <Feed url="/kit-resume/500" options={{ reconnect: { attempts: 3, delay: 5 }, lastEventIdParam: 'lastEventId' }} />,
  );
  await waitFor(() => expect(received()).toEqual(['a#1', 'b#2']));
  expect(screen.getByTestId('status').textContent).toBe('open');
  // The stream saw the first connection and the library's retry; the 500 went to the other handler.
  expect(stream.requests.map((r) => [r.lastEventId, param(r.url), r.closedBy])).toEqual([
    [null, null, 'server'],
    [null, '1', null],
  ]);
});

test('the lastEventId option resumes a new page after that id (a reload)', async () => {
  const stream = scriptedStream(
    '/kit-resume/reload',
    [{ id: '1', data: 'a' }, { id: '2', data: 'b' }, { id: '3', data: 'c' }, { wait: 60_000 }],
    { lastEventIdParam: 'lastEventId' },
  );
  server.use(stream);
  render(<Feed url="/kit-resume/reload" options={{ lastEventId: '2', lastEventIdParam: 'lastEventId' }} />);
  await waitFor(() => expect(received()).toEqual(['c#3']));
  expect(stream.requests.map((r) => param(r.url))).toEqual(['2']);
});

test("a step { id: '' } sends an empty id: line: the last event id is reset, and the reconnect sends none", async () => {
  const stream = scriptedStream('/kit-resume/reset', [
    { retry: 5 },
    { id: '1', data: 'a' },
    { id: '', data: 'b' },
    { drop: true },
    { id: '2', data: 'c' },
    { wait: 60_000 },
  ]);
  server.use(stream);
  render(<Feed url="/kit-resume/reset" options={{}} />);
  // (The eventsource package before 5 reports '' as the id of any event without one, so the hook keeps showing '1'
  // for 'b' under it; what the EventSource sends next shows the reset.)
  await waitFor(() => expect(received().map((text) => text?.split('#')[0])).toEqual(['a', 'b', 'c']));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, null]);
});
