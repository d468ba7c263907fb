// Injection (docs/options.md, the `EventSource` option): the `eventsource` package, injected with a `fetch` of its own
// that adds a header, still works beside the built-in fetch transport (once a recipe; now docs/headers-post-auth.md
// uses `headers`). Its `fetch` makes every request, the reconnects included.
import { render, screen, waitFor } from '@testing-library/react';
import { EventSource, type FetchLike } from 'eventsource';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// In an app this reads your auth store; here every call hands out a new token, as a refresh would.
let issued = 0;
const getToken = (): string => `token-${++issued}`;

// Called for every request, reconnects included, so it always sends the current token.
const fetchWithToken: FetchLike = (url, init) =>
  fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${getToken()}` } });

function Notifications() {
  const { status, data } = useEventSource('/api/notifications', {
    EventSource,
    eventSourceInit: { fetch: fetchWithToken },
  });
  return <p>{`${status}: ${data ?? 'no notifications yet'}`}</p>;
}

test('every request, the reconnect included, carries the current Authorization header', async () => {
  const stream = scriptedStream('/api/notifications', [
    { retry: 10 },
    { id: '1', data: 'first' },
    { close: true }, // the server ends the response; the client reconnects with Last-Event-ID
    { id: '2', data: 'second' },
    { wait: 60_000 },
  ]);
  server.use(stream);
  render(<Notifications />);
  expect(await screen.findByText('open: second')).toBeTruthy();
  const [first, second] = stream.requests;
  expect(stream.requests).toHaveLength(2);
  expect(first?.headers.get('authorization')).toBe('Bearer token-1');
  expect(second?.headers.get('authorization')).toBe('Bearer token-2');
  expect(second?.lastEventId).toBe('1');
});

test('without the injected fetch, the server sees no Authorization header', async () => {
  const stream = scriptedStream('/api/anonymous', [{ data: 'hello' }, { wait: 60_000 }]);
  server.use(stream);
  function Anonymous() {
    const { status, data } = useEventSource('/api/anonymous', { EventSource });
    return <p>{`${status}: ${data ?? ''}`}</p>;
  }
  render(<Anonymous />);
  await waitFor(() => expect(stream.requests).toHaveLength(1));
  expect(stream.requests[0]?.headers.get('authorization')).toBeNull();
});
