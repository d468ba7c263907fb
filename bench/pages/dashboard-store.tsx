// The dashboard with a hand-written store, the way out before `reduce`: one hook feeds every tick into a map of
// prices from `onMessage` (called for every event, in order), and each row subscribes to its own symbol with
// `useSyncExternalStore`. Outside the hook's once-a-frame commit: React commits once per event task.
import { useSyncExternalStore } from 'react';
import { useEventSource } from '../../src';
import { Cells, dashboardPage, type Tick } from './dashboard';

const prices = new Map<string, number>();
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

dashboardPage(
  function Row({ url: _url, symbol }) {
    const price = useSyncExternalStore(subscribe, () => prices.get(symbol));
    return <Cells symbol={symbol} price={price} />;
  },
  // One hook feeds the store, in a component of its own (its renders are not the rows').
  function Feed({ url }) {
    useEventSource<Tick>(url, {
      share: true,
      parse: 'json',
      onMessage: ({ data }) => {
        if (prices.get(data.symbol) === data.price) return;
        prices.set(data.symbol, data.price);
        for (const listener of listeners) listener();
      },
    });
    return null;
  },
);
