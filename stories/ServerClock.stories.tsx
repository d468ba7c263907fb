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

/** hh:mm:ss, local time, as `clockStream` writes it by default. */
const seconds = (date: Date): string => date.toTimeString().slice(0, 8);
/** hh:mm:ss.t: tenths of a second, for times less than a second apart. */
const tenths = (date: Date): string => `${seconds(date)}.${Math.floor(date.getMilliseconds() / 100)}`;

/**
 * How the server writes its time, so that no two times it sends look the same: times at least a second apart
 * (`interval` when kept open, `retry` plus the request between responses) in whole seconds, closer ones in tenths.
 * A whole-second time sent twice would read as the same event delivered twice.
 */
const formatFor = (args: Args): ((date: Date) => string) =>
  (args.mode === 'keep-open' ? args.interval : args.retry) >= 1000 ? seconds : tenths;

// react-sse-kit/testing's clockStream, and for the outage an MSW handler in front of it that answers 503 once the clock
// has served `failAfter` requests (until then it passes the request on).
const server = mockServer((args: Args) => {
  const clock = clockStream(url, {
    mode: args.mode,
    retry: args.retry,
    interval: args.interval,
    format: formatFor(args),
  });
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

const time = /^server time: \d\d:\d\d:\d\d(\.\d)?$/;

/** The times the clock log shows, oldest first. */
const timesShown = (canvasElement: HTMLElement): string[] =>
  within(within(canvasElement).getByRole('log', { name: 'Clock log' }))
    .queryAllByText(time)
    .map((line) => line.textContent ?? '');

/** Each time the server sent is shown once: a time shown twice would look like one event delivered twice. */
const expectNoTimeTwice = (canvasElement: HTMLElement) => {
  const shown = timesShown(canvasElement);
  expect(new Set(shown).size).toBe(shown.length);
};

/**
 * The server sends one time and ends the response; the browser reconnects after the `retry:` it was given, and
 * the log says "Reconnecting…" in between. The clock keeps running: press "Stop the clock" to stop it.
 */
export const PerResponse: Story = {
  name: 'One time per response',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    const log = within(canvas.getByRole('log', { name: 'Clock log' }));
    await waitFor(() => expect(timesShown(canvasElement).length).toBeGreaterThanOrEqual(2));
    expect(log.getAllByText('Reconnecting…').length).toBeGreaterThanOrEqual(1);
    expectNoTimeTwice(canvasElement);
    expect(server.get({ loaded }).clock.requests.length).toBeGreaterThanOrEqual(2);
    // Left running, as a visitor would leave it: the next time comes after the next reconnect.
    expect(canvas.getByRole('button', { name: 'Stop the clock' })).toBeEnabled();
  },
};

/** One response kept open: a time every second, no reconnects, one request. The clock keeps running. */
export const KeepOpen: Story = {
  name: 'Connection kept open',
  args: { mode: 'keep-open' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    await waitFor(() => expect(timesShown(canvasElement).length).toBeGreaterThanOrEqual(3));
    expectNoTimeTwice(canvasElement);
    expect(within(canvas.getByRole('log', { name: 'Clock log' })).queryByText('Reconnecting…')).toBeNull();
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: open');
    expect(server.get({ loaded }).clock.requests).toHaveLength(1);
    expect(canvas.getByRole('button', { name: 'Stop the clock' })).toBeEnabled();
  },
};

/**
 * "Stop the clock" closes the connection: the log says "Clock Stopped.", the server sees the connection closed,
 * and no time arrives after it. "Start the clock" connects again.
 */
export const Stopping: Story = {
  name: 'Stopping the clock',
  args: { mode: 'keep-open' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start the clock' }));
    await waitFor(() => expect(timesShown(canvasElement).length).toBeGreaterThanOrEqual(2));
    const clock = server.get({ loaded }).clock;
    expect(clock.openConnections).toBe(1);

    await userEvent.click(canvas.getByRole('button', { name: 'Stop the clock' }));
    const log = canvas.getByRole('log', { name: 'Clock log' });
    expect(log.lastElementChild).toHaveTextContent('Clock Stopped.');
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: closed');
    await waitFor(() => expect(clock.openConnections).toBe(0));
    // The server has closed its side too, so nothing can follow the last line.
    expect(log.lastElementChild).toHaveTextContent('Clock Stopped.');
    expect(clock.requests).toHaveLength(1);
    expect(canvas.getByRole('button', { name: 'Start the clock' })).toBeEnabled();
    expect(canvas.getByRole('button', { name: 'Stop the clock' })).toBeDisabled();
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
    expect(timesShown(canvasElement)).toHaveLength(2);
    // Responses 300 ms apart: the times are in tenths of a second, so the two differ.
    for (const shown of timesShown(canvasElement)) expect(shown).toMatch(/\.\d$/);
    expectNoTimeTwice(canvasElement);
    expect(canvas.getByRole('status')).toHaveTextContent('Connection: failed');
    expect(server.get({ loaded }).clock.requests).toHaveLength(2);
    // Nothing left to stop; Start asks again (the server is still down).
    expect(canvas.getByRole('button', { name: 'Stop the clock' })).toBeDisabled();
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
