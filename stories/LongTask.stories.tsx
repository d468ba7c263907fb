import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { progressStream } from '../src/testing';
import { LongTask } from './LongTask';
import { hideEventSource, mockServer } from './support/msw';

const url = '/api/tasks/import';

interface Args {
  /** Progress events the server sends before `CLOSE`. */
  steps: number;
  /** Milliseconds between events. */
  interval: number;
  /** The step at which the server drops the connection; 0 never. */
  failAt: number;
}

// The mocked task server, built from the controls: `react-sse-kit/testing`'s progressStream, as users would use it.
const server = mockServer((args: Args) => ({
  task: progressStream(url, {
    steps: args.steps,
    interval: args.interval,
    failAt: args.failAt > 0 ? args.failAt : undefined,
  }),
}));

const meta = {
  title: 'Demos/Long task with progress',
  args: { steps: 10, interval: 150, failAt: 0 },
  argTypes: {
    steps: { control: { type: 'range', min: 1, max: 50 }, description: 'Progress events before `CLOSE`' },
    interval: { control: { type: 'range', min: 20, max: 2000, step: 20 }, description: 'Milliseconds between events' },
    failAt: {
      control: { type: 'number', min: 0 },
      description: 'The step at which the server drops the connection (0: never)',
    },
  },
  loaders: [server.loader],
  render: () => <LongTask url={url} />,
  parameters: {
    docs: {
      description: {
        component:
          'The server runs a task and streams `{"message": "on iteration 3 of 10", "progress": 30}` events, then an ' +
          'event with id `CLOSE`. `useSseProgress` closes the connection on `CLOSE`, so the browser never requests ' +
          '(and so re-runs) the task again.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const iterations = (steps: number) => Array.from({ length: steps }, (_, i) => `on iteration ${i + 1} of ${steps}`);

/**
 * The demo as a visitor finds it: nothing runs until "Start Long Task" is pressed, so the task starts on the server
 * only when asked (and the controls change the server before it does).
 */
export const Ready: Story = {
  name: 'Ready to start',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('button', { name: 'Start Long Task' })).toBeEnabled();
    expect(canvas.getByRole('button', { name: 'Stop Task' })).toBeDisabled();
    expect(canvas.getByRole('progressbar', { name: 'Task progress' })).toHaveAttribute('value', '0');
    expect(canvas.getByText('0%')).toBeVisible();
    expect(canvas.getByText('Press “Start Long Task” to run it.')).toBeVisible();
    expect(server.get({ loaded }).task.requests).toHaveLength(0);
  },
};

/**
 * Start the task: the bar moves and the log grows while it runs, then the bar is full and the log ends with the
 * completion event. The story ends on the finished run; "Start Long Task" runs it again.
 */
export const RunsToCompletion: Story = {
  name: 'Runs to completion',
  play: async ({ canvasElement, args, loaded }) => {
    const canvas = within(canvasElement);
    const bar = canvas.getByRole('progressbar', { name: 'Task progress' });
    expect(bar).toHaveAttribute('value', '0');
    await userEvent.click(canvas.getByRole('button', { name: 'Start Long Task' }));
    expect(canvas.getByRole('button', { name: 'Start Long Task' })).toBeDisabled();
    expect(canvas.getByRole('button', { name: 'Stop Task' })).toBeEnabled();

    // Under way: some progress, not all of it, and the label beside the bar says the same.
    await canvas.findByText(iterations(args.steps)[0] as string);
    const midway = Number(bar.getAttribute('value'));
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(100);
    expect(canvas.getByText(`${midway}%`)).toBeVisible();

    const log = canvas.getByRole('log', { name: 'Task log' });
    await waitFor(() => expect(log.lastElementChild).toHaveTextContent('Received CLOSE closing'));
    expect(bar).toHaveAttribute('value', '100');
    expect(canvas.getByText('100%')).toBeVisible(); // the label beside the bar
    const lines = Array.from(log.children, (line) => line.textContent);
    expect(lines).toEqual([...iterations(args.steps), 'Process complete', 'Received CLOSE closing']);
    // One task, one request: the client closed on CLOSE, so the browser never asked again.
    expect(server.get({ loaded }).task.requests).toHaveLength(1);
    expect(canvas.getByRole('button', { name: 'Start Long Task' })).toBeEnabled();
    expect(canvas.getByRole('button', { name: 'Stop Task' })).toBeDisabled();
  },
};

/** Stop midway: the log says "Interrupted", the bar stays where it was, and the server sees the connection closed. */
export const Stopped: Story = {
  name: 'Stopped midway',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start Long Task' }));
    await canvas.findByText('on iteration 3 of 10');
    await userEvent.click(canvas.getByRole('button', { name: 'Stop Task' }));

    const log = canvas.getByRole('log', { name: 'Task log' });
    await waitFor(() => expect(log.lastElementChild).toHaveTextContent('Interrupted'));
    const bar = canvas.getByRole('progressbar', { name: 'Task progress' });
    const stoppedAt = Number(bar.getAttribute('value'));
    expect(stoppedAt).toBeGreaterThanOrEqual(30);
    expect(stoppedAt).toBeLessThan(100);
    expect(canvas.getByRole('button', { name: 'Stop Task' })).toBeDisabled();
    const task = server.get({ loaded }).task;
    await waitFor(() => expect(task.requests[0]?.closedBy).toBe('client'));
    expect(task.requests).toHaveLength(1);
  },
};

/** The server drops the connection at step 4: the log ends with an error line, and the task is not re-requested. */
export const ServerFails: Story = {
  name: 'Server fails at step 4',
  args: { failAt: 4 },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start Long Task' }));
    const log = canvas.getByRole('log', { name: 'Task log' });
    await waitFor(() =>
      expect(log.lastElementChild).toHaveTextContent(/^Error: The connection was lost; not reconnecting$/),
    );
    expect(Array.from(log.children, (line) => line.textContent).slice(0, 3)).toEqual(iterations(10).slice(0, 3));
    expect(canvas.getByRole('progressbar', { name: 'Task progress' })).toHaveAttribute('value', '30');
    expect(canvas.getByText('30%')).toBeVisible(); // the label beside the bar
    expect(server.get({ loaded }).task.requests).toHaveLength(1);
  },
};

/** A browser without EventSource: the demo says so instead of failing. */
export const NoEventSource: Story = {
  name: 'Browser without EventSource',
  beforeEach: hideEventSource,
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await expect(canvas.findByText("Your browser doesn't support server-sent events.")).resolves.toBeVisible();
    expect(canvas.queryByRole('button', { name: 'Start Long Task' })).toBeNull();
    expect(server.get({ loaded }).task.requests).toHaveLength(0);
  },
};
