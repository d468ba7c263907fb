// User functions the connection calls (reconnect.delay, an eventSourceInit function, an injected constructor): what
// they throw or return is reported in words, and the connection ends in a state the status model names.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SseConnection, type SseConnectionConfig, type SseError } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function connect(config: SseConnectionConfig, url = 'https://api.test/stream') {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection(url, { EventSource: fake.EventSource, ...config });
  const errors: SseError[] = [];
  connection.subscribe({ error: (error) => errors.push(error) });
  connection.listen('message', () => {});
  connection.retain();
  await Promise.resolve();
  return { fake, connection, errors };
}

const pageshow = () => window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));

describe('reconnect.delay', () => {
  test('a delay function that throws fails the connection, says what threw, and leaves no page listener', async () => {
    const thrown = new Error('no budget left');
    const { fake, connection, errors } = await connect({
      reconnect: {
        attempts: 3,
        delay: () => {
          throw thrown;
        },
      },
    });
    fake.latest().announce();
    fake.latest().fail();
    const state = connection.getState();
    expect(state.status).toBe('failed');
    expect(state.readyState).toBe(2);
    expect(state.error?.message).toBe(
      'The stream failed: a non-200 status or a wrong content type. The reconnect.delay function threw: no budget left',
    );
    expect(state.error?.cause).toBe(thrown);
    expect(state.error?.willReconnect).toBe(false);
    expect(errors).toEqual([state.error]);
    // Nothing comes back to life: no page event reconnects it, no timer retries it.
    pageshow();
    window.dispatchEvent(new Event('online'));
    vi.advanceTimersByTime(60_000);
    expect(fake.instances).toHaveLength(1);
    expect(connection.getState().status).toBe('failed');
    // open() starts again, as after any failure.
    connection.open();
    expect(fake.instances).toHaveLength(2);
  });

  test.each([
    ['NaN', Number.NaN],
    ['a negative number', -50],
  ])('a delay of %s waits the default backoff, never retrying at once', async (_, value) => {
    const { fake, connection } = await connect({ reconnect: { attempts: 2, delay: () => value } });
    fake.latest().announce();
    fake.latest().fail();
    const message = connection.getState().error?.message ?? '';
    expect(message).toMatch(/Retry 1 of 2 in \d+ ms$/);
    const ms = Number(/in (\d+) ms$/.exec(message)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(750); // attempt 1: 1 s ±25 %
    expect(ms).toBeLessThanOrEqual(1250);
    vi.advanceTimersByTime(ms - 1);
    expect(fake.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.instances).toHaveLength(2);
  });
});

describe('creating the EventSource', () => {
  test('an eventSourceInit function that throws is named, with its message, and is no "Invalid URL"', async () => {
    const { fake, connection, errors } = await connect({
      eventSourceInit: () => {
        throw new SyntaxError('Unexpected token in the stored session');
      },
    });
    expect(fake.instances).toHaveLength(0);
    const state = connection.getState();
    expect(state.status).toBe('failed');
    expect(state.error?.kind).toBe('connection');
    expect(state.error?.message).toBe('The eventSourceInit function threw: Unexpected token in the stored session');
    expect(state.error?.cause).toBeInstanceOf(SyntaxError);
    expect(errors).toHaveLength(1);
  });

  test('a constructor that throws something other than a SyntaxError is named too', async () => {
    class Refusing {
      constructor() {
        throw new TypeError('fetch is not a function');
      }
    }
    const connection = new SseConnection('/s', { EventSource: Refusing as never });
    connection.retain();
    await Promise.resolve();
    expect(connection.getState().status).toBe('failed');
    expect(connection.getState().error?.message).toBe('The EventSource constructor threw: fetch is not a function');
  });

  test("the constructor's SyntaxError, and a url the URL API refuses, are an invalid URL", async () => {
    class Strict {
      constructor() {
        throw new DOMException('An invalid or illegal string was specified', 'SyntaxError');
      }
    }
    const strict = new SseConnection('http://[bad', { EventSource: Strict as never });
    strict.retain();
    await Promise.resolve();
    expect(strict.getState().error?.message).toBe('Invalid URL "http://[bad"');
    // With an id to put in the query, the library parses the url itself first.
    const { connection } = await connect({ lastEventIdParam: 'id', lastEventId: '7' }, 'http://[bad');
    expect(connection.getState().status).toBe('failed');
    expect(connection.getState().error?.message).toBe('Invalid URL "http://[bad"');
  });
});
