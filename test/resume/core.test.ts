// Resume in the core, with the fake EventSource and fake timers: lastEventIdParam on every connection the library
// opens, lastEventId on the first one, the stall watchdog, and the page's pageshow and online events.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SseConnection, type SseConnectionConfig, type SseError } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function connect(config: SseConnectionConfig = {}) {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection('https://api.test/stream?topic=a', { EventSource: fake.EventSource, ...config });
  const statuses: string[] = [];
  const errors: SseError[] = [];
  connection.subscribe({
    state: (s) => {
      if (statuses.at(-1) !== s.status) statuses.push(s.status);
    },
    error: (e) => errors.push(e),
  });
  connection.listen('message', () => {});
  connection.retain();
  await Promise.resolve();
  return { fake, connection, statuses, errors };
}

describe('lastEventIdParam', () => {
  test('a reconnect retry after a terminal failure carries the last id in the query', async () => {
    const { fake } = await connect({ lastEventIdParam: 'lastEventId', reconnect: { attempts: 2, delay: 100 } });
    expect(fake.latest().url).toBe('https://api.test/stream?topic=a'); // nothing seen yet: untouched
    fake.latest().announce();
    fake.latest().emit('x', { lastEventId: '41' });
    fake.latest().emit('y', { lastEventId: '42' });
    fake.latest().fail();
    vi.advanceTimersByTime(100);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('https://api.test/stream?topic=a&lastEventId=42');
  });

  test('unset, urls are never touched', async () => {
    const { fake, connection } = await connect({ reconnect: { attempts: 1, delay: 100 } });
    fake.latest().announce();
    fake.latest().emit('x', { lastEventId: '42' });
    fake.latest().fail();
    vi.advanceTimersByTime(100);
    expect(fake.latest().url).toBe('https://api.test/stream?topic=a');
    expect(connection.lastEventId).toBe('');
  });

  test('lastEventId resumes the first connection and is the starting id', async () => {
    const fake = fakeEventSourceClass();
    const connection = new SseConnection('/s', {
      EventSource: fake.EventSource,
      lastEventIdParam: 'lastEventID',
      lastEventId: 'urn:1',
    });
    expect(connection.lastEventId).toBe('urn:1');
    connection.retain();
    await Promise.resolve();
    expect(fake.latest().url).toBe('http://localhost:3000/s?lastEventID=urn%3A1');
  });

  test('an eventSourceInit function gets the id for every EventSource the library creates, and the id is kept', async () => {
    const inits: string[] = [];
    const { fake, connection } = await connect({
      reconnect: { attempts: 1, delay: 10 },
      eventSourceInit: (lastEventId) => {
        inits.push(lastEventId);
        return { headers: { 'Last-Event-ID': lastEventId } };
      },
    });
    fake.latest().announce();
    fake.latest().emit('x', { lastEventId: '7' });
    fake.latest().fail();
    vi.advanceTimersByTime(10);
    expect(inits).toEqual(['', '7']);
    expect(fake.latest().init).toEqual({ headers: { 'Last-Event-ID': '7' }, withCredentials: false });
    expect(connection.lastEventId).toBe('7');
  });
});

