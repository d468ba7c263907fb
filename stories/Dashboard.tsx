import { useLayoutEffect, useRef } from 'react';
import { type SseMessage, useEventSource } from '../src';
import { StatusBadge } from './support/StatusBadge';

/** One tick of the price stream. */
export interface Tick {
  symbol: string;
  price: number;
}

/** The latest price of each symbol. */
export type Prices = Readonly<Record<string, number>>;

/**
 * Folds a tick into the map. The same map when the price did not change: `state` keeps its identity, and nobody
 * re-renders for it.
 */
export const latestPrice = (prices: Prices, { data }: SseMessage<Tick>): Prices =>
  prices[data.symbol] === data.price ? prices : { ...prices, [data.symbol]: data.price };

const NO_PRICES: Prices = {};

/**
 * Counts the renders React committed of the component that calls it, and writes the count into the element it
 * returns a ref for, without rendering again (so the counter does not count itself).
 */
function useRenderCounter<E extends HTMLElement>() {
  const element = useRef<E>(null);
  const count = useRef(0);
  const counted = useRef<object | null>(null);
  // A new object every render. StrictMode runs a new component's effects twice: the same render counts once.
  const render = {};
  useLayoutEffect(() => {
    if (counted.current === render) return;
    counted.current = render;
    count.current += 1;
    if (element.current) element.current.textContent = String(count.current);
  });
  return element;
}

/**
 * One row: its own `useEventSource` on the shared stream, reading only its symbol's price from `state`. The hook
 * re-renders it only when that price changed, however many ticks the other symbols get.
 */
function Row({ url, symbol }: { url: string; symbol: string }) {
  const { state } = useEventSource(url, { share: true, parse: 'json', reduce: latestPrice, initial: NO_PRICES });
  const price = state[symbol];
  const renders = useRenderCounter<HTMLTableCellElement>();
  return (
    <tr data-symbol={symbol}>
      <th scope="row">{symbol}</th>
      <td className="dashboard__price">{price === undefined ? '…' : price.toFixed(2)}</td>
      <td className="dashboard__renders" ref={renders} />
    </tr>
  );
}

/**
 * The same row the README's old way: the latest event of the frame in `data`, its price shown when it is about this
 * row's symbol (and kept in between). Every row reads `data`, so every row re-renders for every frame with a tick,
 * and a tick followed by another in the same frame is never shown.
 */
function LatestEventRow({ url, symbol }: { url: string; symbol: string }) {
  const { data } = useEventSource<Tick>(url, { share: true, parse: 'json' });
  const shown = useRef<number | undefined>(undefined);
  if (data?.symbol === symbol) shown.current = data.price;
  const renders = useRenderCounter<HTMLTableCellElement>();
  return (
    <tr data-symbol={symbol}>
      <th scope="row">{symbol}</th>
      <td className="dashboard__price">{shown.current === undefined ? '…' : shown.current.toFixed(2)}</td>
      <td className="dashboard__renders" ref={renders} />
    </tr>
  );
}

/** The connection's status, from the same shared connection: it re-renders when the status changes, not per tick. */
function Status({ url }: { url: string }) {
  const { status } = useEventSource(url, { share: true });
  return <StatusBadge status={status} label="Prices" />;
}

/**
 * A live price board: one row per symbol, every row with its own hook on one shared connection, and a counter of
 * each row's renders beside its price. `way`: `reduce` (each row reads its price from the folded map) or
 * `latest event` (each row reads `data`, the README's old way).
 */
export function Dashboard({
  url,
  symbols,
  way = 'reduce',
}: {
  url: string;
  symbols: readonly string[];
  way?: 'reduce' | 'latest event';
}) {
  const PriceRow = way === 'reduce' ? Row : LatestEventRow;
  return (
    <section className="demo" aria-label="Dashboard">
      <Status url={url} />
      <table className="dashboard">
        <caption>
          {way === 'reduce'
            ? 'Each row re-renders only when its own price changed: watch its counter.'
            : 'Each row reads the latest event: every row re-renders for every tick.'}{' '}
          All rows share one connection.
        </caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Price</th>
            <th scope="col">Renders</th>
          </tr>
        </thead>
        <tbody>
          {symbols.map((symbol) => (
            <PriceRow key={symbol} url={url} symbol={symbol} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
