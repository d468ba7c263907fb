// Recipe (docs/headers-post-auth.md, "Refresh a token"): a `headers` function reads the current token for every
// request; on a 401 the component refreshes the token and calls `open()`, and the new request resumes after the last
// event it saw, with the `Last-Event-ID` header.
import { render, screen } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

// The auth store of an app, and the tokens the mocked server accepts.
let token = 'token-1';
const accepted = new Set(['token-1']);
let refreshes = 0;
function getToken(): string {
  return token;
}
async function refreshToken(): Promise<void> {
  await Promise.resolve(); // a request to the auth server, in an app
  refreshes += 1;
  token = `token-${refreshes + 1}`;
  accepted.add(token);
}

// --- recipe ---
function Notifications() {
  const { status, data, error, open } = useEventSource('/api/notifications', {
    // Called for every request (the first, every reconnect, `open()`), so it sends the current token.
    headers: () => ({ Authorization: `Bearer ${getToken()}` }),
    onError: async (error) => {
      if (error.status !== 401) return;
      await refreshToken();
      open(); // resumes after the last event seen: the request sends Last-Event-ID
    },
  });
  if (status === 'failed' && error?.status !== 401) return <p role="alert">{error?.message}</p>;
  return <p>{`${status}: ${data ?? 'no notifications yet'}`}</p>;
}
// --- end of recipe ---

/** A request as the server saw it. */
interface Seen {
  authorization: string | null;
  lastEventId: string | null;
  status: number;
}

const encoder = new TextEncoder();

/**
 * A notifications server that keeps its ids: it sends the events after the request's `Last-Event-ID`, `perResponse`
 * at a time, then ends the response (the client reconnects after `retry: 10`), and expires the token that asked,
 * so the reconnect is answered 401.
 */
function notificationsServer(events: string[], perResponse: number) {
  const seen: Seen[] = [];
  server.use(
    http.get('/api/notifications', ({ request }) => {
      const authorization = request.headers.get('authorization');
      const lastEventId = request.headers.get('last-event-id');
      const entry: Seen = { authorization, lastEventId, status: 200 };
      seen.push(entry);
      const presented = authorization?.replace(/^Bearer /, '') ?? '';
      if (!accepted.has(presented)) {
        entry.status = 401;
        return Response.json({ error: 'token expired' }, { status: 401, statusText: 'Unauthorized' });
      }
      const from = lastEventId ? Number(lastEventId) : 0;
      const sending = events.slice(from, from + perResponse);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          let text = 'retry: 10\n\n';
          sending.forEach((data, i) => {
            text += `id: ${from + i + 1}\ndata: ${data}\n\n`;
          });
          controller.enqueue(encoder.encode(text));
          if (from + perResponse < events.length) {
            // The token expires while this response runs; the response ends, and the reconnect is refused.
            accepted.delete(presented);
            controller.close();
          }
          // The last events: the response stays open.
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  );
  return seen;
}

beforeEach(() => {
  token = 'token-1';
  accepted.clear();
  accepted.add('token-1');
  refreshes = 0;
  vi.stubGlobal('EventSource', undefined); // the fetch transport needs none
});
afterEach(() => {
  vi.unstubAllGlobals();
});

test('on a 401 it refreshes the token and resumes after the last event, with Last-Event-ID and the new token', async () => {
  const seen = notificationsServer(['deploy started', 'deploy finished', 'tests passed', 'release tagged'], 2);
  render(<Notifications />);
  expect(await screen.findByText('open: release tagged')).toBeTruthy();
  expect(seen).toEqual([
    { authorization: 'Bearer token-1', lastEventId: null, status: 200 },
    // The transport's own reconnect, after the response ended: the token has expired meanwhile.
    { authorization: 'Bearer token-1', lastEventId: '2', status: 401 },
    // open() after the refresh: the new token, from where the stream stopped. Nothing is sent twice.
    { authorization: 'Bearer token-2', lastEventId: '2', status: 200 },
  ]);
  expect(refreshes).toBe(1);
});

test('a failure that is not a 401 is shown, and no token is refreshed', async () => {
  server.use(
    http.get('/api/notifications', () => new Response('down', { status: 503, statusText: 'Service Unavailable' })),
  );
  render(<Notifications />);
  expect((await screen.findByRole('alert')).textContent).toBe('The server answered 503 Service Unavailable');
  expect(refreshes).toBe(0);
});

// --- recipe: reconnect ---
function Inbox() {
  const { status, data } = useEventSource('/api/notifications', {
    headers: () => ({ Authorization: `Bearer ${getToken()}` }),
    // A refused request is retried after a wait (1 s, then doubling); each retry calls `headers` again.
    reconnect: true,
    onError: (error) => {
      if (error.status === 401) void refreshToken();
    },
  });
  return <p>{`${status}: ${data ?? 'no notifications yet'}`}</p>;
}
// --- end of recipe ---

test('with reconnect, the retry after a 401 sends the refreshed token and resumes', async () => {
  const seen = notificationsServer(['one', 'two', 'three'], 2);
  render(<Inbox />);
  // The first retry waits the default backoff's first delay, about a second.
  expect(await screen.findByText('open: three', {}, { timeout: 3000 })).toBeTruthy();
  expect(seen.map(({ authorization, lastEventId, status }) => [authorization, lastEventId, status])).toEqual([
    ['Bearer token-1', null, 200],
    ['Bearer token-1', '2', 401],
    ['Bearer token-2', '2', 200],
  ]);
});
