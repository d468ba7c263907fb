import type { Meta, StoryObj } from '@storybook/react-vite';
import { HttpResponse, http } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { clockStream } from '../src/testing';
import { ServerClock } from './ServerClock';
import { hideEventSource, mockServer } from './support/msw';

const url = '/api/clock';

interface Args {
  /** `per-response`: one time per response, the browser reconnects after `retry`; `keep-open`: one long response. */
  mode: 'per-response' | 'keep-open';
  /** The `retry:` the server sends: how long the browser waits before it reconnects, in ms. */
  retry: number;
  /** Milliseconds between times on a kept-open connection. */
  interval: number;
  /** The server goes down after this many requests, answering 503 from then on; 0 never. */
  failAfter: number;
}

// react-sse-kit/testing's clockStream, and for the outage an MSW handler in front of it that answers 503 once the clock
// has served `failAfter` requests (until then it passes the request on).
const server = mockServer((args: Args) => {
  const clock = clockStream(url, { mode: args.mode, retry: args.retry, interval: args.interval });
  const outage = http.get(url, () =>
    args.failAfter > 0 && clock.requests.length >= args.failAfter
      ? new HttpResponse('Service Unavailable', { status: 503 })
      : undefined,
  );
  return { outage, clock };
});

const meta = {
  title: 'Demos/Server clock',
  args: { mode: 'per-response', retry: 1000, interval: 1000, failAfter: 0 },
  argTypes: {
    mode: {
      control: 'inline-radio',
      options: ['per-response', 'keep-open'],
      description: '`per-response`: the server ends every response; `keep-open`: one response, a time every interval',
    },
    retry: { control: { type: 'range', min: 100, max: 5000, step: 100 }, description: 'The `retry:` field, in ms' },
    interval: {
      control: { type: 'range', min: 100, max: 5000, step: 100 },
      description: 'Milliseconds between times (keep-open)',
    },
    failAfter: {
      control: { type: 'number', min: 0 },
      description: 'The server answers 503 after this many requests (0: never)',
    },
  },
  loaders: [server.loader],
  render: () => <ServerClock url={url} />,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const time = /^server time: \d\d:\d\d:\d\d$/;

/**
 * The server sends one time and ends the response; the browser reconnects after the `retry:` it was given, and
 * the log says "Reconnecting…" in between.
 */
export const PerResponse: Story = {
  name: 'One time per response',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    const log = within(canvas.getByRole('log', { name: 'Clock log' }));
    await waitFor(() => expect(log.getAllByText(time).length).toBeGreaterThanOrEqual(2));
    expect(log.getAllByText('Reconnecting…').length).toBeGreaterThanOrEqual(1);
    expect(server.get({ loaded }).clock.requests.length).toBeGreaterThanOrEqual(2);

    await userEvent.click(canvas.getByRole('button', { name: 'Stop the clock' }));
    const box = canvas.getByRole('log', { name: 'Clock log' });
    expect(box.lastElementChild).toHaveTextContent('Clock Stopped.');
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: closed');
  },
};

/** One response kept open: a time every interval, no reconnects, one request. */
export const KeepOpen: Story = {
  name: 'Connection kept open',
  args: { mode: 'keep-open', interval: 500 },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    const log = within(canvas.getByRole('log', { name: 'Clock log' }));
    await waitFor(() => expect(log.getAllByText(time).length).toBeGreaterThanOrEqual(2));
    expect(log.queryByText('Reconnecting…')).toBeNull();
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: open');
    const clock = server.get({ loaded }).clock;
    expect(clock.requests).toHaveLength(1);

    await userEvent.click(canvas.getByRole('button', { name: 'Stop the clock' }));
    expect(canvas.getByRole('log', { name: 'Clock log' }).lastElementChild).toHaveTextContent('Clock Stopped.');
    await waitFor(() => expect(clock.openConnections).toBe(0));
  },
};

/**
 * The server goes down after two responses: the browser's reconnect gets a 503, which ends the stream for good,
 * and the log says so in red.
 */
export const ServerGoesDown: Story = {
  name: 'Server goes down',
  args: { retry: 300, failAfter: 2 },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    const failure = await canvas.findByText('Connection failed. Will not retry.');
    expect(failure).toHaveStyle({ color: 'rgb(180, 35, 24)' });
    const log = within(canvas.getByRole('log', { name: 'Clock log' }));
    expect(log.getAllByText(time)).toHaveLength(2);
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: failed');
    expect(server.get({ loaded }).clock.requests).toHaveLength(2);
    // Start asks again (the server is still down).
    expect(canvas.getByRole('button', { name: 'Start the clock' })).toBeEnabled();
  },
};

/** A browser without EventSource: the demo says so instead of failing. */
export const NoEventSource: Story = {
  name: 'Browser without EventSource',
  beforeEach: hideEventSource,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await expect(canvas.findByText("Your browser doesn't support server-sent events.")).resolves.toBeVisible();
    expect(canvas.queryByRole('button', { name: 'Start the clock' })).toBeNull();
    expect(server.get({ loaded }).clock.requests).toHaveLength(0);
  },
};
