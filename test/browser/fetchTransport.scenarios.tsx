// The fetch transport (`headers`, `method`, `body`, `transport: 'fetch'`) against the real test server
// (test/browser/server), as a user meets it: a component renders what the hook gives, and each case asserts what the
// user reads and what the server saw (requests, headers, bodies, Last-Event-ID, closes). The same cases run in
// Chromium (test/browser/fetch-transport.test.ts, the browser's fetch, cross-origin) and in jsdom
// (test/transport/real-server.test.ts, Node's fetch).
import { cleanup, render, waitFor } from '@testing-library/react';
import { StrictMode, useLayoutEffect, useState } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { type SseError, type SseMessage, type SseStatus, type UseEventSourceOptions, useEventSource } from '../../src';
import type { RouteStats } from './server/fixtures';

/** The real test server as the cases reach it: from the page through its control routes, or in the same process. */
export interface RealServer {
  /** A URL on the stream server: `path` with `params` as its query. */
  url(path: string, params?: Record<string, string | number>): string;
  /** What the stream server saw for one stats key. */
  stats(key: string): Promise<RouteStats>;
}

let keys = 0;
/** A stats key unique to this run, so each case reads only its own requests. */
const newKey = (name: string): string => `fetch-${name}-${Date.now().toString(36)}-${++keys}`;

/** Generous: a case waits for a condition, never for a time, and fails only if it never comes. */
const wait = { timeout: 5000, interval: 10 } as const;

/** What a mounted component saw, beside what it renders. */
interface Seen {
  readonly messages: SseMessage<string>[];
  readonly errors: SseError[];
  /** Every distinct status committed, in order. */
  readonly statuses: SseStatus[];
}

const newSeen = (): Seen => ({ messages: [], errors: [], statuses: [] });

/** A feed: the status and the latest data, as `status: data`, and the error's message in an alert. */
function Feed({ url, options, seen }: { url: string; options: UseEventSourceOptions<string>; seen: Seen }) {
  const { status, data, error } = useEventSource(url, {
    ...options,
    onMessage: (message) => {
      seen.messages.push(message);
      options.onMessage?.(message);
    },
    onError: (error) => {
      seen.errors.push(error);
      options.onError?.(error);
    },
  });
  useLayoutEffect(() => {
    if (seen.statuses[seen.statuses.length - 1] !== status) seen.statuses.push(status);
  });
  return (
    <>
      <p>{`${status}: ${data ?? ''}`}</p>
      {error && <p role="alert">{error.message}</p>}
    </>
  );
}

/** Render a {@link Feed} (in StrictMode with `strict`); `text()` is what the user reads. */
function mountFeed(url: string, options: UseEventSourceOptions<string>, { strict = false } = {}) {
  const seen = newSeen();
  const view = render(<Feed url={url} options={options} seen={seen} />, strict ? { wrapper: StrictMode } : {});
  return { ...seen, text: () => view.container.textContent ?? '', unmount: view.unmount };
}

/**
 * An AI chat answer, as the recipe of docs/headers-post-auth.md shows one: the question POSTed, the answer's words
 * appended as they come, closed on `[DONE]`, and an answer cut off shown as such.
 */
function Answer({ url, question, resume, seen }: { url: string; question: string; resume?: boolean; seen: Seen }) {
  const [text, setText] = useState('');
  const { status } = useEventSource(url, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body: question,
    ...(resume === undefined ? {} : { resume }),
    onMessage: (message) => {
      seen.messages.push(message);
      if (message.data !== '[DONE]') setText((previous) => (previous ? `${previous} ${message.data}` : message.data));
    },
    onError: (error) => seen.errors.push(error),
    closeWhen: ({ data }) => data === '[DONE]',
  });
  if (status === 'failed') return <p role="alert">{`${text}… (the answer was cut off)`}</p>;
  return <p aria-busy={status !== 'closed'}>{text}</p>;
}

/** An app's auth store: tokens `token-1`, `token-2`, …; a refresh hands out the next one. */
function authStore() {
  let issued = 1;
  return {
    getToken: (): string => `token-${issued}`,
    refreshToken: async (): Promise<void> => {
      await Promise.resolve(); // a request to the auth server, in an app
      issued += 1;
    },
  };
}

/**
 * The token-refresh recipe of docs/headers-post-auth.md: `headers` reads the current token for every request; on a
 * 401 the component refreshes it and calls `open()`, which resumes after the last event with `Last-Event-ID`. (Also
 * kept: the 401's JSON body, read as an app would to say why.)
 */
