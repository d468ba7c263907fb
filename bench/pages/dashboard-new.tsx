// The dashboard the new way: every row folds the ticks into a map of the latest price per symbol with `reduce`, and
// reads only its own symbol's price from `state`. Tracked renders re-render a row only when that price changed.
import { type SseMessage, useEventSource } from '../../src';
import { Cells, dashboardPage, type Tick } from './dashboard';

type Prices = Record<string, number>;

dashboardPage(function Row({ url, symbol }) {
  const { state } = useEventSource(url, {
    share: true,
    parse: 'json',
    reduce: (prices: Prices, m: SseMessage<Tick>) =>
      prices[m.data.symbol] === m.data.price ? prices : { ...prices, [m.data.symbol]: m.data.price },
    initial: {},
  });
  return <Cells symbol={symbol} price={state[symbol]} />;
});
