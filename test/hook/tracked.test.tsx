// Tracked renders: a component re-renders only when a field of the result that it read during render changed, and,
// for a `state` that is a plain object or an array, a key of it that it read. Renders are counted with React's
// Profiler, one per component, so the counts are exact; the animation frame is a fake timer.
import { act, render } from '@testing-library/react';
import { Profiler, type ProfilerOnRenderCallback, StrictMode } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { type SseMessage, type UseEventSourceOptions, useEventSource } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const frame = () => act(() => vi.advanceTimersByTime(16));

type Prices = Record<string, number>;
/** `ACME 12.5` → the map with ACME's price; the same map when the price is the same. */
const prices = (map: Prices, message: SseMessage): Prices => {
  const [symbol = '', price] = message.data.split(' ');
  return map[symbol] === Number(price) ? map : { ...map, [symbol]: Number(price) };
};
const SYMBOLS = Array.from({ length: 100 }, (_, i) => `S${i}`);

/** Renders `children` once per commit in which each Profiler's subtree rendered: `renders.get(id)`. */
function counter() {
  const renders = new Map<string, number>();
  const onRender: ProfilerOnRenderCallback = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);
  return {
    onRender,
    /** The ids that rendered since the last call. */
    take(): string[] {
      const ids = [...renders.keys()].sort();
      renders.clear();
      return ids;
    },
  };
}

async function open(fake: ReturnType<typeof fakeEventSourceClass>): Promise<void> {
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  await frame();
}

test('100 rows on one shared stream: only the rows whose price changed re-render', async () => {
  const fake = fakeEventSourceClass();
  const count = counter();
  const options: UseEventSourceOptions<string, typeof fake.EventSource, Prices> = {
    share: true,
    EventSource: fake.EventSource,
    initial: {},
    reduce: prices,
  };
  function Row({ symbol }: { symbol: string }) {
    const { state } = useEventSource('/quotes', options);
    return <li>{`${symbol}: ${state[symbol] ?? '…'}`}</li>;
  }
  const { container } = render(
    <StrictMode>
      <ul>
        {SYMBOLS.map((symbol) => (
          <Profiler key={symbol} id={symbol} onRender={count.onRender}>
            <Row symbol={symbol} />
          </Profiler>
        ))}
      </ul>
    </StrictMode>,
  );
  await open(fake);
  expect(fake.instances).toHaveLength(1);
  count.take();

  act(() => {
    for (const tick of ['S1 10', 'S2 20', 'S1 11', 'S50 5', 'S99 1']) fake.latest().emit(tick);
  });
  await frame();
  expect(count.take()).toEqual(['S1', 'S2', 'S50', 'S99']);
  expect(container.querySelectorAll('li')[1]?.textContent).toBe('S1: 11');

  // The same price again is no change; S3 is new.
  act(() => {
    for (const tick of ['S1 11', 'S2 20', 'S3 3']) fake.latest().emit(tick);
  });
  await frame();
  expect(count.take()).toEqual(['S3']);

  // Only the same prices: nobody renders.
  act(() => fake.latest().emit('S99 1'));
  await frame();
  expect(count.take()).toEqual([]);
  expect([...container.querySelectorAll('li')].map((li) => li.textContent).filter((t) => !t?.endsWith('…'))).toEqual([
    'S1: 11',
    'S2: 20',
    'S3: 3',
    'S50: 5',
    'S99: 1',
  ]);
});

test('a component that reads data re-renders every frame that had an event; one that reads status only, on status changes', async () => {
  const fake = fakeEventSourceClass();
  const count = counter();
  function Data() {
    const { data } = useEventSource('/feed', { share: true, EventSource: fake.EventSource });
    return <p>{data}</p>;
  }
  function Status() {
    const { status } = useEventSource('/feed', { share: true, EventSource: fake.EventSource });
    return <p>{status}</p>;
  }
  function Everything() {
    const { close, open, ...rest } = useEventSource('/feed', { share: true, EventSource: fake.EventSource });
    return <p>{Object.keys(rest).length}</p>;
  }
  render(
    <>
      <Profiler id="data" onRender={count.onRender}>
        <Data />
      </Profiler>
      <Profiler id="status" onRender={count.onRender}>
        <Status />
      </Profiler>
      <Profiler id="everything" onRender={count.onRender}>
        <Everything />
      </Profiler>
    </>,
  );
  await open(fake);
  count.take();
  for (const tick of ['1', '2', '3']) {
    act(() => fake.latest().emit(tick));
    await frame();
    expect(count.take()).toEqual(['data', 'everything']);
  }
  act(() => fake.latest().drop());
  await frame();
  expect(count.take()).toEqual(['everything', 'status']);
});

test('a row that asks `in` re-renders when its key arrives; state that stops being an object is seen', async () => {
  const fake = fakeEventSourceClass();
  const count = counter();
  let last = '';
  function Row() {
    const { state } = useEventSource('/in', {
      EventSource: fake.EventSource,
      initial: {} as Prices | null,
      reduce: (map, m) => (m.data === 'reset' ? null : prices(map ?? {}, m)),
    });
    last = state === null ? 'none' : 'ACME' in state ? `ACME ${state.ACME}` : 'no ACME';
    return null;
  }
  render(
    <Profiler id="row" onRender={count.onRender}>
      <Row />
    </Profiler>,
  );
  await open(fake);
  count.take();
  act(() => fake.latest().emit('OTHER 1'));
  await frame();
  expect(count.take()).toEqual([]);
  act(() => fake.latest().emit('ACME 2'));
  await frame();
  expect(count.take()).toEqual(['row']);
  expect(last).toBe('ACME 2');
  act(() => fake.latest().emit('reset'));
  await frame();
  expect(count.take()).toEqual(['row']);
  expect(last).toBe('none');
});

test('a child that reads a key of the state it was given counts for the hook that owns it', async () => {
  const fake = fakeEventSourceClass();
  const count = counter();
  function Cell({ prices, symbol }: { prices: Prices; symbol: string }) {
    return <span>{prices[symbol] ?? '…'}</span>;
  }
  function Board() {
    const { state } = useEventSource('/board', {
      EventSource: fake.EventSource,
      initial: {} as Prices,
      reduce: prices,
    });
    return <Cell prices={state} symbol="ACME" />;
  }
  const { container } = render(
    <Profiler id="board" onRender={count.onRender}>
      <Board />
    </Profiler>,
  );
  await open(fake);
  count.take();
  act(() => fake.latest().emit('OTHER 1'));
  await frame();
  expect(count.take()).toEqual([]);
  act(() => fake.latest().emit('ACME 3'));
  await frame();
  expect(count.take()).toEqual(['board']);
  expect(container.textContent).toBe('3');
});

test('the result and its state keep their identity while nothing changed', async () => {
  const fake = fakeEventSourceClass();
  const results: unknown[] = [];
  const states: unknown[] = [];
  function Probe({ label }: { label: string }) {
    const result = useEventSource('/same', { EventSource: fake.EventSource, initial: { n: 1 }, reduce: (s) => s });
    results.push(result);
    states.push(result.state);
    return <p>{`${label} ${result.status}`}</p>;
  }
  const { rerender } = render(<Probe label="a" />);
  await open(fake);
  rerender(<Probe label="b" />);
  rerender(<Probe label="c" />);
  expect(results.at(-1)).toBe(results.at(-2));
  expect(states.at(-1)).toBe(states.at(-2));
});