function Notifications({ url, auth, seen }: { url: string; auth: ReturnType<typeof authStore>; seen: Seen }) {
  const [reason, setReason] = useState('');
  const { status, data, error, open } = useEventSource(url, {
    // Called for every request (the first, every reconnect, `open()`), so it sends the current token.
    headers: () => ({ Authorization: `Bearer ${auth.getToken()}` }),
    onMessage: (message) => seen.messages.push(message),
    onError: async (error) => {
      seen.errors.push(error);
      if (error.status !== 401) return;
      const body = (await error.response?.json()) as { error: string };
      setReason(body.error);
      await auth.refreshToken();
      open(); // resumes after the last event seen: the request sends Last-Event-ID
    },
  });
  if (status === 'failed' && error?.status !== 401) return <p role="alert">{error?.message}</p>;
  return <p data-reason={reason}>{`${status}: ${data ?? 'no notifications yet'}`}</p>;
}

/** The ids of `messages` as numbers, but for a chat answer's `[DONE]` (which has no id of its own). */
const idsOf = (messages: readonly SseMessage<string>[]): number[] =>
  messages.filter((message) => message.data !== '[DONE]').map((message) => Number(message.lastEventId));

/** `1, 2, …, n`. */
const upTo = (n: number): number[] => Array.from({ length: n }, (_, index) => index + 1);

/**
 * Register the fetch transport's cases against the real server. `server` is called when a case runs (a server
 * started in `beforeAll` is there by then).
 */
