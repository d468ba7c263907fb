// What the docs' setup file promises, and the kit's clock. (That it fails a test on an unhandled request:
// unmocked/unmocked.test.tsx.) Run by scripts/compat.mjs in the consumer project.
import { configure, render, screen, waitFor } from '@testing-library/react';
import { EventSource as FetchEventSource } from 'eventsource';
import { useEventSource } from 'react-sse-kit';
import { clockStream, installEventSource } from 'react-sse-kit/testing';
import { expect, test } from 'vitest';
import { server } from './vitest.setup';

// A shared machine can be slow: a wait may take 4 s instead of 1 s (it ends as soon as its condition holds).
configure({ asyncUtilTimeout: 4000 });

test('the setup file installed the eventsource package as the global EventSource', () => {
  // The package itself, subclassed only to tag its requests for the kit's mocks.
  expect(globalThis.EventSource.prototype).toBeInstanceOf(FetchEventSource);
  expect(installEventSource()).toBe(false); // there is one already: nothing to do
});

function Clock({ url }: { url: string }) {
  const { status, data } = useEventSource(url);
  return <p>{status === 'open' || status === 'reconnecting' ? `time: ${data ?? '…'}` : status}</p>;
}

test("clockStream 'keep-open' sends the time every interval on one connection", async () => {
  let tick = 0;
  const clock = clockStream('/api/clock', { interval: 5, format: () => `tick ${tick++}` });
  server.use(clock);
  render(<Clock url="/api/clock" />);
  expect(await screen.findByText(/^time: tick ([3-9]|\d{2,})$/)).toBeTruthy();
  expect(clock.requests).toHaveLength(1);
  expect(clock.openConnections).toBe(1);
});

test("clockStream 'per-response' sends one time per response: the client reconnects after retry", async () => {
  let tick = 0;
  const clock = clockStream('/api/clock', { mode: 'per-response', retry: 5, format: () => `tick ${tick++}` });
  server.use(clock);
  render(<Clock url="/api/clock" />);
  await waitFor(() => expect(clock.requests.length).toBeGreaterThanOrEqual(3));
  expect(await screen.findByText(/^time: tick ([2-9]|\d{2,})$/)).toBeTruthy();
  expect(clock.requests.slice(0, 2).map((r) => r.closedBy)).toEqual(['server', 'server']);
});
