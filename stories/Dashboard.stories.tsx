import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { type StreamStep, scriptedStream } from '../src/testing';
import { Dashboard, type Tick } from './Dashboard';
import { mockServer } from './support/msw';
import { ServerView } from './support/ServerView';

const url = '/api/prices';
const SYMBOLS = [
  'ACME',
  'BOLT',
  'CRUX',
  'DYNA',
  'EMBR',
  'FLUX',
  'GRID',
  'HALO',
  'IONX',
  'JADE',
  'KILO',
  'LUMA',
  'MESA',
  'NOVA',
  'ORCA',
  'PIKE',
  'QUIL',
  'ROVE',
  'SOLA',
  'TIDE',
];

interface Args {
  /** Milliseconds between ticks (each for one symbol, at random). */
  interval: number;
  /** `reduce`: rows read their price from the folded map; `latest event`: rows read `data` (the old way). */
  way: 'reduce' | 'latest event';
}

/**
 * The price server's script: every symbol's price at once when the page connects, then one tick every `interval` ms
 * for a random symbol, its price a small step from the last (a seeded sequence: every render of the story sees the
 * same prices), 10,000 of them; then the stream stays open and quiet.
 */
function priceScript(interval: number): StreamStep[] {
  let seed = 18;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const cents = new Map(SYMBOLS.map((symbol, i) => [symbol, 5_000 + i * 731]));
  const tick = (symbol: string): Tick => ({ symbol, price: (cents.get(symbol) ?? 0) / 100 });
  const steps: StreamStep[] = SYMBOLS.map((symbol) => ({ data: tick(symbol) }));
  for (let i = 0; i < 10_000; i++) {
    const symbol = SYMBOLS[Math.floor(random() * SYMBOLS.length)] ?? 'ACME';
    cents.set(symbol, (cents.get(symbol) ?? 0) + (Math.round((random() - 0.5) * 60) || 1));
    steps.push({ wait: interval }, { data: tick(symbol) });
  }
  steps.push({ wait: 24 * 3_600_000 });
  return steps;
}

const server = mockServer((args: Args) => ({ prices: scriptedStream(url, priceScript(args.interval)) }));

const meta = {
  title: 'Demos/Dashboard',
  args: { interval: 200, way: 'reduce' },
  argTypes: {
    way: {
      control: 'inline-radio',
      options: ['reduce', 'latest event'],
      description: '`reduce`: each row reads `state[symbol]`; `latest event`: each row reads `data` (the old way)',
    },
    interval: {
      control: { type: 'range', min: 20, max: 2000, step: 20 },
      description: 'Milliseconds between ticks, each for one symbol at random',
    },
  },
  loaders: [server.loader],
  render: (args, context) => (
    <div className="columns">
      <Dashboard url={url} symbols={SYMBOLS} way={args.way} />
      <ServerView stream={server.get(context).prices} />
    </div>
  ),
  parameters: {
    docs: {
      description: {
        component:
          'A live price board: 20 rows, each with its own `useEventSource(url, { share: true, parse: "json", reduce, ' +
          'initial: {} })` on one connection, folding every tick into a map of the latest price per symbol and reading ' +
          '`state[symbol]`. A row re-renders only when its own price changed: the counter beside each price shows it.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** What each row shows: its price and its render count, by symbol. */
const readRows = (canvasElement: HTMLElement) =>
  new Map(
    [...canvasElement.querySelectorAll<HTMLTableRowElement>('tr[data-symbol]')].map((row) => [
      row.dataset.symbol ?? '',
      {
        price: row.querySelector('.dashboard__price')?.textContent ?? '',
        renders: Number(row.querySelector('.dashboard__renders')?.textContent),
      },
    ]),
  );

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * Five ticks a second over 20 symbols: every row shows a price, and over two seconds of frames a row's render counter
 * goes up exactly when its price changed, never for another symbol's tick. All rows share one request.
 */
export const LivePrices: Story = {
  name: 'Live prices, a render counter per row',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Prices: open'));
    // The snapshot of every price comes first: no row is left showing "…".
    await waitFor(() => {
      for (const [symbol, row] of readRows(canvasElement)) expect(row.price, symbol).toMatch(/^\d+\.\d\d$/);
    });

    let before = readRows(canvasElement);
    let changes = 0;
    const mismatches: string[] = [];
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      await nextFrame();
      const now = readRows(canvasElement);
      for (const [symbol, row] of now) {
        const was = before.get(symbol);
        if (!was) continue;
        const priceChanged = row.price !== was.price;
        const rendered = row.renders > was.renders;
        if (priceChanged) changes += 1;
        if (priceChanged !== rendered) {
          mismatches.push(`${symbol}: ${was.price} → ${row.price}, renders ${was.renders} → ${row.renders}`);
        }
      }
      before = now;
    }
    // About ten ticks in two seconds; each one moved one row's price and that row's counter only.
    expect(changes).toBeGreaterThanOrEqual(3);
    expect(mismatches).toEqual([]);
    expect(server.get({ loaded }).prices.requests).toHaveLength(1);
  },
};

/**
 * The README's old way, for comparison: every row reads `data`, the latest event, so every row re-renders for every
 * tick, whichever symbol it was about. Over two seconds the counters of rows whose price did not change go up too.
 */
export const LatestEvent: Story = {
  name: 'The old way: every row reads the latest event',
  args: { way: 'latest event' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Prices: open'));
    await waitFor(() => expect(readRows(canvasElement).get('ACME')?.renders).toBeGreaterThan(1));
    const before = readRows(canvasElement);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = readRows(canvasElement);
    const renderedUnchanged = [...after].filter(([symbol, row]) => {
      const was = before.get(symbol);
      return was !== undefined && row.price === was.price && row.renders > was.renders;
    });
    // Most rows kept their price and rendered anyway.
    expect(renderedUnchanged.length).toBeGreaterThanOrEqual(SYMBOLS.length / 2);
    expect(server.get({ loaded }).prices.requests).toHaveLength(1);
  },
};