describe('heartbeatTimeout', () => {
  test('a silent open stream is closed and opened again, resuming; status open → reconnecting → open', async () => {
    const { fake, statuses, errors } = await connect({ heartbeatTimeout: 1000, lastEventIdParam: 'lastEventId' });
    fake.latest().announce();
    fake.latest().emit('x', { lastEventId: '3' });
    vi.advanceTimersByTime(999);
    expect(fake.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.instances[0]?.closed).toBe(true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('https://api.test/stream?topic=a&lastEventId=3');
    expect(errors.map((e) => [e.kind, e.willReconnect])).toEqual([['connection', true]]);
    expect(errors[0]?.message).toBe('No event for 1000 ms: the stream seems stalled; reconnecting');
    fake.latest().announce();
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  test('every event resets the timer', async () => {
    const { fake } = await connect({ heartbeatTimeout: 1000 });
    fake.latest().announce();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(900);
      fake.latest().emit(String(i), { lastEventId: String(i) });
    }
    expect(fake.instances).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(fake.instances).toHaveLength(2);
  });

  test('no open while connecting is a stall too', async () => {
    const { fake, connection } = await connect({ heartbeatTimeout: 500 });
    vi.advanceTimersByTime(500);
    expect(fake.instances).toHaveLength(2);
    expect(connection.getState().status).toBe('reconnecting');
  });

  test('stall recoveries are not counted against reconnect.attempts', async () => {
    const { fake, connection } = await connect({ heartbeatTimeout: 500, reconnect: { attempts: 1, delay: 10 } });
    for (let i = 0; i < 5; i++) vi.advanceTimersByTime(500);
    expect(fake.instances).toHaveLength(6);
    expect(connection.getState().attempt).toBe(0);
    fake.latest().fail(); // a real failure still gets its one retry
    expect(connection.getState().status).toBe('reconnecting');
    expect(connection.getState().error?.message).toMatch(/Retry 1 of 1/);
  });

  test('with resume: false a stall fails instead of reconnecting', async () => {
    const { fake, connection } = await connect({ heartbeatTimeout: 500, resume: false });
    fake.latest().announce();
    vi.advanceTimersByTime(500);
    expect(fake.instances).toHaveLength(1);
    expect(connection.getState().status).toBe('failed');
  });

  test('no timer is left after the last release', async () => {
    const { fake, connection } = await connect({ heartbeatTimeout: 1000, reconnect: true });
    fake.latest().announce();
    connection.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('0 or less is no watchdog, and never a loop of new EventSources', async () => {
    for (const heartbeatTimeout of [0, -1]) {
      const { fake, connection } = await connect({ heartbeatTimeout });
      fake.latest().announce();
      vi.advanceTimersByTime(60_000);
      expect(fake.instances).toHaveLength(1);
      expect(connection.getState().status).toBe('open');
      connection.release();
    }
  });

  test('unset, a silent stream stays open', async () => {
    const { fake, connection } = await connect();
    fake.latest().announce();
    vi.advanceTimersByTime(10 * 60_000);
    expect(fake.instances).toHaveLength(1);
    expect(connection.getState().status).toBe('open');
  });
});

describe('pageshow and online', () => {
  const pageshow = (persisted: boolean) => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted }));

  test('back from the back-forward cache with a closed source: reconnects, resuming', async () => {
    const { fake, connection } = await connect({ lastEventIdParam: 'lastEventId' });
    fake.latest().announce();
    fake.latest().emit('x', { lastEventId: '9' });
    fake.latest().readyState = 2; // Safari closed it when the page entered the cache; no event is fired
    pageshow(false);
    expect(fake.instances).toHaveLength(1); // a normal load is not a restore
    pageshow(true);
    expect(fake.instances).toHaveLength(2);
    expect(fake.latest().url).toBe('https://api.test/stream?topic=a&lastEventId=9');
    expect(connection.getState().status).toBe('reconnecting');
    fake.latest().announce();
    expect(connection.getState().status).toBe('open');
  });

  test("a normal load's pageshow leaves a waiting retry and the browser's own reconnect alone", async () => {
    const retrying = await connect({ reconnect: { attempts: 3, delay: 30_000 } });
    retrying.fake.latest().fail();
    pageshow(false);
    expect(retrying.fake.instances).toHaveLength(1);
    vi.advanceTimersByTime(30_000);
    expect(retrying.fake.instances).toHaveLength(2); // the retry came after its delay, not before
    retrying.connection.release();

    const dropped = await connect();
    dropped.fake.latest().announce();
    dropped.fake.latest().drop();
    pageshow(false);
    expect(dropped.fake.instances).toHaveLength(1);
  });

  test('back from the cache with a source still open: left alone', async () => {
    const { fake } = await connect();
    fake.latest().announce();
    pageshow(true);
    expect(fake.instances).toHaveLength(1);
  });

  test('online while a library retry waits: connects at once', async () => {
    const { fake, connection } = await connect({ reconnect: { attempts: 3, delay: 30_000 } });
    fake.latest().fail();
    expect(connection.getState().status).toBe('reconnecting');
    window.dispatchEvent(new Event('online'));
    expect(fake.instances).toHaveLength(2);
    vi.advanceTimersByTime(30_000);
    expect(fake.instances).toHaveLength(2); // the pending retry was cancelled
  });

  test('online while the browser reconnects: replaced only when the id can go along', async () => {
    const plain = await connect();
    plain.fake.latest().announce();
    plain.fake.latest().emit('x', { lastEventId: '5' });
    plain.fake.latest().drop();
    window.dispatchEvent(new Event('online'));
    expect(plain.fake.instances).toHaveLength(1); // the browser's reconnect keeps Last-Event-ID: left alone
    plain.connection.release();

    const resumable = await connect({ lastEventIdParam: 'lastEventId' });
    resumable.fake.latest().announce();
    resumable.fake.latest().emit('x', { lastEventId: '5' });
    resumable.fake.latest().drop();
    window.dispatchEvent(new Event('online'));
    expect(resumable.fake.instances).toHaveLength(2);
    expect(resumable.fake.latest().url).toContain('lastEventId=5');
  });

  test('listens only while a connection exists', async () => {
    const add = vi.spyOn(window, 'addEventListener');
    const remove = vi.spyOn(window, 'removeEventListener');
    const { connection } = await connect();
    expect(add.mock.calls.map((c) => c[0])).toEqual(['pageshow', 'online']);
    connection.release();
    expect(remove.mock.calls.map((c) => c[0])).toEqual(['pageshow', 'online']);
    expect(add.mock.calls.some((c) => c[0] === 'unload' || c[0] === 'beforeunload')).toBe(false);
  });
});

test('an event named heartbeat keeps the watchdog quiet without reaching any handler', async () => {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection('/s', { EventSource: fake.EventSource, heartbeatTimeout: 1000 });
  const seen: string[] = [];
  connection.listen('message', (event) => seen.push(event.data));
  connection.retain();
  await Promise.resolve();
  fake.latest().announce();
  for (let i = 0; i < 5; i++) {
    vi.advanceTimersByTime(900);
    fake.latest().emit('', { type: 'heartbeat' });
  }
  expect(fake.instances).toHaveLength(1);
  expect(seen).toEqual([]);
  connection.release();
});
