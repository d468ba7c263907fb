// Recipe (docs/recipes.md, "Test a component with the testing kit"): test your own component with
// `react-sse-kit/testing`. The page's code block is `Deployments` and the two tests after it. The setup file
// (test/setup.ts here; docs/testing.md has a user's) makes jsdom ready and starts MSW:
//
//   import { installEventSource } from 'react-sse-kit/testing';
//   installEventSource(); // before anything builds an MSW sse() handler
//   import { setupServer } from 'msw/node';
//   export const server = setupServer();
//   beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
//   afterEach(() => server.resetHandlers());
//   afterAll(() => server.close());
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource, useSseProgress } from '../../src';
import { progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- the components under test (yours) ---
function ImportButton() {
  const task = useSseProgress('/api/import');
  return (
    <section>
      <button type="button" onClick={task.start} disabled={task.status === 'running'}>
        Import
      </button>
      <progress aria-label="import progress" max={100} value={task.progress} />
      <p role="status">{task.status === 'failed' ? `Failed: ${task.error?.message}` : (task.message ?? 'Ready')}</p>
    </section>
  );
}

// --- the tests of ImportButton ---
test('shows the progress of an import and closes the stream when it is done', async () => {
  const task = progressStream('/api/import', { steps: 3, interval: 5 });
  server.use(task);
  render(<ImportButton />);
  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Process complete'));
  expect(screen.getByRole('progressbar', { name: 'import progress' }).getAttribute('value')).toBe('100');
  // What the server saw: one request, and nothing left open.
  expect(task.requests).toHaveLength(1);
  await waitFor(() => expect(task.openConnections).toBe(0));
});

test('shows a failure when the stream breaks midway, and never runs the import twice', async () => {
  const task = progressStream('/api/import', { steps: 5, interval: 5, failAt: 3, retry: 10 });
  server.use(task);
  render(<ImportButton />);
  fireEvent.click(screen.getByRole('button', { name: 'Import' }));
  await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Failed: /));
  expect(screen.getByRole('progressbar').getAttribute('value')).toBe('40');
  expect(task.requests).toHaveLength(1);
});

// --- recipe ---
function Deployments() {
  const { status, data } = useEventSource('/api/deployments', { events: ['deployed'] });
  return <p>{status === 'open' ? `Last deployed: ${data ?? 'nothing yet'}` : status}</p>;
}

test('shows the latest named event', async () => {
  const stream = scriptedStream('/api/deployments', [
    { event: 'deployed', id: '1', data: 'v1.0.0' },
    { wait: 10 },
    { event: 'deployed', id: '2', data: 'v1.0.1' },
    { wait: 60_000 }, // keep the stream open until the component unmounts
  ]);
  server.use(stream);
  const { unmount } = render(<Deployments />);
  expect(await screen.findByText('Last deployed: v1.0.1')).toBeTruthy();
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test('shows a refused stream as failed', async () => {
  server.use(scriptedStream('/api/deployments', [], { status: 503 }));
  render(<Deployments />);
  expect(await screen.findByText('failed')).toBeTruthy();
});
// --- end of recipe ---
