import type { Meta, StoryObj } from '@storybook/react-vite';
import { EventSource as FetchEventSource } from 'eventsource';
import { delay, http } from 'msw';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type ParseOption, type UseEventSourceOptions, useEventSource } from '../src';
import { clockStream, type StreamRecord, scriptedStream } from '../src/testing';
import { mockServer } from './support/msw';
import { ResultView } from './support/ResultView';
import { ServerView } from './support/ServerView';
import { StatusBadge } from './support/StatusBadge';

/** Keeps a mocked stream open until the client leaves. */
const hold = { wait: 60_000 };

/** A hook, its status badge, its whole result, and what the mock server saw. */
function Feed<T>({ url, options, stream }: { url: string; options?: UseEventSourceOptions<T>; stream: StreamRecord }) {
  // A generic wrapper: the story passes a parse that fits its T.
  const result = useEventSource<T>(url, options as UseEventSourceOptions<T> & { parse: ParseOption<T> });
  return (
    <div className="stack">
      <StatusBadge status={result.status} />
      <div className="columns">
        <ResultView result={result} />
        <ServerView stream={stream} />
      </div>
    </div>
  );
}

/** The controls of the stories that have some. */
interface Args {
  latency?: number;
  attempts?: number;
  delay?: number;
}

const meta = {
  title: 'Hooks/useEventSource',
  parameters: {
    docs: {
      description: {
        component: 'Each connection state of `useEventSource`, against a stream mocked with `react-sse-kit/testing`.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const statusIs = (canvasElement: HTMLElement, status: string) =>
  waitFor(() => expect(within(canvasElement).getByRole('status')).toHaveTextContent(new RegExp(`^Status: ${status}$`)));

// ---------------------------------------------------------------------------------------------------------------

const slow = mockServer((args: Args) => {
  const feed = scriptedStream('/api/feed/slow', [{ id: '1', data: 'hello' }, hold]);
  // The server takes `latency` ms to answer; then the stream above does.
  const latency = http.get('/api/feed/slow', async () => {
    await delay(args.latency ?? 0);
    return undefined;
  });
  return { latency, feed };
});

/** The request is out, the server has not answered yet: `connecting`, readyState 0. Then it answers. */
export const Connecting: Story = {
  args: { latency: 1000 },
  argTypes: {
    latency: { control: { type: 'range', min: 0, max: 10_000, step: 100 }, description: 'Server latency, ms' },
  },
  loaders: [slow.loader],
  render: (_, context) => <Feed url="/api/feed/slow" stream={slow.get(context).feed} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await statusIs(canvasElement, 'connecting');
    expect(canvas.getByText('readyState').nextElementSibling).toHaveTextContent('0');
    await statusIs(canvasElement, 'open');
    await waitFor(() => expect(canvas.getByText('data').nextElementSibling).toHaveTextContent('"hello"'));
    // StrictMode mounted the story twice; the server still saw one request.
    expect(
      within(canvas.getByRole('region', { name: 'Mock server' })).getByText('Requests').nextElementSibling,
    ).toHaveTextContent('1');
  },
};

// ---------------------------------------------------------------------------------------------------------------

const named = mockServer(() => ({
  feed: scriptedStream('/api/feed/market', [
    { event: 'price', id: '1', data: { symbol: 'ACME', price: 101.5 } },
    { wait: 150 },
    { event: 'news', id: '2', data: { headline: 'ACME opens a new plant' } },
    { wait: 150 },
    { event: 'audit', id: '3', data: { note: 'not listened to' } },
    { wait: 150 },
    { event: 'price', id: '4', data: { symbol: 'ACME', price: 102.25 } },
    hold,
  ]),
}));

/** `events: ['price', 'news']` with `parse: 'json'` and `history: 10`: only those named events arrive, in order. */
export const OpenWithNamedEvents: Story = {
  name: 'Open, with named events',
  loaders: [named.loader],
  render: (_, context) => (
    <Feed
      url="/api/feed/market"
      options={{ events: ['price', 'news'], parse: 'json', history: 10 }}
      stream={named.get(context).feed}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await statusIs(canvasElement, 'open');
    const history = within(canvas.getByText('history').nextElementSibling as HTMLElement);
    await waitFor(() => expect(history.getAllByRole('listitem')).toHaveLength(3));
    expect(history.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'price #1: {"symbol":"ACME","price":101.5}',
      'news #2: {"headline":"ACME opens a new plant"}',
      'price #4: {"symbol":"ACME","price":102.25}',
    ]);
    expect(canvas.getByText('lastEventId').nextElementSibling).toHaveTextContent('4');
    expect(canvas.getByText('data').nextElementSibling).toHaveTextContent('{"symbol":"ACME","price":102.25}');
  },
};

// ---------------------------------------------------------------------------------------------------------------

const dropping = mockServer(() => ({
  feed: scriptedStream('/api/feed/dropping', [
    { retry: 500 },
    { id: '1', data: 'one' },
    { wait: 200 },
    { id: '2', data: 'two' },
    { wait: 200 },
    // The connection breaks; the browser waits `retry` ms and asks again with Last-Event-ID: 2.
    { drop: true },
    { id: '3', data: 'three' },
    { wait: 200 },
    { id: '4', data: 'four' },
    hold,
  ]),
}));

/** What the hook reported, in order, from its callbacks. */
function Timeline({ stream }: { stream: StreamRecord }) {
  const [timeline, setTimeline] = useState<readonly string[]>([]);
  const note = (entry: string) => setTimeline((previous) => [...previous, entry]);
  const result = useEventSource('/api/feed/dropping', {
    // Chromium hides Last-Event-ID from service workers, so MSW would never see it: see the story's description.
    EventSource: FetchEventSource,
    onOpen: () => note('open'),
    onError: (error) => note(error.willReconnect ? 'reconnecting' : `failed (${error.kind})`),
  });
  return (
    <div className="stack">
      <StatusBadge status={result.status} />
      <div className="columns">
        <ResultView result={result} />
        <div className="stack">
          <section className="panel" aria-label="Timeline">
            <h3 className="panel__title">onOpen / onError, in order</h3>
            <ol className="timeline">
              {timeline.map((entry, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: append-only
                <li key={index}>{entry}</li>
              ))}
            </ol>
          </section>
          <ServerView stream={stream} />
        </div>
      </div>
    </div>
  );
}

/**
 * The server drops the stream after event 2. The EventSource reconnects by itself after `retry: 500`, sending
 * `Last-Event-ID: 2`; the server goes on with event 3, and the hook is `open` again.
 *
 * This story gives the hook the fetch-based `eventsource` package (the `EventSource` option). Chromium's own
 * EventSource sends `Last-Event-ID` to a real server, but a service worker never sees that header, so a mock served
 * by MSW's worker (as here) could not tell a reconnect from a new connection.
 */
export const ReconnectingAfterADrop: Story = {
  name: 'Reconnecting after a drop',
  loaders: [dropping.loader],
  render: (_, context) => <Timeline stream={dropping.get(context).feed} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await statusIs(canvasElement, 'reconnecting');
    expect(canvas.getByText('lastEventId').nextElementSibling).toHaveTextContent('2');
    await statusIs(canvasElement, 'open');
    await waitFor(() => expect(canvas.getByText('data').nextElementSibling).toHaveTextContent('"four"'));
    const timeline = within(canvas.getByRole('region', { name: 'Timeline' }));
    expect(timeline.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['open', 'reconnecting', 'open']);
    const requests = within(canvas.getByRole('list', { name: 'Requests' })).getAllByRole('listitem');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toHaveTextContent('Last-Event-ID: (none)');
    expect(requests[1]).toHaveTextContent('Last-Event-ID: 2');
  },
};

// ---------------------------------------------------------------------------------------------------------------

const broken = mockServer(() => ({ feed: scriptedStream('/api/feed/broken', [], { status: 500 }) }));

/** The retries `reconnect` makes, counted from `onError`, and a button that asks again. */
function Retrying({ stream, attempts, delay }: { stream: StreamRecord; attempts: number; delay: number }) {
  const [retries, setRetries] = useState(0);
  const result = useEventSource('/api/feed/broken', {
    reconnect: { attempts, delay },
    onOpen: () => setRetries(0),
    onError: (error) => {
      if (error.willReconnect) setRetries((n) => n + 1);
    },
  });
  return (
    <div className="stack">
      <div className="toolbar">
        <StatusBadge status={result.status} />
        <p className="status">
          <span className="status__label">Retries: </span>
          <span className="mono">
            {retries} of {attempts}
          </span>
        </p>
        <button type="button" className="button" onClick={result.open} disabled={result.status !== 'failed'}>
          Try again
        </button>
      </div>
      <div className="columns">
        <ResultView result={result} />
        <ServerView stream={stream} />
      </div>
    </div>
  );
}

/**
 * The server answers 500: a terminal failure the browser never retries. `reconnect: { attempts: 3, delay: 250 }`
 * retries three times, then the hook is `failed` with `retries-exhausted`.
 */
export const FailedAfter500: Story = {
  name: 'Failed after a 500, with reconnect',
  args: { attempts: 3, delay: 250 },
  argTypes: {
    attempts: { control: { type: 'range', min: 0, max: 8 }, description: '`reconnect.attempts`' },
    delay: { control: { type: 'range', min: 100, max: 3000, step: 100 }, description: '`reconnect.delay`, ms' },
  },
  loaders: [broken.loader],
  render: (args, context) => (
    <Retrying stream={broken.get(context).feed} attempts={Number(args.attempts)} delay={Number(args.delay)} />
  ),
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await statusIs(canvasElement, 'reconnecting');
    await statusIs(canvasElement, 'failed');
    expect(canvas.getByText(`${args.attempts} of ${args.attempts}`)).toBeVisible();
    expect(canvas.getByText('error').nextElementSibling).toHaveTextContent(
      `retries-exhausted: Gave up after ${args.attempts} retries`,
    );
    const requests = within(canvas.getByRole('list', { name: 'Requests' })).getAllByRole('listitem');
    expect(requests).toHaveLength(Number(args.attempts) + 1);
    for (const request of requests) expect(request).toHaveTextContent('→ 500');
    expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

// ---------------------------------------------------------------------------------------------------------------

const malformed = mockServer(() => ({
  feed: scriptedStream('/api/feed/json', [
    { id: '1', data: { n: 1 } },
    { wait: 200 },
    { id: '2', data: '{"n": 2,' },
    { wait: 200 },
    { id: '3', data: { n: 3 } },
    hold,
  ]),
}));

/** Event 2 is not valid JSON: it becomes a `parse` error, is skipped, and the stream goes on with event 3. */
export const MalformedJson: Story = {
  name: 'Malformed JSON event',
  loaders: [malformed.loader],
  render: (_, context) => (
    <Feed<{ n: number }>
      url="/api/feed/json"
      options={{ parse: 'json', history: 5 }}
      stream={malformed.get(context).feed}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText('data').nextElementSibling).toHaveTextContent('{"n":3}'));
    expect(canvas.getByText('error').nextElementSibling).toHaveTextContent(/^parse: Could not parse/);
    await statusIs(canvasElement, 'open');
    const history = within(canvas.getByText('history').nextElementSibling as HTMLElement);
    expect(history.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'message #1: {"n":1}',
      'message #3: {"n":3}',
    ]);
  },
};

