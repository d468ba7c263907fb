// reduce and initial: every event folded, in order, into result.state, with the one commit per frame of
// commit: 'frame'. The animation frame is a fake timer and each event is emitted by a scripted EventSource, so the
// counts are exact.
import { act, render, renderHook } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { type SseError, type SseMessage, useEventSource } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const frame = () => act(() => vi.advanceTimersByTime(16));
const append = (text: string, message: SseMessage): string => `${text}${message.data};`;

/** A hook on a scripted EventSource, connected and open. */
async function connected<R>(hook: (EventSource: ReturnType<typeof fakeEventSourceClass>['EventSource']) => R) {
  const fake = fakeEventSourceClass();
  const rendered = renderHook(() => hook(fake.EventSource));
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  return { ...rendered, fake, emit: (data: string) => act(() => fake.latest().emit(data)) };
}

test('10,000 events in one frame are all folded, in order, with one commit', async () => {
  const fake = fakeEventSourceClass();
  let folds = 0;
  let commits = 0;
  let shown = '';
  function Answer() {
    const { state } = useEventSource('/answer', {
      EventSource: fake.EventSource,
      initial: [] as number[],
      reduce: (numbers, message) => {
        folds += 1;
        numbers.push(Number(message.data)); // the same array: what counts here is that no event is lost
        return numbers.slice();
      },
    });
    shown = `${state.length}:${state[0]}…${state[state.length - 1]}`;
    return null;
  }
  // A fold that copies 10,000 times is slow on purpose elsewhere; here it keeps the test about order and commits.
  render(
    <Profiler id="answer" onRender={() => (commits += 1)}>
      <Answer />
    </Profiler>,
  );
  await act(async () => {});
  act(() => fake.latest().announce());
  await frame();
  const before = commits;
  act(() => {
    for (let i = 1; i <= 10_000; i++) fake.latest().emit(String(i));
  });
  expect(commits - before).toBe(0); // no frame yet
  await frame();
  expect(commits - before).toBe(1);
  expect(folds).toBe(10_000);
  expect(shown).toBe('10000:1…10000');
});

test('the fold sees every event in order, as a string built from deltas (an AI answer)', async () => {
  const { result, emit } = await connected((EventSource) =>
    useEventSource('/answer', { EventSource, initial: '', reduce: (text, m) => text + m.data }),
  );
  expect(result.current.state).toBe('');
  for (const delta of ['Hel', 'lo', ', ', 'world']) emit(delta);
  await frame();
  expect(result.current.state).toBe('Hello, world');
  expect(result.current.data).toBe('world');
});

test('without reduce, state is undefined', async () => {
  const { result, emit } = await connected((EventSource) => useEventSource('/plain', { EventSource }));
  emit('one');
  await frame();
  expect(result.current.state).toBeUndefined();
});

test('a new url starts the fold over from initial', async () => {
  const fake = fakeEventSourceClass();
  const { result, rerender } = renderHook(
    ({ url }) => useEventSource(url, { EventSource: fake.EventSource, initial: '', reduce: append }),
    { initialProps: { url: '/a' } },
  );
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('a1'));
  await frame();
  expect(result.current.state).toBe('a1;');
  rerender({ url: '/b' });
  expect(result.current.state).toBe('');
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('b1'));
  await frame();
  expect(fake.latest().url).toBe('/b');
  expect(result.current.state).toBe('b1;');
});

test('open() after close() starts the fold over', async () => {
  const { result, emit, fake } = await connected((EventSource) =>
    useEventSource('/c', { EventSource, initial: '', reduce: append }),
  );
  emit('1');
  emit('2');
  await frame();
  act(() => result.current.close());
  expect(result.current.state).toBe('1;2;'); // closing keeps what was folded
  act(() => result.current.open());
  expect(result.current.state).toBe('');
  await act(async () => {});
  act(() => fake.latest().announce());
  emit('3');
  await frame();
  expect(result.current.state).toBe('3;');
});

test('open() after failed starts the fold over', async () => {
  const { result, emit, fake } = await connected((EventSource) =>
    useEventSource('/f', { EventSource, initial: '', reduce: append }),
  );
  emit('1');
  await frame();
  act(() => fake.latest().fail());
  expect(result.current.status).toBe('failed');
  expect(result.current.state).toBe('1;');
  act(() => result.current.open());
  expect(result.current.state).toBe('');
});

