// Recipe (docs/recipes.md, "Share one connection between components"). Hooks with `share: true` and the same url
// (and `withCredentials` and EventSource) use one EventSource, opened by the first and closed when the last unmounts.
import { render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe ---
type Prices = Record<string, number>;

function Price({ symbol }: { symbol: string }) {
  const { data } = useEventSource<Prices>('/api/quotes', { parse: 'json', share: true });
  return <li>{`${symbol}: ${data?.[symbol] ?? '…'}`}</li>;
}

function Watchlist({ symbols }: { symbols: string[] }) {
  return (
    <ul>
      {symbols.map((symbol) => (
        <Price key={symbol} symbol={symbol} />
      ))}
    </ul>
  );
}
// --- end of recipe ---

test('three components, one request; the connection closes when the last one unmounts', async () => {
  const stream = scriptedStream('/api/quotes', [
    { data: { ACME: 12.5, INIT: 3.25, TECH: 99 } },
    { wait: 500 }, // long enough that the first event gets a commit of its own, on a loaded machine too
    { data: { ACME: 13, INIT: 3.5, TECH: 98 } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  const { rerender, unmount } = render(<Watchlist symbols={['ACME', 'INIT', 'TECH']} />);
  expect(await screen.findByText('ACME: 12.5')).toBeTruthy();
  expect(screen.getByText('INIT: 3.25')).toBeTruthy();
  expect(screen.getByText('TECH: 99')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  expect(stream.maxOpenConnections).toBe(1);

  // Two of three let go: the connection stays, and the next event still reaches the one left.
  rerender(<Watchlist symbols={['ACME']} />);
  expect(screen.queryByText(/INIT/)).toBeNull();
  expect(await screen.findByText('ACME: 13')).toBeTruthy();
  expect(stream.openConnections).toBe(1);

  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
  expect(stream.requests).toHaveLength(1);
});

test('without share, each component opens its own connection', async () => {
  const stream = scriptedStream('/api/quotes', [{ data: { ACME: 1 } }, { wait: 60_000 }]);
  server.use(stream);
  function Unshared() {
    const { data } = useEventSource<Prices>('/api/quotes', { parse: 'json' });
    return <li>{data?.ACME ?? '…'}</li>;
  }
  render(
    <ul>
      <Unshared />
      <Unshared />
    </ul>,
  );
  await waitFor(() => expect(screen.getAllByText('1')).toHaveLength(2));
  expect(stream.requests).toHaveLength(2);
});
