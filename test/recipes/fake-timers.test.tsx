// docs/testing.md's "Fake timers" example, verbatim but for the import paths (scripts/compat.mjs checks that they
// stay the same, and runs the docs' copy in a user's project on msw 2 and msw 3).
import { act, render, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

function Ticks({ commit = 'frame', onTick }: { commit?: 'frame' | 'event'; onTick?: (tick: string) => void }) {
  const { status, data } = useEventSource('/api/ticks', { commit, onMessage: (m) => onTick?.(m.data) });
  return <p>{status === 'open' ? `tick ${data ?? '…'}` : status}</p>;
}

// Two ticks a minute apart: the script's wait runs on the fake clock.
const ticks = () => scriptedStream('/api/ticks', [{ data: '1' }, { wait: 60_000 }, { data: '2' }, { wait: 60_000 }]);

afterEach(() => {
  vi.useRealTimers();
});

test('an event is on screen one frame after it arrives', async () => {
  vi.useFakeTimers();
  server.use(ticks());
  const arrived = new Promise((resolve) => render(<Ticks onTick={resolve} />));
  expect(await arrived).toBe('1'); // onMessage has run
  expect(screen.queryByText('tick 1')).toBeNull(); // the frame is on the fake clock
  await vi.advanceTimersByTimeAsync(100);
  expect(screen.getByText('tick 1')).toBeTruthy();
});

test('a fake clock that also moves on its own: findBy works', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  server.use(ticks());
  render(<Ticks />);
  expect(await screen.findByText('tick 1')).toBeTruthy();
  await vi.advanceTimersByTimeAsync(60_000);
  expect(await screen.findByText('tick 2')).toBeTruthy();
});

test('the strict fake clock: vi.waitFor moves it', async () => {
  vi.useFakeTimers();
  server.use(ticks());
  render(<Ticks />);
  await vi.waitFor(() => expect(screen.getByText('tick 1')).toBeTruthy());
  await vi.advanceTimersByTimeAsync(60_000);
  await vi.waitFor(() => expect(screen.getByText('tick 2')).toBeTruthy());
});

test("commit: 'event' commits each event as it arrives, with no frame", async () => {
  vi.useFakeTimers();
  server.use(ticks());
  const arrived = new Promise((resolve) => render(<Ticks commit="event" onTick={resolve} />));
  await act(() => arrived); // the clock has not moved
  expect(screen.getByText('tick 1')).toBeTruthy();
});
