import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type ConnectionState, SseConnection, SseError } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const flushMicrotasks = () => Promise.resolve();

function setup(config: ConstructorParameters<typeof SseConnection>[1] = {}) {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection('https://example.test/stream', { EventSource: fake.EventSource, ...config });
  const states: ConnectionState['status'][] = [];
  const errors: SseError[] = [];
  connection.subscribe({
    state: (s) => {
      if (states.at(-1) !== s.status) states.push(s.status);
    },
    error: (e) => errors.push(e),
  });
  return { fake, connection, states, errors };
}

describe('SseConnection', () => {
  test('the first retain opens the connection a microtask later', async () => {
    const { fake, connection } = setup({ withCredentials: true, eventSourceInit: { headers: { a: 'b' } } });
    connection.retain();
    expect(fake.instances).toHaveLength(0);
    await flushMicrotasks();
    expect(fake.instances).toHaveLength(1);
    expect(fake.latest().init).toEqual({ headers: { a: 'b' }, withCredentials: true });
    expect(connection.getState().status).toBe('connecting');
  });

  test('retain, release, retain in one task (StrictMode) constructs one EventSource', async () => {
    const { fake, connection } = setup();
    connection.retain();
    connection.release();
    connection.retain();
    await flushMicrotasks();
    expect(fake.instances).toHaveLength(1);
  });

  test('the last release closes the source', async () => {
    const { fake, connection } = setup();
    connection.retain();
    connection.retain();
    await flushMicrotasks();
    connection.release();
    expect(fake.latest().closed).toBe(false);
    connection.release();
    expect(fake.latest().closed).toBe(true);
    expect(connection.getState().status).toBe('closed');
  });

  test('an error while CONNECTING is a reconnect: status reconnecting, and the source is never closed', async () => {
    const { fake, connection, states, errors } = setup({ reconnect: true });
    connection.retain();
    await flushMicrotasks();
    fake.latest().announce();
    fake.latest().drop();
    expect(states).toEqual(['connecting', 'open', 'reconnecting']);
    expect(fake.latest().closed).toBe(false);
    expect(errors[0]?.kind).toBe('connection');
    expect(errors[0]?.willReconnect).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(1); // the browser reconnects, not us
    fake.latest().announce();
    expect(connection.getState()).toMatchObject({ status: 'open', error: undefined });
  });

  test('a terminal failure without reconnect is failed, kind connection', async () => {
    const { fake, connection, errors } = setup();
    connection.retain();
    await flushMicrotasks();
    fake.latest().fail();
    expect(connection.getState()).toMatchObject({ status: 'failed', readyState: 2 });
    expect(errors.map((e) => e.kind)).toEqual(['connection']);
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(1);
  });

  test('reconnect retries terminal failures on the policy delays, then gives up with retries-exhausted', async () => {
    const delay = vi.fn((attempt: number) => attempt * 100);
    const { fake, connection, states, errors } = setup({ reconnect: { attempts: 2, delay } });
    connection.retain();
    await flushMicrotasks();
    fake.latest().fail();
    expect(connection.getState()).toMatchObject({ status: 'reconnecting', readyState: 2, attempt: 1 });
    vi.advanceTimersByTime(99);
    expect(fake.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.instances).toHaveLength(2);
    fake.latest().fail();
    vi.advanceTimersByTime(200);
    expect(fake.instances).toHaveLength(3);
    fake.latest().fail();
    expect(delay.mock.calls).toEqual([[1], [2]]);
    expect(connection.getState().status).toBe('failed');
    const last = errors.at(-1);
    expect(last?.kind).toBe('retries-exhausted');
    expect(last?.cause).toBeInstanceOf(SseError);
    expect(states).toEqual(['connecting', 'reconnecting', 'failed']);
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(3);
  });

  test('a 204 (the server saying "stop") is never retried, whatever reconnect says', async () => {
    const { fake, connection } = setup({ reconnect: { attempts: 3, delay: 10 } });
    connection.retain();
    await flushMicrotasks();
    const source = fake.latest();
    source.readyState = 2;
    source.dispatchEvent(
      Object.assign(new Event('error'), { code: 204, message: 'Server sent HTTP 204, not reconnecting' }),
    );
    expect(connection.getState().status).toBe('failed');
    expect(connection.getState().error?.status).toBe(204);
    vi.advanceTimersByTime(1000);
    expect(fake.instances).toHaveLength(1);
  });

  test('the attempt count resets when a connection opens', async () => {
    const { fake, connection } = setup({ reconnect: { attempts: 1, delay: 10 } });
    connection.retain();
    await flushMicrotasks();
    fake.latest().fail();
    vi.advanceTimersByTime(10);
    fake.latest().announce();
    expect(connection.getState().attempt).toBe(0);
    fake.latest().fail();
    expect(connection.getState().status).toBe('reconnecting');
    vi.advanceTimersByTime(10);
    expect(fake.instances).toHaveLength(3);
  });

  test('close() cancels a pending retry', async () => {
    const { fake, connection } = setup({ reconnect: { attempts: 3, delay: 10 } });
    connection.retain();
    await flushMicrotasks();
    fake.latest().fail();
    connection.close();
    vi.advanceTimersByTime(1000);
    expect(fake.instances).toHaveLength(1);
    expect(connection.getState().status).toBe('closed');
  });

  test('open() after failed reconnects at once with a fresh attempt count', async () => {
    const { fake, connection } = setup();
    connection.retain();
    await flushMicrotasks();
    fake.latest().fail();
    connection.open();
    expect(fake.instances).toHaveLength(2);
    expect(connection.getState()).toMatchObject({ status: 'connecting', attempt: 0, readyState: 0 });
  });

  test('a server event named "error" or "open" is data, not a change of state', async () => {
    const { fake, connection } = setup();
    const seen: string[] = [];
    connection.listen('error', (e) => seen.push(`error:${e.data}`));
    connection.retain();
    await flushMicrotasks();
    fake.latest().announce();
    fake.latest().emit('boom', { type: 'error' });
    fake.latest().emit('hi', { type: 'open' });
    expect(connection.getState().status).toBe('open');
    expect(seen).toEqual(['error:boom']);
  });

  test('the last event id persists across events without an id', async () => {
    const { fake, connection } = setup();
    const ids: string[] = [];
    connection.listen('message', (_e, id) => ids.push(id));
    connection.retain();
    await flushMicrotasks();
    fake.latest().emit('a', { lastEventId: '1' });
    fake.latest().emit('b');
    fake.latest().emit('c', { lastEventId: '3' });
    expect(ids).toEqual(['1', '1', '3']);
    expect(connection.lastEventId).toBe('3');
  });

  test('listeners added later reach the current source; removed ones stop', async () => {
    const { fake, connection } = setup();
    connection.retain();
    await flushMicrotasks();
    const seen: string[] = [];
    const off = connection.listen('tick', (e) => seen.push(e.data));
    fake.latest().emit('1', { type: 'tick' });
    off();
    fake.latest().emit('2', { type: 'tick' });
    expect(seen).toEqual(['1']);
  });

  test('a constructor that throws (an invalid URL) is failed with the cause, never a throw', async () => {
    class Throwing {
      constructor() {
        throw new SyntaxError('An invalid or illegal string was specified');
      }
    }
    const connection = new SseConnection('http://[bad', { EventSource: Throwing as never });
    connection.retain();
    await flushMicrotasks();
    const state = connection.getState();
    expect(state.status).toBe('failed');
    expect(state.error?.kind).toBe('connection');
    expect(state.error?.cause).toBeInstanceOf(SyntaxError);
  });

  test('no EventSource at all is unsupported, never a throw', async () => {
    vi.stubGlobal('EventSource', undefined);
    const connection = new SseConnection('/x');
    expect(connection.getState().status).toBe('unsupported');
    connection.retain();
    await flushMicrotasks();
    expect(connection.getState().error?.kind).toBe('unsupported');
  });
});