test('enabled: false, then true again, starts the fold over', async () => {
  const fake = fakeEventSourceClass();
  const { result, rerender } = renderHook(
    ({ enabled }) => useEventSource('/e', { EventSource: fake.EventSource, enabled, initial: '', reduce: append }),
    { initialProps: { enabled: true } },
  );
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('1'));
  await frame();
  rerender({ enabled: false });
  expect(result.current.state).toBe('1;');
  rerender({ enabled: true });
  expect(result.current.state).toBe('');
});

test('a reconnect keeps the state: the resumed stream continues the fold', async () => {
  const { result, emit, fake } = await connected((EventSource) =>
    useEventSource('/r', { EventSource, initial: '', reduce: append }),
  );
  emit('1');
  await frame();
  act(() => fake.latest().drop()); // the browser reconnects, sending Last-Event-ID
  expect(result.current.status).toBe('reconnecting');
  act(() => fake.latest().announce());
  emit('2');
  await frame();
  expect(fake.instances).toHaveLength(1);
  expect(result.current.state).toBe('1;2;');
});

test('state keeps its identity when the reducer returns the same object, and a reader of state does not render', async () => {
  const fake = fakeEventSourceClass();
  type Prices = Record<string, number>;
  const prices = (map: Prices, message: SseMessage): Prices => {
    const [symbol = '', price] = message.data.split(' ');
    return map[symbol] === Number(price) ? map : { ...map, [symbol]: Number(price) };
  };
  let renders = 0;
  let seen: Prices | undefined;
  function Table() {
    const { state } = useEventSource('/p', { EventSource: fake.EventSource, initial: {} as Prices, reduce: prices });
    renders += 1;
    seen = state;
    return <pre>{JSON.stringify(state)}</pre>; // every key: state taken whole
  }
  const { container } = render(<Table />);
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('ACME 1'));
  await frame();
  expect(container.textContent).toBe('{"ACME":1}');
  const before = renders;
  const kept = seen;
  act(() => fake.latest().emit('ACME 1')); // the same price: the reducer returns the map it was given
  await frame();
  expect(renders).toBe(before);
  expect(seen).toBe(kept);
  act(() => fake.latest().emit('ACME 2'));
  await frame();
  expect(renders).toBe(before + 1);
  expect(container.textContent).toBe('{"ACME":2}');
});

test('a reducer that throws is a parse error that names reduce: the event is skipped, the state kept', async () => {
  const errors: SseError[] = [];
  const delivered: string[] = [];
  const { result, emit } = await connected((EventSource) =>
    useEventSource('/t', {
      EventSource,
      initial: '',
      reduce: (text, m) => {
        if (m.data === 'bad') throw new Error('no bad words');
        return text + m.data;
      },
      onMessage: (m) => delivered.push(m.data),
      onError: (error) => errors.push(error),
    }),
  );
  emit('a');
  emit('bad');
  await frame();
  expect(result.current.state).toBe('a');
  expect(result.current.data).toBe('a');
  expect(delivered).toEqual(['a']);
  expect(errors).toHaveLength(1);
  expect(result.current.error?.kind).toBe('parse');
  expect(result.current.error?.message).toBe('Could not reduce "message" data: no bad words');
  expect(result.current.error?.raw).toBe('bad');
  emit('b');
  await frame();
  expect(result.current.state).toBe('ab');
  expect(result.current.error).toBeUndefined(); // about one event, as a parse error is
});

test('reduce is always the latest function; changing it never reconnects', async () => {
  const fake = fakeEventSourceClass();
  const { result, rerender } = renderHook(
    ({ mark }) =>
      useEventSource('/l', { EventSource: fake.EventSource, initial: '', reduce: (text, m) => text + mark + m.data }),
    { initialProps: { mark: '+' } },
  );
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('1'));
  rerender({ mark: '-' });
  act(() => fake.latest().emit('2'));
  await frame();
  expect(result.current.state).toBe('+1-2');
  expect(fake.instances).toHaveLength(1);
});