// ---------------------------------------------------------------------------------------------------------------

const shared = mockServer(() => ({ clock: clockStream('/api/feed/clock', { mode: 'keep-open', interval: 1000 }) }));

/** One of the components that read the shared stream. */
function Consumer({ name }: { name: string }) {
  const { status, data } = useEventSource('/api/feed/clock', { share: true });
  return (
    <section className="panel consumer" aria-label={name}>
      <h3 className="consumer__title">{name}</h3>
      <StatusBadge status={status} />
      <p className="consumer__value">{data ?? '--:--:--'}</p>
    </section>
  );
}

/** Three components, each mountable on its own, sharing one connection. */
function Shared({ stream }: { stream: StreamRecord }) {
  const names = ['Header clock', 'Sidebar clock', 'Footer clock'];
  const [mounted, setMounted] = useState(() => names.map(() => true));
  return (
    <div className="stack">
      <fieldset className="toolbar panel">
        <legend>Mounted</legend>
        {names.map((name, index) => (
          <label key={name}>
            <input
              type="checkbox"
              checked={mounted[index]}
              onChange={(event) => {
                const checked = event.target.checked;
                setMounted((previous) => previous.map((value, i) => (i === index ? checked : value)));
              }}
            />{' '}
            {name}
          </label>
        ))}
      </fieldset>
      <div className="row">
        {names.map((name, index) => (mounted[index] ? <Consumer key={name} name={name} /> : null))}
      </div>
      <ServerView stream={stream} />
    </div>
  );
}

