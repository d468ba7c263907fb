// The stall watchdog (heartbeatTimeout) with long and odd timeouts, and driven through injected `timers`.
import { afterEach, expect, test, vi } from 'vitest';
import { SseConnection, type SseConnectionConfig, type Timers } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

afterEach(() => {
  vi.useRealTimers();
});

const MAX_TIMER = 2 ** 31 - 1;
const DAY = 24 * 60 * 60 * 1000;

function open(config: SseConnectionConfig) {
  const fake = fakeEventSourceClass();
  const connection = new SseConnection('/stream', { EventSource: fake.EventSource, ...config });
  connection.listen('message', () => {});
  connection.retain();
  return { fake, connection };
}

/** `timers` on Vitest's fake clock, counting the timers the connection sets and recording their delays. */
function countedTimers() {
  const delays: number[] = [];
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      delays.push(ms);
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    queueMicrotask: (callback) => callback(),
  };
  return { timers, delays };
}

test('heartbeatTimeout: Infinity (or NaN) is no watchdog: no timer at all, and a silent stream stays open', () => {
  vi.useFakeTimers();
  for (const heartbeatTimeout of [Number.POSITIVE_INFINITY, Number.NaN]) {
    const { timers, delays } = countedTimers();
    const { fake, connection } = open({ heartbeatTimeout, timers });
    fake.latest().announce();
    vi.advanceTimersByTime(60_000);
    expect(delays).toEqual([]);
    expect(fake.instances).toHaveLength(1);
    expect(connection.getState().status).toBe('open');
    connection.release();
  }
});

test('heartbeatTimeout of 30 days is honoured with waits of at most 2^31−1 ms, never a timer a millisecond', () => {
  vi.useFakeTimers();
  const { timers, delays } = countedTimers();
  const { fake, connection } = open({ heartbeatTimeout: 30 * DAY, timers });
  fake.latest().announce();
  vi.advanceTimersByTime(60_000);
  expect(delays).toEqual([MAX_TIMER]); // one timer, armed once, in a minute
  vi.advanceTimersByTime(30 * DAY - 60_000 - 1);
  expect(fake.instances).toHaveLength(1);
  expect(connection.getState().status).toBe('open');
  expect(delays.length).toBeLessThanOrEqual(3);
  expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER);
  vi.advanceTimersByTime(1);
  expect(fake.instances).toHaveLength(2); // 30 days of silence: a stall, and a new EventSource
  expect(connection.getState().error?.message).toBe(
    'No event for 2592000000 ms: the stream seems stalled; reconnecting',
  );
  connection.release();
});

/** A clock of its own that only moves when told: what a harness driving SseConnection through `timers` has. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    timers: {
      now: () => now,
      setTimeout: (run: () => void, ms: number) => {
        due.set(nextId, { at: now + ms, run });
        return nextId++;
      },
      clearTimeout: (handle: unknown) => {
        due.delete(handle as number);
      },
      queueMicrotask: (callback: () => void) => callback(),
    } satisfies Timers,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const [id, timer] = [...due].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
        if (id === undefined || !timer || timer.at > end) break;
        due.delete(id);
        now = timer.at;
        timer.run();
      }
      now = end;
    },
  };
}

test('a harness that drives the connection through timers (with now()) sees a stall on its own clock', () => {
  const harness = manualTimers();
  const { fake, connection } = open({ heartbeatTimeout: 1000, timers: harness.timers, lastEventIdParam: 'id' });
  fake.latest().announce();
  harness.advance(600);
  fake.latest().emit('a', { lastEventId: '1' });
  harness.advance(999);
  expect(fake.instances).toHaveLength(1); // 999 ms since the event: not yet
  harness.advance(1);
  expect(fake.instances).toHaveLength(2);
  expect(fake.latest().url).toBe('http://localhost:3000/stream?id=1');
  expect(connection.getState().status).toBe('reconnecting');
  connection.release();
});
