// Recipe (docs/tanstack-query-and-swr.md, "SWR"): a stream as an SWR subscription, driven by `eventStream`. SWR keeps one
// subscription per key for all the components that use it, and ends it when the last one unmounts.
import { render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SWRConfig } from 'swr';
import useSWRSubscription, { type SWRSubscriptionOptions } from 'swr/subscription';
import { expect, test } from 'vitest';
import { eventStream, type SseError } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe ---
type Price = { symbol: string; price: number };

function useLivePrice(symbol: string) {
  return useSWRSubscription(
    `/api/prices/${symbol}`,
    (url: string, { next }: SWRSubscriptionOptions<Price, SseError>) => {
      const controller = new AbortController();
      const follow = async () => {
        for await (const { data } of eventStream<Price>(url, { parse: 'json', signal: controller.signal }))
          next(null, data);
      };
      // A terminal failure (a 500, say) is the subscription's error; the abort below ends the loop without one.
      follow().catch((error: SseError) => next(error));
      // SWR calls this when the last component using the key unmounts: the stream closes.
      return () => controller.abort();
    },
  );
}

function LivePrice({ symbol }: { symbol: string }) {
  const { data, error } = useLivePrice(symbol);
  if (error) return <p role="alert">{error.message}</p>;
  return <p>{data ? `${data.symbol}: ${data.price}` : 'Waiting for a price…'}</p>;
}
// --- end of recipe ---

/** A cache of its own for each test (SWR's default cache lives as long as the module). */
const renderFresh = (ui: ReactNode) => render(<SWRConfig value={{ provider: () => new Map() }}>{ui}</SWRConfig>);

function Prices({ count }: { count: number }) {
  return Array.from({ length: count }, (_, i) => <LivePrice key={String(i)} symbol="ACME" />);
}

test('two components with the same key share one subscription, so one request; the last to go closes it', async () => {
  const stream = scriptedStream('/api/prices/ACME', [
    { data: { symbol: 'ACME', price: 12.5 } },
    { wait: 200 },
    { data: { symbol: 'ACME', price: 13 } },
    { wait: 200 },
    { data: { symbol: 'ACME', price: 14 } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  const { rerender, unmount } = renderFresh(<Prices count={2} />);
  await waitFor(() => expect(screen.getAllByText('ACME: 12.5')).toHaveLength(2));
  await waitFor(() => expect(screen.getAllByText('ACME: 13')).toHaveLength(2));
  expect(stream.requests).toHaveLength(1);

  // One of the two goes: the subscription stays, and the next price reaches the one left.
  rerender(
    <SWRConfig value={{ provider: () => new Map() }}>
      <Prices count={1} />
    </SWRConfig>,
  );
  expect(await screen.findByText('ACME: 14')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  expect(stream.openConnections).toBe(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test('a stream that fails is the subscription’s error', async () => {
  server.use(scriptedStream('/api/prices/GONE', [], { status: 500 }));
  renderFresh(<LivePrice symbol="GONE" />);
  expect((await screen.findByRole('alert')).textContent).toMatch(/failed/);
});