export function describeFetchTransport(server: () => RealServer): void {
  // Unmount after each case, so every connection it opened is closed (Vitest runs without globals here, so Testing
  // Library does not register this itself).
  afterEach(cleanup);

  const statsOf = (key: string): Promise<RouteStats> => server().stats(key);
  /** Wait until the server sees `open` connections for `key`, and return what it saw. */
  const untilOpen = async (key: string, open: number): Promise<RouteStats> => {
    await waitFor(async () => expect((await statsOf(key)).open).toBe(open), wait);
    return statsOf(key);
  };

  describe('the fetch transport against the real server', () => {
    test('token refresh: a 401 to the expired token, then open() resumes with the new token and Last-Event-ID', async () => {
      const key = newKey('auth');
      const seen = newSeen();
      const auth = authStore();
      const url = server().url('/auth', { key, n: 6, expireAfter: 3, interval: 5, retry: 20 });
      const view = render(<Notifications url={url} auth={auth} seen={seen} />);

      await waitFor(() => expect(view.container.textContent).toBe('open: notification 6'), wait);
      // Every event once, in order: the resumed request started after the last one seen.
      expect(idsOf(seen.messages)).toEqual(upTo(6));
      expect(view.container.querySelector('p')?.dataset.reason).toBe('token_expired');
      expect(seen.errors.map((error) => error.status)).toEqual([undefined, 401]); // the end of the response, the 401
      const stats = await statsOf(key);
      // The first response ended after 3 events with the token expired; the transport's own reconnect sent the old
      // token (401); open() after the refresh sent the new one, and both reconnects carried the last id.
      expect(
        stats.requests.map(({ headers, lastEventId, status }) => [headers.authorization, lastEventId, status]),
      ).toEqual([
        ['Bearer token-1', null, 200],
        ['Bearer token-1', '3', 401],
        ['Bearer token-2', '3', 200],
      ]);
      expect(stats.open).toBe(1);
    });

    test('a POST answer is streamed: the server got the body once, and the client left after [DONE]', async () => {
      const key = newKey('echo');
      const seen = newSeen();
      const view = render(
        <Answer url={server().url('/echo', { key, interval: 5 })} question="why is the sky blue" seen={seen} />,
      );

      await waitFor(() => expect(view.container.textContent).toBe('why is the sky blue'), wait);
      await waitFor(() => expect(view.container.querySelector('p')?.getAttribute('aria-busy')).toBe('false'), wait);
      const stats = await untilOpen(key, 0); // closed by closeWhen on [DONE]: the client left
      expect(stats.total).toBe(1);
      const [request] = stats.requests;
      expect(request?.method).toBe('POST');
      expect(request?.body).toBe('why is the sky blue');
      expect(request?.headers['content-type']).toBe('text/plain');
      expect(request?.headers.accept).toBe('text/event-stream');
      expect(seen.errors).toEqual([]);
    });

    test('a POST cut mid-answer is not sent again by default: failed, the server saw one request', async () => {
      const key = newKey('echo-cut');
      const seen = newSeen();
      // `retry: 20`: were the request sent again, it would be within a few tens of milliseconds.
      const url = server().url('/echo', { key, interval: 5, retry: 20, cut: 2 });
      const view = render(<Answer url={url} question="why is the sky blue" seen={seen} />);

      await waitFor(() => expect(view.container.querySelector('[role=alert]')).not.toBeNull(), wait);
      // The words that arrived (both, unless the broken socket took the last one with it), then the cut.
      const words = idsOf(seen.messages).map((id) => ['why', 'is'][id - 1]);
      expect(words.length).toBeGreaterThanOrEqual(1);
      expect(view.container.textContent).toBe(`${words.join(' ')}… (the answer was cut off)`);
      expect(seen.errors.at(-1)?.message).toBe(
        'The connection was lost: the answer ended early and was not requested again',
      );
      // Nothing to wait for: a request that is not sent has no event. Wait ten times the server's retry delay.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stats = await statsOf(key);
      expect(stats.total).toBe(1);
      expect(stats.open).toBe(0);
    });

    test('with resume: true a POST cut mid-answer is sent again once, with the body and Last-Event-ID', async () => {
      const key = newKey('echo-resume');
      const seen = newSeen();
      const url = server().url('/echo', { key, interval: 5, retry: 20, cut: 2 });
      const view = render(<Answer url={url} question="why is the sky blue" resume seen={seen} />);

      await waitFor(() => expect(view.container.textContent).toBe('why is the sky blue'), wait);
      await waitFor(() => expect(view.container.querySelector('p')?.getAttribute('aria-busy')).toBe('false'), wait);
      expect(idsOf(seen.messages)).toEqual(upTo(5));
      const stats = await untilOpen(key, 0);
      expect(stats.total).toBe(2);
      const [first, second] = stats.requests;
      expect(first?.lastEventId).toBeNull();
      // The id of the last word the client read before the cut (2, unless the broken socket took it with it).
      expect(['1', '2']).toContain(second?.lastEventId);
      expect(second?.method).toBe('POST');
      expect(second?.body).toBe('why is the sky blue');
    });

    test('keep-alive comments hold a heartbeatTimeout stream open; silence then stalls it and a new request goes out', async () => {
      const key = newKey('comments');
      // 30 comments 25 ms apart: 750 ms of comments only, three heartbeat timeouts, then silence. (Not shorter: a
      // main thread busy for a timeout's length, loading a page, say, lets the watchdog run before the comments.)
      const beats = 30;
      const interval = 25;
      const feed = mountFeed(server().url('/comments', { key, interval, beats }), {
        transport: 'fetch',
        heartbeatTimeout: 250,
      });

      // The stalled request is closed by the client, and a new one is open.
      await waitFor(async () => {
        const { requests } = await statsOf(key);
        expect(requests.length).toBeGreaterThanOrEqual(2);
        expect(requests[0]?.closedAt).not.toBeNull();
      }, wait);
      await waitFor(() => expect(feed.text()).toBe('open: '), wait);
      const stats = await statsOf(key);
      const [first, second] = stats.requests;
      // Open through all the comments: the stall came only after the last one (a loose lower bound).
      expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(beats * interval);
      expect(stats.heartbeats).toBeGreaterThanOrEqual(beats);
      expect(feed.statuses.slice(0, 4)).toEqual(['connecting', 'open', 'reconnecting', 'open']);
      expect(feed.errors[0]?.message).toBe('No event for 250 ms: the stream seems stalled; reconnecting');
      expect(feed.messages).toEqual([]); // comments are never delivered as events
    });

    test('retry: is honoured: the reconnect after a drop waits the server’s delay, then resumes', async () => {
      const key = newKey('retry');
      const retry = 400;
      let droppedAt = 0;
      let resumedAt = 0;
      const feed = mountFeed(server().url('/drop', { key, after: 2, total: 3, interval: 5, retry }), {
        transport: 'fetch',
        onError: () => {
          droppedAt = performance.now();
        },
        onMessage: ({ lastEventId }) => {
          if (lastEventId === '3') resumedAt = performance.now();
        },
      });

      await waitFor(() => expect(feed.text()).toBe('open: event 3'), wait);
      expect(idsOf(feed.messages)).toEqual(upTo(3));
      expect(feed.statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
      const stats = await statsOf(key);
      expect(stats.total).toBe(2);
      expect(stats.requests[1]?.lastEventId).toBe('2');
      // Loose bounds: the first event after the drop came at least the server's `retry:` after the drop was reported
      // (a timer cannot fire early), and well short of the default of 3 s that an ignored `retry:` would leave.
      const gap = resumedAt - droppedAt;
      expect(gap).toBeGreaterThanOrEqual(retry - 1);
      expect(gap).toBeLessThan(3000);
    });

    test('204 is the server saying done: failed, never retried even with reconnect', async () => {
      const key = newKey('204');
      const feed = mountFeed(server().url('/status/204', { key }), {
        transport: 'fetch',
        reconnect: { attempts: 3, delay: 10 },
      });

      // Were a 204 retried, `failed` would come only after three more requests, as `retries-exhausted`.
      await waitFor(() => expect(feed.statuses.at(-1)).toBe('failed'), wait);
      expect(feed.text()).toBe('failed: The server answered 204 No Content: the stream is over');
      expect(feed.errors).toHaveLength(1);
      expect(feed.errors[0]?.kind).toBe('connection');
      expect(feed.errors[0]?.status).toBe(204);
      expect((await untilOpen(key, 0)).total).toBe(1);
    });

    test('a wrong content type fails the connection with its status, and is not retried', async () => {
      const key = newKey('wrong-type');
      const feed = mountFeed(server().url('/wrong-type', { key }), { transport: 'fetch' });

      // Were it treated as a drop, the status would be `reconnecting`, never `failed`.
      await waitFor(() => expect(feed.statuses.at(-1)).toBe('failed'), wait);
      expect(feed.statuses).toEqual(['connecting', 'failed']);
      expect(feed.text()).toBe('failed: The server answered with the content type text/plain, not text/event-stream');
      expect(feed.errors).toHaveLength(1);
      expect(feed.errors[0]?.status).toBe(200);
      expect(feed.errors[0]?.willReconnect).toBe(false);
      expect(await feed.errors[0]?.response?.text()).toBe('id: 1\ndata: this must not arrive\n\n');
      expect(feed.messages).toEqual([]);
      expect((await untilOpen(key, 0)).total).toBe(1);
    });

    test('a 500 with reconnect is retried, each retry a request, then fails with retries-exhausted and status 500', async () => {
      const key = newKey('500');
      const feed = mountFeed(server().url('/status/500', { key }), {
        transport: 'fetch',
        reconnect: { attempts: 2, delay: 20 },
      });

      await waitFor(() => expect(feed.statuses.at(-1)).toBe('failed'), wait);
      expect(feed.text()).toBe('failed: Gave up after 2 retries. The server answered 500 Internal Server Error');
      expect(feed.errors.map((error) => [error.kind, error.status, error.willReconnect])).toEqual([
        ['connection', 500, true],
        ['connection', 500, true],
        ['retries-exhausted', 500, false],
      ]);
      expect((await untilOpen(key, 0)).total).toBe(3);
    });

    test('a 500 on the reconnect after a drop, then a reconnect retry recovers, resuming with Last-Event-ID', async () => {
      const key = newKey('flaky');
      const feed = mountFeed(server().url('/flaky', { key, after: 3, total: 6, interval: 5, retry: 20 }), {
        transport: 'fetch',
        reconnect: { attempts: 2, delay: 20 },
      });

      await waitFor(() => expect(feed.text()).toBe('open: event 6'), wait);
      expect(idsOf(feed.messages)).toEqual(upTo(6));
      expect(feed.errors.map((error) => error.status)).toEqual([undefined, 500]); // the drop, then the 500
      const stats = await statsOf(key);
      expect(stats.requests.map((request) => request.status)).toEqual([200, 500, 200]);
      // The library's retry resumed by header, as the transport's own reconnect did: no query parameter.
      expect(stats.requests[2]?.lastEventId).toBe(stats.requests[1]?.lastEventId);
      expect(stats.requests[2]?.url).toBe(stats.requests[0]?.url);
    });

    test('unmount aborts the request: the server sees the client leave', async () => {
      const key = newKey('unmount');
      const feed = mountFeed(server().url('/clock', { key, interval: 20 }), {
        headers: { Authorization: 'Bearer feed' },
      });

      await waitFor(() => expect(feed.messages.length).toBeGreaterThanOrEqual(1), wait);
      expect((await statsOf(key)).open).toBe(1);
      feed.unmount();
      // Promptly: within a second (a leak would leave it open until the test ends).
      await waitFor(async () => expect((await statsOf(key)).open).toBe(0), { timeout: 1000, interval: 10 });
      const stats = await statsOf(key);
      expect(stats.total).toBe(1);
      expect(stats.requests[0]?.headers.authorization).toBe('Bearer feed');
    });

    test('StrictMode: mount, unmount, mount sends one request', async () => {
      const key = newKey('strict');
      const feed = mountFeed(
        server().url('/clock', { key, interval: 10 }),
        { headers: { Authorization: 'Bearer strict' } },
        { strict: true },
      );

      await waitFor(() => expect(feed.messages.length).toBeGreaterThanOrEqual(3), wait);
      const stats = await statsOf(key);
      expect(stats.total).toBe(1);
      expect(stats.maxOpen).toBe(1);
    });
  });
}
