// Spec review, connection core items (issue 9, items 2, 3, 4, 10), with the fake EventSource and fake timers.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { type ConnectionState, SseConnection, type SseConnectionConfig } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function open(config: SseConnectionConfig & { native?: boolean } = {}) {
  const { native, ...rest } = config;
  const fake = fakeEventSourceClass({ native: native === true });
  const connection = new SseConnection('https://example.test/stream?x=1', { EventSource: fake.EventSource, ...rest });
  const ids: string[] = [];
  connection.listen('message', (_event, id) => ids.push(id));
  connection.retain();
  await Promise.resolve();
  fake.latest().announce();
  return { fake, connection, ids };
}

/** A terminal failure as the `eventsource` package reports one: readyState CLOSED, `error` with the status. */
function failWith(source: EventTarget & { readyState: number }, code: number, message?: string): void {
  source.readyState = 2;
  source.dispatchEvent(Object.assign(new Event('error'), { code, message }));
}

test('2. a 204 with reconnect set is failed with a connection error that says so, and never retried', async () => {
  const { fake, connection } = await open({ reconnect: { attempts: 5, delay: 10 } });
  failWith(fake.latest(), 204, 'Server sent HTTP 204, not reconnecting');
  const state = connection.getState();
  expect(state.status).toBe('failed');
  expect(state.error?.kind).toBe('connection');
  expect(state.error?.status).toBe(204);
  expect(state.error?.message).toMatch(/204 No Content/);
  vi.advanceTimersByTime(60_000);
  expect(fake.instances).toHaveLength(1);
});

test("3. an empty id field resets the last event id (a browser reports the spec's persisted id)", async () => {
  const { fake, connection, ids } = await open({ native: true });
  fake.latest().emit('a', { lastEventId: '1' });
  fake.latest().emit('b', { lastEventId: '1' }); // no id field: the persisted one
  fake.latest().emit('c', { lastEventId: '' }); // `id:` with no value
  expect(ids).toEqual(['1', '1', '']);
  expect(connection.lastEventId).toBe('');
});

test('3. a new EventSource opened without a resume starts from an empty id', async () => {
  const { fake, connection } = await open();
  fake.latest().emit('a', { lastEventId: '7' });
  fake.latest().fail();
  expect(connection.lastEventId).toBe('7');
  connection.open();
  expect(fake.latest().url).toBe('https://example.test/stream?x=1');
  expect(connection.lastEventId).toBe('');
});

test('3. with lastEventIdParam the new EventSource resumes, and the id stays', async () => {
  const { fake, connection } = await open({ lastEventIdParam: 'lastEventId' });
  fake.latest().emit('a', { lastEventId: '7' });
  fake.latest().fail();
  connection.open();
  expect(fake.latest().url).toBe('https://example.test/stream?x=1&lastEventId=7');
  expect(connection.lastEventId).toBe('7');
});

test('4. a subscriber that changes the state inside its callback: later subscribers end on the newest state', async () => {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection('/s', { EventSource: fake.EventSource });
  const heard: string[] = [];
  connection.subscribe({
    state: (state) => {
      if (state.status === 'reconnecting') connection.close();
    },
  });
  connection.subscribe({ state: (state: ConnectionState) => heard.push(state.status) });
  connection.retain();
  await Promise.resolve();
  fake.latest().announce();
  fake.latest().drop();
  expect(heard).toEqual(['connecting', 'open', 'closed']);
  expect(connection.getState().status).toBe('closed');
});

test('10. error messages read well on their own', async () => {
  const plain = await open();
  failWith(plain.fake.latest(), 500, 'Non-200 status code (500)');
  expect(plain.connection.getState().error?.message).toBe('The stream failed: Non-200 status code (500)');

  const browser = await open();
  browser.fake.latest().fail(); // a browser says nothing about why
  expect(browser.connection.getState().error?.message).toBe(
    'The stream failed: a non-200 status or a wrong content type',
  );

  const retried = await open({ reconnect: { attempts: 1, delay: 10 } });
  failWith(retried.fake.latest(), 503, 'Non-200 status code (503)');
  expect(retried.connection.getState().error?.message).toBe(
    'The stream failed: Non-200 status code (503). Retry 1 of 1 in 10 ms',
  );
  vi.advanceTimersByTime(10);
  failWith(retried.fake.latest(), 503, 'Non-200 status code (503)');
  expect(retried.connection.getState().error?.message).toBe(
    'Gave up after 1 retries. The stream failed: Non-200 status code (503)',
  );
});