/**
 * Three components call `useEventSource(url, { share: true })`: one connection, ref-counted. Unmount them all and
 * the server sees it closed; mount one again and it opens a new one.
 */
export const SharedConnection: Story = {
  name: 'Three components, one connection',
  loaders: [shared.loader],
  render: (_, context) => <Shared stream={shared.get(context).clock} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    for (const name of ['Header clock', 'Sidebar clock', 'Footer clock']) {
      const consumer = within(canvas.getByRole('region', { name }));
      await waitFor(() => expect(consumer.getByText(/^\d\d:\d\d:\d\d$/)).toBeVisible());
      expect(consumer.getByRole('status')).toHaveTextContent('Status: open');
    }
    const server = within(canvas.getByRole('region', { name: 'Mock server' }));
    await waitFor(() => expect(server.getByText('Open connections').nextElementSibling).toHaveTextContent('1'));
    expect(server.getByText('Requests').nextElementSibling).toHaveTextContent('1');
    expect(server.getByText('Most open at once').nextElementSibling).toHaveTextContent('1');

    // The last one to let go closes the connection.
    for (const name of ['Header clock', 'Sidebar clock', 'Footer clock']) {
      await userEvent.click(canvas.getByRole('checkbox', { name }));
    }
    await waitFor(() => expect(server.getByText('Open connections').nextElementSibling).toHaveTextContent('0'));
    expect(server.getByText('Requests').nextElementSibling).toHaveTextContent('1');

    // Mounted again later: a new connection.
    await userEvent.click(canvas.getByRole('checkbox', { name: 'Header clock' }));
    await waitFor(() => expect(server.getByText('Open connections').nextElementSibling).toHaveTextContent('1'));
    expect(server.getByText('Requests').nextElementSibling).toHaveTextContent('2');
    await waitFor(() =>
      expect(within(canvas.getByRole('region', { name: 'Header clock' })).getByRole('status')).toHaveTextContent(
        'Status: open',
      ),
    );
  },
};
