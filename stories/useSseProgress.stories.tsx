import type { Meta, StoryObj } from '@storybook/react-vite';
import { EventSource as FetchEventSource } from 'eventsource';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { useSseProgress } from '../src';
import { progressStream, type StreamRecord } from '../src/testing';
import { mockServer } from './support/msw';
import { ProgressView } from './support/ProgressView';
import { ServerView } from './support/ServerView';
import { StatusBadge } from './support/StatusBadge';

const url = '/api/tasks/report';

/** A task, its status badge, its whole result, and what the mock server saw. */
function Task({ resume, stream }: { resume: boolean; stream: StreamRecord }) {
  // With resume, the fetch-based `eventsource` package: the mock must see Last-Event-ID, which Chromium hides from
  // the service worker MSW answers from (see ResumingAfterADrop).
  const task = useSseProgress(url, resume ? { resume, EventSource: FetchEventSource } : { resume });
  return (
    <div className="stack">
      <div className="toolbar">
        <button
          type="button"
          className="button button--primary"
          onClick={task.start}
          disabled={task.status === 'running'}
        >
          Start
        </button>
        <StatusBadge status={task.status} />
        <progress aria-label="Task progress" max={100} value={task.progress} />
      </div>
      <div className="columns">
        <ProgressView task={task} />
        <ServerView stream={stream} />
      </div>
    </div>
  );
}

interface Args {
  /** The step at which the server drops the connection. */
  failAt: number;
  /** The `retry:` the server sends: how long the browser would wait before reconnecting, in ms. */
  retry: number;
}

// The server drops the connection before step `failAt`; on a reconnect with Last-Event-ID it would go on.
const server = mockServer((args: Args) => ({
  task: progressStream(url, { steps: 10, interval: 100, failAt: args.failAt, retry: args.retry }),
}));

const meta = {
  title: 'Hooks/useSseProgress',
  args: { failAt: 4, retry: 300 },
  argTypes: {
    failAt: {
      control: { type: 'range', min: 1, max: 10 },
      description: 'The step at which the server drops the connection',
    },
    retry: { control: { type: 'range', min: 100, max: 3000, step: 100 }, description: 'The `retry:` field, in ms' },
  },
  loaders: [server.loader],
  parameters: {
    docs: {
      description: {
        component: 'What `useSseProgress` does when the connection drops before the task completes.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

const statusIs = (canvasElement: HTMLElement, status: string) =>
  waitFor(() => expect(within(canvasElement).getByRole('status')).toHaveTextContent(new RegExp(`^Status: ${status}$`)));

/**
 * `resume: false` (the default): the stream drops at step 4, and the task is `failed`. The connection is closed
 * within the error event, so the browser never requests the task again, and the server never runs it twice.
 */
export const FailingMidway: Story = {
  name: 'Failing midway (resume: false)',
  render: (_, context) => <Task resume={false} stream={server.get(context).task} />,
  play: async ({ canvasElement, args, loaded }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await statusIs(canvasElement, 'failed');
    const progress = ((args.failAt - 1) * 100) / 10;
    expect(canvas.getByRole('progressbar', { name: 'Task progress' })).toHaveAttribute('value', String(progress));
    expect(canvas.getByText('error').nextElementSibling).toHaveTextContent(
      'connection: The connection was lost; not reconnecting',
    );
    const log = within(canvas.getByRole('list', { name: 'log' })).getAllByRole('listitem');
    expect(log).toHaveLength(args.failAt);
    expect(log.at(-1)).toHaveTextContent(/^error #—: The connection was lost; not reconnecting/);

    // Nothing can be awaited for a request that must never come: give the browser twice its `retry:` to try,
    // then check the server still saw one request.
    const task = server.get({ loaded }).task;
    await new Promise((resolve) => setTimeout(resolve, args.retry * 2));
    expect(task.requests).toHaveLength(1);
    expect(canvas.getByText('Requests').nextElementSibling).toHaveTextContent('1');
  },
};

/**
 * `resume: true`, for servers that can resume a task: the EventSource reconnects with `Last-Event-ID`, the server
 * goes on from there, and the task completes.
 *
 * This story gives the hook the fetch-based `eventsource` package (the `EventSource` option): Chromium's own
 * EventSource sends `Last-Event-ID` to a real server, but a service worker, like the one MSW answers from here,
 * never sees that header.
 */
export const ResumingAfterADrop: Story = {
  name: 'Resuming after a drop (resume: true)',
  render: (_, context) => <Task resume stream={server.get(context).task} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start' }));
    await statusIs(canvasElement, 'done');
    expect(canvas.getByRole('progressbar', { name: 'Task progress' })).toHaveAttribute('value', '100');
    const requests = within(canvas.getByRole('list', { name: 'Requests' })).getAllByRole('listitem');
    expect(requests).toHaveLength(2);
    expect(requests[1]).toHaveTextContent(`Last-Event-ID: ${args.failAt - 1}`);
    const log = within(canvas.getByRole('list', { name: 'log' })).getAllByRole('listitem');
    expect(log.at(-1)).toHaveTextContent('complete #CLOSE: Process complete');
  },
};
