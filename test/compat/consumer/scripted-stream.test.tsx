// The kit's scripted streams as a user's tests use them: the docs' setup file, a component, and what the mock server
// saw. scripts/compat.mjs runs this in a consumer project (the packed package; msw 3, eventsource 5 and Vitest 5 on
// Node 22 and 24, msw 2, eventsource 4 and Vitest 4 on Node 20).
import { configure, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { scriptedStream } from 'react-sse-kit/testing';
import { expect, test } from 'vitest';
import { Feed } from './Feed';
import { server } from './vitest.setup';

// A shared machine can be slow: a wait may take 4 s instead of 1 s (it ends as soon as its condition holds).
configure({ asyncUtilTimeout: 4000 });

const text = (id: string) => screen.getByTestId(id).textContent;
const hold = { wait: 60_000 }; // keeps a mocked stream open until the client leaves

test('plays sends (id, event name, JSON, computed, multi-line data) and waits, in order, on one request', async () => {
  const stream = scriptedStream('/api/script', [
    { data: 'plain', id: '1' },
    { wait: 5 },
    { event: 'json', data: { a: 1 } },
    { data: () => 'computed at send time' },
    { data: 'line one\nline two', id: '2' },
    hold,
  ]);
  server.use(stream);
  render(<Feed url="/api/script" options={{ events: ['json'] }} />);
  await waitFor(() =>
    expect(text('received')).toBe(
      // [spec] the last event id persists across events that carry none
      'message:plain:1 | json:{"a":1}:1 | message:computed at send time:1 | message:line one\nline two:2',
    ),
  );
  expect(text('status')).toBe('open');
  expect(stream.requests).toHaveLength(1);
  expect(stream.requests[0]?.lastEventId).toBeNull();
});

test('the stream opens before its first event, as a server that flushed its headers', async () => {
  const stream = scriptedStream('/api/quiet', [hold]);
  server.use(stream);
  render(<Feed url="/api/quiet" />);
  expect(text('status')).toBe('connecting');
  await waitFor(() => expect(text('status')).toBe('open'));
  expect(stream.openConnections).toBe(1);
});

test('a close step ends the response: the server closed it, and the client reconnects', async () => {
  const stream = scriptedStream('/api/ends', [{ retry: 5 }, { data: 'a', id: '1' }, { close: true }, hold]);
  server.use(stream);
  render(<Feed url="/api/ends" />);
  await waitFor(() => expect(stream.requests).toHaveLength(2));
  expect(stream.requests[0]?.closedBy).toBe('server');
  expect(stream.requests[1]?.lastEventId).toBe('1');
});

test('StrictMode sends one request; unmounting closes it, as the server sees it', async () => {
  const stream = scriptedStream('/api/strict', [{ data: 'hello', id: '1' }, hold]);
  server.use(stream);
  const { unmount } = render(
    <StrictMode>
      <Feed url="/api/strict" />
    </StrictMode>,
  );
  await waitFor(() => expect(text('data')).toBe('hello'));
  expect(stream.requests).toHaveLength(1);
  expect(stream.maxOpenConnections).toBe(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
});

test('counts open connections and the most open at once', async () => {
  const stream = scriptedStream('/api/count', [{ data: 'x' }, hold]);
  server.use(stream);
  const one = render(<Feed url="/api/count" />);
  const two = render(<Feed url="/api/count" />);
  await waitFor(() => expect(stream.openConnections).toBe(2));
  one.unmount();
  await waitFor(() => expect(stream.openConnections).toBe(1));
  two.unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.maxOpenConnections).toBe(2);
  expect(stream.requests.map((r) => r.closedBy)).toEqual(['client', 'client']);
});

test('status answers every request with a terminal failure; the error carries the HTTP status', async () => {
  const stream = scriptedStream('/api/refused', [], { status: 503 });
  server.use(stream);
  render(<Feed url="/api/refused" />);
  await waitFor(() => expect(text('status')).toBe('failed'));
  // The eventsource package reports the status on its error event (`code`); the hook passes it on.
  expect(text('error')).toBe('connection 503');
  expect(stream.requests.map((r) => r.status)).toEqual([503]);
});

test('contentType answers with a wrong content type: a terminal failure after one request', async () => {
  const stream = scriptedStream('/api/not-a-stream', [], { contentType: 'application/json' });
  server.use(stream);
  render(<Feed url="/api/not-a-stream" />);
  await waitFor(() => expect(text('status')).toBe('failed'));
  expect(text('error')).toBe('connection 200');
  expect(stream.requests).toHaveLength(1);
});

test("onReconnect: 'replay' is a naive server: every reconnect plays the script again", async () => {
  const stream = scriptedStream('/api/naive', [{ retry: 5 }, { data: 'again', id: '1' }, { close: true }], {
    onReconnect: 'replay',
  });
  server.use(stream);
  render(<Feed url="/api/naive" />);
  await waitFor(() => expect(stream.requests.length).toBeGreaterThanOrEqual(3));
  await waitFor(() => expect(text('received')).toMatch(/^message:again:1 \| message:again:1 \| message:again:1/));
  expect(stream.requests.slice(1).every((r) => r.lastEventId === '1')).toBe(true);
});
