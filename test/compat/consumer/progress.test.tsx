// The progress protocol against the kit's progressStream, through useSseProgress as a user's component runs it.
// Run by scripts/compat.mjs in the consumer project.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { type ProgressOptions, useSseProgress } from 'react-sse-kit';
import { progressStream } from 'react-sse-kit/testing';
import { expect, test } from 'vitest';
import { server } from './vitest.setup';

// A shared machine can be slow: a wait may take 4 s instead of 1 s (it ends as soon as its condition holds).
configure({ asyncUtilTimeout: 4000 });

const nextTasks = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function Task({ options }: { options?: ProgressOptions }) {
  const task = useSseProgress('/api/task', options);
  return (
    <section>
      <button type="button" onClick={task.start}>
        Start
      </button>
      <button type="button" onClick={task.stop}>
        Stop
      </button>
      <p data-testid="status">{task.status}</p>
      <progress aria-label="task" max={100} value={task.progress} />
      <ol aria-label="log">
        {task.log.map((entry) => (
          <li key={entry.seq}>{`${entry.kind} ${entry.id}: ${entry.message}`}</li>
        ))}
      </ol>
    </section>
  );
}

const status = () => screen.getByTestId('status').textContent;
const progress = () => screen.getByRole('progressbar', { name: 'task' }).getAttribute('value');
const log = () => screen.getAllByRole('listitem').map((item) => item.textContent);

test('speaks the progress protocol: ids 1…n with {message, progress}, then CLOSE; the task is done in one request', async () => {
  const stream = progressStream('/api/task', { steps: 3, interval: 5 });
  server.use(stream);
  const seen: number[] = [];
  render(<Task options={{ onProgress: (value) => seen.push(value) }} />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(status()).toBe('done'));
  expect(seen).toEqual([33, 67, 100]);
  expect(progress()).toBe('100');
  expect(log()).toEqual([
    'progress 1: on iteration 1 of 3',
    'progress 2: on iteration 2 of 3',
    'progress 3: on iteration 3 of 3',
    'complete CLOSE: Process complete',
  ]);
  expect(stream.requests).toHaveLength(1);
  await waitFor(() => expect(stream.openConnections).toBe(0));
});

test('a task that breaks midway fails at 40 % and is never requested again (resume: false)', async () => {
  const stream = progressStream('/api/task', { steps: 5, interval: 5, failAt: 3, retry: 10 });
  server.use(stream);
  render(<Task />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(status()).toBe('failed'));
  expect(progress()).toBe('40');
  await nextTasks(100); // ten times `retry`: a reconnect would have reached the mock by now
  expect(stream.requests).toHaveLength(1);
});

test('with resume: true a drop reconnects with Last-Event-ID and the task goes on where it stopped', async () => {
  const stream = progressStream('/api/task', { steps: 5, interval: 5, failAt: 3, retry: 10 });
  server.use(stream);
  render(<Task options={{ resume: true }} />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(status()).toBe('done'));
  expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, '2']);
  expect(log().filter((line) => line?.startsWith('progress'))).toEqual(
    [1, 2, 3, 4, 5].map((i) => `progress ${i}: on iteration ${i} of 5`),
  );
});

test("against a naive server (onReconnect: 'replay') the hook closes on CLOSE itself: one request", async () => {
  const stream = progressStream('/api/task', { steps: 2, interval: 5, retry: 10, onReconnect: 'replay' });
  server.use(stream);
  render(<Task />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(status()).toBe('done'));
  await nextTasks(100); // ten times `retry`
  expect(stream.requests).toHaveLength(1);
});

test('stop() closes the task’s connection, as the server sees it', async () => {
  const stream = progressStream('/api/task', { steps: 100, interval: 20 });
  server.use(stream);
  render(<Task />);
  fireEvent.click(screen.getByRole('button', { name: 'Start' }));
  await waitFor(() => expect(log().length).toBeGreaterThan(0));
  fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
  expect(status()).toBe('stopped');
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests.map((r) => r.closedBy)).toEqual(['client']);
});
