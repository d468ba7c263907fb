// Recipe (README, "The connection core: SseConnection"): the React-free core used on its own. The handlers are typed:
// `event` is a MessageEvent<string>, `state` a ConnectionState, `error` an SseError.
import { waitFor } from '@testing-library/react';
import { expect, expectTypeOf, test, vi } from 'vitest';
import { type ConnectionState, SseConnection, type SseError } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe ---
type Price = { symbol: string; price: number };

function watchPrices(onPrice: (price: Price, id: string) => void, onStatus: (status: string) => void) {
  const connection = new SseConnection('/api/prices', { reconnect: true, heartbeatTimeout: 30_000 });
  const stopState = connection.subscribe({
    state: ({ status, error }) => onStatus(error ? `${status}: ${error.message}` : status),
  });
  // `event.data` is the string the server sent; `lastEventId` the id to resume from.
  const stopPrices = connection.listen('price', (event, lastEventId) => {
    onPrice(JSON.parse(event.data) as Price, lastEventId);
  });
  connection.retain(); // the first holder opens it, a microtask later
  return () => {
    stopPrices();
    stopState();
    connection.release(); // the last holder closes it
  };
}
// --- end of recipe ---

test('listen gets every event of its type, subscribe every state; the last release closes the connection', async () => {
  const stream = scriptedStream('/api/prices', [
    { event: 'price', id: '1', data: { symbol: 'ACME', price: 12.5 } },
    { data: 'not a price' },
    { event: 'price', id: '2', data: { symbol: 'ACME', price: 13 } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  const prices: [Price, string][] = [];
  const statuses: string[] = [];
  const stop = watchPrices(
    (price, id) => prices.push([price, id]),
    (status) => statuses.push(status),
  );
  await waitFor(() => expect(prices).toHaveLength(2));
  expect(prices).toEqual([
    [{ symbol: 'ACME', price: 12.5 }, '1'],
    [{ symbol: 'ACME', price: 13 }, '2'],
  ]);
  expect(statuses).toEqual(['connecting', 'open']);
  stop();
  expect(statuses.at(-1)).toBe('open'); // unsubscribed before the release: no `closed` heard
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests).toHaveLength(1);
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test('open(), close(), retain() and release() as documented', async () => {
  const stream = scriptedStream('/api/clock', [{ data: 'tick' }, { wait: 60_000 }]);
  server.use(stream);
  const connection = new SseConnection('/api/clock');
  const onError = vi.fn();
  connection.subscribe({ error: onError });
  // retain, release, retain in one task (StrictMode): one request.
  connection.retain();
  connection.release();
  connection.retain();
  await waitFor(() => expect(connection.getState().status).toBe('open'));
  expect(connection.refCount).toBe(1);
  connection.close();
  expect(connection.getState().status).toBe('closed');
  await waitFor(() => expect(stream.openConnections).toBe(0));
  connection.open(); // opens now, whoever holds it
  await waitFor(() => expect(connection.getState().status).toBe('open'));
  expect(stream.requests).toHaveLength(2);
  connection.release();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(onError).not.toHaveBeenCalled();
});

test('the handlers are typed: no any reaches the user', () => {
  const connection = new SseConnection('/typed');
  connection.listen('message', (event, lastEventId) => {
    expectTypeOf(event).toEqualTypeOf<MessageEvent<string>>();
    expectTypeOf(event.data).toEqualTypeOf<string>();
    expectTypeOf(lastEventId).toEqualTypeOf<string>();
  });
  connection.subscribe({
    state: (state) => expectTypeOf(state).toEqualTypeOf<ConnectionState>(),
    open: (event) => expectTypeOf(event).toEqualTypeOf<Event>(),
    error: (error) => expectTypeOf(error).toEqualTypeOf<SseError>(),
  });
  expectTypeOf(connection.getState().error).toEqualTypeOf<SseError | undefined>();
});
