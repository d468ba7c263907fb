// Recipes (docs/tanstack-query-and-swr.md): a stream as a TanStack Query v5 query with `experimental_streamedQuery`
// and `eventStream`, and a list from a GET kept up to date by a stream with `setQueryData`, where an event that comes
// before the GET's answer is applied on top of it, never lost under it.
import {
  QueryClient,
  QueryClientProvider,
  queryOptions,
  experimental_streamedQuery as streamedQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { type ReactNode, useEffect } from 'react';
import { expect, test, vi } from 'vitest';
import { eventStream } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe: streamedQuery ---
type Chunk = { delta: string; done?: boolean };

const answerQuery = (id: string) =>
  queryOptions({
    queryKey: ['answer', id],
    queryFn: streamedQuery({
      // TanStack's signal: the stream closes when the query is cancelled (its last component unmounted, say).
      streamFn: ({ signal }) =>
        eventStream<Chunk>(`/api/answers/${id}`, { parse: 'json', signal, closeWhen: (m) => m.data.done === true }),
      reducer: (text, message) => text + message.data.delta,
      initialValue: '',
    }),
    staleTime: Number.POSITIVE_INFINITY, // an answer, once complete, does not change
  });

function Answer({ id }: { id: string }) {
  const { data, fetchStatus, error } = useQuery(answerQuery(id));
  if (error) return <p role="alert">{error.message}</p>;
  // `fetching` until the stream ends: the answer is complete when it is `idle`.
  return <p aria-busy={fetchStatus === 'fetching'}>{data}</p>;
}
// --- end of recipe ---

// --- recipe: setQueryData ---
type Order = { id: string; status: string };

const ordersQuery = queryOptions({
  queryKey: ['orders'],
  queryFn: async (): Promise<Order[]> => (await fetch('/api/orders')).json(),
});

/** The order with this id replaced, or added: applying an event twice does no harm. */
const upsert = (orders: Order[], order: Order): Order[] =>
  orders.some((each) => each.id === order.id)
    ? orders.map((each) => (each.id === order.id ? order : each))
    : [...orders, order];

function useLiveOrders() {
  const queryClient = useQueryClient();
  useEffect(() => {
    const controller = new AbortController();
    const follow = async () => {
      const updates = eventStream<Order>('/api/orders/events', { parse: 'json', signal: controller.signal });
      for await (const { data: order } of updates) {
        // The list first. An event that comes before it waits here, kept by the stream with any that follow, and is
        // applied on top of the list, in order, once the list is in the cache.
        await queryClient.ensureQueryData(ordersQuery);
        queryClient.setQueryData(ordersQuery.queryKey, (orders = []) => upsert(orders, order));
      }
    };
    // A failed stream (or a list that could not be loaded, which the query shows) stops the updates.
    follow().catch(() => {});
    return () => controller.abort();
  }, [queryClient]);
  return useQuery(ordersQuery);
}

function Orders() {
  const { data: orders = [] } = useLiveOrders();
  return (
    <ul>
      {orders.map((order) => (
        <li key={order.id}>{`${order.id}: ${order.status}`}</li>
      ))}
    </ul>
  );
}
// --- end of recipe ---

function renderWithClient(ui: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>);
  return { ...view, queryClient };
}

test('streamedQuery: the answer grows as chunks arrive, and the query is idle once the stream ends', async () => {
  const stream = scriptedStream('/api/answers/42', [
    { data: { delta: 'The sky ' } },
    { wait: 150 },
    { data: { delta: 'is blue.' } },
    { wait: 150 },
    { data: { delta: '', done: true } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  renderWithClient(<Answer id="42" />);
  // The first chunk shows while the stream is still going.
  expect(await screen.findByText('The sky')).toBeTruthy();
  expect(screen.getByText('The sky').getAttribute('aria-busy')).toBe('true');
  await waitFor(() => expect(screen.getByText('The sky is blue.').getAttribute('aria-busy')).toBe('false'));
  // closeWhen ended the iterable, and the connection with it.
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests).toHaveLength(1);
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test("streamedQuery: unmounting cancels the query, and TanStack's signal closes the stream", async () => {
  const stream = scriptedStream('/api/answers/7', [{ data: { delta: 'Thinking' } }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount } = renderWithClient(<Answer id="7" />);
  expect(await screen.findByText('Thinking')).toBeTruthy();
  expect(stream.openConnections).toBe(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test('streamedQuery: a stream that fails (a 500) is the query’s error', async () => {
  server.use(scriptedStream('/api/answers/9', [], { status: 500 }));
  renderWithClient(<Answer id="9" />);
  expect((await screen.findByRole('alert')).textContent).toMatch(/failed/);
});

/** A GET of the list that answers only when the test says so, with the list as it was when it was asked. */
function slowList(list: Order[]) {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const gets = vi.fn();
  server.use(
    http.get('/api/orders', async () => {
      gets();
      await answered;
      return HttpResponse.json(list);
    }),
  );
  return { answer, gets };
}

test('setQueryData: an event that arrives before the list is applied on top of it, not lost', async () => {
  const list = slowList([{ id: 'A', status: 'new' }]);
  const stream = scriptedStream('/api/orders/events', [
    { data: { id: 'B', status: 'new' } }, // before the list: the lost first item
    { data: { id: 'A', status: 'paid' } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  const { queryClient } = renderWithClient(<Orders />);
  const ensure = vi.spyOn(queryClient, 'ensureQueryData');
  // Both events reached the page while the GET was still out: the loop waits for the list.
  await waitFor(() => expect(ensure).toHaveBeenCalled());
  expect(queryClient.getQueryData(ordersQuery.queryKey)).toBeUndefined();
  list.answer();
  await waitFor(() =>
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['A: paid', 'B: new']),
  );
  expect(list.gets).toHaveBeenCalledTimes(1); // the loop and useQuery share the one GET
});

test('the glue that writes each event at once loses the early event to the GET (why the recipe waits)', async () => {
  const list = slowList([{ id: 'A', status: 'new' }]);
  server.use(scriptedStream('/api/orders/events', [{ data: { id: 'B', status: 'new' } }, { wait: 60_000 }]));
  function NaiveOrders() {
    const queryClient = useQueryClient();
    useEffect(() => {
      const controller = new AbortController();
      void (async () => {
        for await (const { data } of eventStream<Order>('/api/orders/events', {
          parse: 'json',
          signal: controller.signal,
        }))
          queryClient.setQueryData(ordersQuery.queryKey, (orders = []) => upsert(orders, data));
      })();
      return () => controller.abort();
    }, [queryClient]);
    const { data: orders = [] } = useQuery(ordersQuery);
    return <p>{orders.map((order) => order.id).join(',')}</p>;
  }
  renderWithClient(<NaiveOrders />);
  expect(await screen.findByText('B')).toBeTruthy(); // written at once…
  list.answer();
  expect(await screen.findByText('A')).toBeTruthy(); // …and overwritten by the list
});
