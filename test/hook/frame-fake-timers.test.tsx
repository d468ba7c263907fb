// The app-wide frame survives fake timers: a test that ends with a frame pending under vi.useFakeTimers() (which fakes
// requestAnimationFrame too) loses that frame and its fallback timer with the fake clock. The hooks of the file's
// later tests, on real timers, must still commit what they receive. The two tests run in order, in one module scope.
import { act, render, renderHook, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { fakeEventSourceClass } from '../fakeEventSource';
import { server } from '../server';

afterEach(() => {
  vi.useRealTimers();
});

test('under fake timers a frame comes only when the clock is advanced (this test leaves one pending)', async () => {
  vi.useFakeTimers();
  const fake = fakeEventSourceClass();
  const { result } = renderHook(() => useEventSource('/fake', { EventSource: fake.EventSource }));
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('left pending'));
  expect(result.current.data).toBeUndefined(); // the frame never came: the clock was not advanced
});

test('a later hook on real timers still renders the events it receives', async () => {
  server.use(scriptedStream('/after-fake-timers', [{ data: 'hello' }, { wait: 60_000 }]));
  function Greeting() {
    const { data } = useEventSource('/after-fake-timers');
    return <p>{data ?? 'waiting'}</p>;
  }
  render(<Greeting />);
  expect(await screen.findByText('hello')).toBeTruthy();
});

test('a hook that lived through the switch from fake to real timers renders its next event', async () => {
  vi.useFakeTimers();
  const fake = fakeEventSourceClass();
  function Ticker() {
    const { data } = useEventSource('/ticker', { EventSource: fake.EventSource });
    return <p>{data ?? 'waiting'}</p>;
  }
  render(<Ticker />);
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('tick 1')); // its frame is lost with the fake clock
  vi.useRealTimers();
  act(() => fake.latest().emit('tick 2'));
  expect(await screen.findByText('tick 2')).toBeTruthy();
});

test('a frame whose timers were cleared is scheduled again by the next hook with news, a second later', async () => {
  vi.useFakeTimers();
  const fake = fakeEventSourceClass();
  function Feed({ url }: { url: string }) {
    const { data } = useEventSource(url, { EventSource: fake.EventSource });
    return <p>{`${url}: ${data ?? 'waiting'}`}</p>;
  }
  render(
    <>
      <Feed url="/a" />
      <Feed url="/b" />
    </>,
  );
  await act(async () => {}); // the deferred opens
  const [a, b] = fake.instances;
  act(() => a?.announce());
  act(() => b?.announce());
  act(() => a?.emit('1'));
  vi.clearAllTimers(); // the frame and its fallback timer are gone; the clock stays fake
  act(() => vi.advanceTimersByTime(1000));
  act(() => b?.emit('2'));
  act(() => vi.advanceTimersByTime(100));
  expect(screen.getByText('/a: 1')).toBeTruthy();
  expect(screen.getByText('/b: 2')).toBeTruthy();
});
