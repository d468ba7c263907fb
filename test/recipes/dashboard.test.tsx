// Recipe (docs/recipes.md, "A live dashboard: one row per symbol"). One shared stream of ticks reduced into a map of
// the latest price per symbol; each row reads its own symbol, so a tick re-renders the row of its symbol only.
import { act, render, screen, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { expect, test } from 'vitest';
import { type SseMessage, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe ---
type Tick = { symbol: string; price: number };
type Prices = Record<string, number>;

// The latest price per symbol. The same map when nothing changed, so nobody re-renders for it.
function latest(prices: Prices, { data }: SseMessage<Tick>): Prices {
  return prices[data.symbol] === data.price ? prices : { ...prices, [data.symbol]: data.price };
}

function Row({ symbol }: { symbol: string }) {
  const { state } = useEventSource('/api/ticks', { parse: 'json', share: true, reduce: latest, initial: {} });
  return <li>{`${symbol}: ${state[symbol] ?? '…'}`}</li>;
}

function Dashboard({ symbols }: { symbols: string[] }) {
  return (
    <ul>
      {symbols.map((symbol) => (
        <Row key={symbol} symbol={symbol} />
      ))}
    </ul>
  );
}
// --- end of recipe ---

test('every tick reaches its row, in one request, and only the rows whose price changed re-render', async () => {
  const stream = scriptedStream('/api/ticks', [
    { data: { symbol: 'ACME', price: 12.5 } },
    { data: { symbol: 'INIT', price: 3.25 } },
    { data: { symbol: 'ACME', price: 13 } }, // in the same frame as the two before: none is lost
    { wait: 300 },
    { data: { symbol: 'TECH', price: 99 } },
    { data: { symbol: 'ACME', price: 13 } }, // the same price: no change
    { wait: 60_000 },
  ]);
  server.use(stream);
  const renders: Record<string, number> = {};
  const symbols = ['ACME', 'INIT', 'TECH', 'IDLE'];
  render(
    <ul>
      {symbols.map((symbol) => (
        <Profiler key={symbol} id={symbol} onRender={(id) => (renders[id] = (renders[id] ?? 0) + 1)}>
          <Row symbol={symbol} />
        </Profiler>
      ))}
    </ul>,
  );
  expect(await screen.findByText('ACME: 13')).toBeTruthy();
  expect(screen.getByText('INIT: 3.25')).toBeTruthy();
  await screen.findByText('TECH: 99');
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
  // The mount, then one render per frame in which the row's own price changed: TECH once, IDLE never.
  expect(renders.TECH).toBe(2);
  expect(renders.IDLE).toBe(1);
  expect(renders.INIT).toBe(2);
  expect(renders.ACME ?? 0).toBeLessThanOrEqual(3); // 12.5 and 13 may come in one frame or two
  expect(screen.getByText('IDLE: …')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
});

test('the dashboard component renders every symbol', async () => {
  server.use(scriptedStream('/api/ticks', [{ data: { symbol: 'ACME', price: 1 } }, { wait: 60_000 }]));
  render(<Dashboard symbols={['ACME', 'INIT']} />);
  expect(await screen.findByText('ACME: 1')).toBeTruthy();
  await waitFor(() => expect(screen.getByText('INIT: …')).toBeTruthy());
});
