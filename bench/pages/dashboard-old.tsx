// The dashboard the README's old way (docs/recipes.md, "Share one connection between components"): every row calls
// `useEventSource(url, { share: true, parse: 'json' })` and shows the event's price when the event is about its
// symbol. `data` is the latest event of the frame, so a row whose symbol ticked earlier in the frame never sees it;
// between its own ticks a row keeps the price it showed last (without that it would show `…` again).
import { useRef } from 'react';
import { useEventSource } from '../../src';
import { Cells, dashboardPage, type Tick } from './dashboard';

dashboardPage(function Row({ url, symbol }) {
  const { data } = useEventSource<Tick>(url, { share: true, parse: 'json' });
  const shown = useRef<number | undefined>(undefined);
  if (data?.symbol === symbol) shown.current = data.price;
  return <Cells symbol={symbol} price={shown.current} />;
});
