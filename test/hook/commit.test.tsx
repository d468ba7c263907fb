// commit: 'frame' (the default) bounds React commits by the display rate, whatever the event rate; onMessage still
// sees every event. Each event arrives in its own task (its own act() here), as events over a network do, and the
// animation frame is a fake timer, so the count of commits is exact.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { type UseEventSourceOptions, useEventSource } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
});
afterEach(() => {
  vi.useRealTimers();
});

async function stream(options: UseEventSourceOptions, count: number) {
  const fake = fakeEventSourceClass();
  let renders = 0;
  const seen: string[] = [];
  const hook = renderHook(() => {
    renders += 1;
    return useEventSource('/stream', {
      ...options,
      EventSource: fake.EventSource,
      onMessage: (m) => seen.push(m.data),
    });
  });
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  const before = renders;
  for (let i = 1; i <= count; i++) {
    await act(async () => fake.latest().emit(String(i), { lastEventId: String(i) }));
  }
  return { hook, seen, commitsDuringEvents: () => renders - before };
}

test("commit: 'frame' commits events that arrive in separate tasks once per animation frame", async () => {
  const { hook, seen, commitsDuringEvents } = await stream({ history: 100 }, 100);
  expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));
  expect(commitsDuringEvents()).toBe(0); // no frame yet
  act(() => vi.advanceTimersByTime(16)); // one animation frame
  expect(commitsDuringEvents()).toBe(1);
  expect(hook.result.current.data).toBe('100');
  expect(hook.result.current.lastEventId).toBe('100');
  expect(hook.result.current.history).toHaveLength(100);
});

test("commit: 'event' commits after every event", async () => {
  const { hook, seen, commitsDuringEvents } = await stream({ commit: 'event' }, 100);
  expect(seen).toHaveLength(100);
  expect(commitsDuringEvents()).toBe(100);
  expect(hook.result.current.data).toBe('100');
});
