// Recipes (docs/schemas.md): a zod schema checks every event, a map of schemas types each named event, a refused event
// shows its reason and the stream goes on, an async rule keeps the order.
import { render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { type SseError, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

const hold = { wait: 60_000 }; // keeps a mocked stream open until the component unmounts

// --- recipe: a schema ---
const Price = z.object({ symbol: z.string(), price: z.number() });

function LastPrice() {
  // data is { symbol: string; price: number } | undefined: the schema's output, checked at run time
  const { data, error } = useEventSource('/api/prices', { schema: Price });
  return (
    <section>
      <p>{data ? `${data.symbol}: ${data.price.toFixed(2)}` : '…'}</p>
      {error?.kind === 'parse' && <p role="alert">{error.message}</p>}
    </section>
  );
}
// --- end of recipe ---

test('LastPrice shows each checked price, and the reason for a refused one', async () => {
  server.use(
    scriptedStream('/api/prices', [
      { data: { symbol: 'ACME', price: 12.5 } },
      { wait: 300 }, // each event gets a commit of its own, on a loaded machine too
      { data: { symbol: 'ACME', price: 'n/a' } },
      { wait: 300 },
      { data: { symbol: 'ACME', price: 13 } },
      hold,
    ]),
  );
  render(<LastPrice />);
  expect(await screen.findByText('ACME: 12.50')).toBeTruthy();
  expect((await screen.findByRole('alert')).textContent).toBe(
    'Invalid "message" event: price: Invalid input: expected number, received string',
  );
  expect(screen.getByText('ACME: 12.50')).toBeTruthy(); // the refused event never became data
  expect(await screen.findByText('ACME: 13.00')).toBeTruthy();
  expect(screen.queryByRole('alert')).toBeNull(); // a later event got through: the error is gone
});

// --- recipe: a map of schemas ---
const Trade = z.object({ symbol: z.string(), size: z.number().int() });

function Tape() {
  const { history } = useEventSource('/api/market', { events: { price: Price, trade: Trade }, history: 20 });
  return (
    <ul>
      {history.map((m) => (
        <li key={m.lastEventId}>
          {m.type === 'price' ? `${m.data.symbol} at ${m.data.price}` : `${m.data.symbol} × ${m.data.size}`}
        </li>
      ))}
    </ul>
  );
}
// --- end of recipe ---

test('Tape shows prices and trades, each checked by its own schema; unnamed events are not listened to', async () => {
  server.use(
    scriptedStream('/api/market', [
      { data: 'a keep-alive without a name', id: '0' },
      { event: 'price', data: { symbol: 'ACME', price: 12.5 }, id: '1' },
      { event: 'trade', data: { symbol: 'ACME', size: 1.5 }, id: '2' }, // not an int: refused
      { event: 'trade', data: { symbol: 'ACME', size: 300 }, id: '3' },
      hold,
    ]),
  );
  render(<Tape />);
  await waitFor(() =>
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['ACME at 12.5', 'ACME × 300']),
  );
});

// --- recipe: report the issues ---
function reportIssues(error: SseError) {
  for (const issue of error.issues ?? []) console.warn(issue.path, issue.message);
}

function Orders() {
  const { data } = useEventSource('/api/orders', {
    schema: z.object({ id: z.string(), total: z.number().nonnegative() }),
    onError: reportIssues,
  });
  return <p>{data ? `Order ${data.id}: ${data.total}` : 'No order yet'}</p>;
}
// --- end of recipe ---

test('Orders reports every issue of a refused event, and shows the next order', async () => {
  const warned: unknown[][] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warned.push(args);
  try {
    server.use(
      scriptedStream('/api/orders', [{ data: { id: 7, total: -1 } }, { data: { id: 'A-8', total: 20 } }, hold]),
    );
    render(<Orders />);
    expect(await screen.findByText('Order A-8: 20')).toBeTruthy();
    expect(warned).toEqual([
      [['id'], 'Invalid input: expected string, received number'],
      [['total'], 'Too small: expected number to be >=0'],
    ]);
  } finally {
    console.warn = warn;
  }
});

// --- recipe: an async rule ---
const knownSymbols = new Set(['ACME', 'INIT']);
const isListed = async (symbol: string) => knownSymbols.has(symbol); // a lookup that takes time, say

const ListedPrice = Price.refine(async (price) => isListed(price.symbol), { message: 'not a listed symbol' });

function ListedPrices() {
  const { history } = useEventSource('/api/listed', { schema: ListedPrice, history: 10 });
  return <p>{history.map((m) => m.data.symbol).join(', ')}</p>;
}
// --- end of recipe ---

test('ListedPrices waits for each async check, in order, and skips the unlisted symbol', async () => {
  server.use(
    scriptedStream('/api/listed', [
      { data: { symbol: 'ACME', price: 1 } },
      { data: { symbol: 'NOPE', price: 2 } },
      { data: { symbol: 'INIT', price: 3 } },
      hold,
    ]),
  );
  render(<ListedPrices />);
  expect(await screen.findByText('ACME, INIT')).toBeTruthy();
});
