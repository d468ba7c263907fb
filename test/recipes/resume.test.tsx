// Recipe (docs/resume.md, "Never lose an event"): resume through a query param, across a reload too, and through the
// Last-Event-ID header with a fetch-based EventSource. Against MSW in jsdom; the eventsource package is the
// EventSource, as in a browser without one of its own.
import { render, screen, waitFor } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { HttpResponse, http } from 'msw';
import { afterEach, expect, test } from 'vitest';
import { lastEventIdHeader, useEventSource } from '../../src';
import { server } from '../server';

afterEach(() => sessionStorage.clear());

/**
 * Request 1 sends the ids after the one it was given (the header, else `?lastEventId=`), two of them, and ends; the
 * EventSource's own reconnect gets a 500; the library's retry gets the ids after its id; then 204 (no more).
 */
function feedServer() {
  const requests: { url: URL; header: string | null }[] = [];
  const handler = http.get('/api/feed', ({ request }) => {
    const url = new URL(request.url);
    const header = request.headers.get('last-event-id');
    requests.push({ url, header });
    if (requests.length === 2) return new HttpResponse('down', { status: 500 });
    if (requests.length > 3) return new HttpResponse(null, { status: 204 });
    const from = Number(header ?? url.searchParams.get('lastEventId') ?? 0);
    let body = 'retry: 5\n\n';
    for (let id = from + 1; id <= from + 2; id++) body += `id: ${id}\ndata: event ${id}\n\n`;
    return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  return { handler, requests };
}

// --- recipe: lastEventIdParam ---
function Feed() {
  const feed = useEventSource('/api/feed', {
    lastEventIdParam: 'lastEventId', // better-sse and the Yaffle polyfill read lastEventId; Mercure reads lastEventID
    lastEventId: sessionStorage.getItem('feed-id') ?? '', // resume across a reload too
    heartbeatTimeout: 45_000, // the server sends an event at least every 15 s
    reconnect: true,
    onMessage: (message) => sessionStorage.setItem('feed-id', message.lastEventId),
  });
  return <p>{`${feed.status}: ${feed.data ?? ''}`}</p>;
}
// --- end of recipe ---

// --- recipe: lastEventIdHeader ---
function HeaderFeed() {
  useEventSource('/api/feed', { EventSource, eventSourceInit: lastEventIdHeader(), reconnect: true });
  return null;
}
// --- end of recipe ---

test('lastEventIdParam: the first request resumes from the stored id, and the library retry from the last one', async () => {
  sessionStorage.setItem('feed-id', '7'); // as a reload finds it
  const feed = feedServer();
  server.use(feed.handler);
  render(<Feed />);
  await waitFor(() => expect(sessionStorage.getItem('feed-id')).toBe('9'));
  expect(feed.requests[0]?.url.searchParams.get('lastEventId')).toBe('7');
  // The response ended; the EventSource's own reconnect met a 500; `reconnect: true` retried (after about 1 s).
  await waitFor(() => expect(feed.requests.length).toBeGreaterThanOrEqual(3), { timeout: 3000 });
  expect(feed.requests[2]?.url.searchParams.get('lastEventId')).toBe('9');
  await waitFor(() => expect(sessionStorage.getItem('feed-id')).toBe('11'));
  expect(await screen.findByText(/: event 11$/)).toBeTruthy();
});

test('lastEventIdHeader: the library retry sends the header, as the EventSource does on its own reconnects', async () => {
  const feed = feedServer();
  server.use(feed.handler);
  render(<HeaderFeed />);
  await waitFor(() => expect(feed.requests.length).toBeGreaterThanOrEqual(3), { timeout: 3000 });
  expect(feed.requests[0]?.header).toBeNull();
  expect(feed.requests[1]?.header).toBe('2'); // the EventSource's own reconnect
  expect(feed.requests[2]?.header).toBe('2'); // the library's retry after the 500
  expect(feed.requests[2]?.url.search).toBe(''); // no param: the header carries it
});
