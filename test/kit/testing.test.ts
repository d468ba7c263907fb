import { EventSource as FetchEventSource } from 'eventsource';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { clockStream, installEventSource, progressSteps, progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

const open: EventSource[] = [];
afterEach(() => {
  for (const source of open.splice(0)) source.close();
});

/** A plain EventSource that records what it receives. */
function connect(url: string, types: string[] = []) {
  const source = new EventSource(url);
  open.push(source);
  const received: { type: string; data: string; id: string }[] = [];
  const errors: number[] = [];
  for (const type of ['message', ...types])
    source.addEventListener(type, (e) =>
      received.push({ type, data: (e as MessageEvent).data, id: (e as MessageEvent).lastEventId }),
    );
  source.addEventListener('error', () => errors.push(source.readyState));
  return { source, received, errors };
}

describe('installEventSource', () => {
  test('installs the eventsource package only where there is no EventSource', () => {
    expect(installEventSource()).toBe(false); // the setup file already did
    // The package itself, subclassed only to tag its requests for the kit's mocks.
    expect(globalThis.EventSource.prototype).toBeInstanceOf(FetchEventSource);
    vi.stubGlobal('EventSource', undefined);
    expect(installEventSource()).toBe(true);
    expect(globalThis.EventSource.prototype).toBeInstanceOf(FetchEventSource);
  });
});

describe('scriptedStream', () => {
  test('plays sends (data, id, event name, JSON), waits and a close, in order', async () => {
    const stream = scriptedStream('/script', [
      { data: 'plain', id: '1' },
      { wait: 5 },
      { event: 'json', data: { a: 1 } },
      { data: () => 'computed at send time' },
      { data: 'line one\nline two' },
      { close: true },
    ]);
    server.use(stream);
    const { received } = connect('/script', ['json']);
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received).toEqual([
      { type: 'message', data: 'plain', id: '1' },
      { type: 'json', data: '{"a":1}', id: '' },
      { type: 'message', data: 'computed at send time', id: '' },
      { type: 'message', data: 'line one\nline two', id: '' },
    ]);
    await vi.waitFor(() => expect(stream.requests[0]?.closedBy).toBe('server'));
  });

  test('a finished script is not replayed on reconnect: the reconnect gets 204 and the browser stops', async () => {
    const stream = scriptedStream('/finite', [{ retry: 5 }, { data: 'only once', id: '1' }, { close: true }]);
    server.use(stream);
    const { source, received } = connect('/finite');
    await vi.waitFor(() => expect(source.readyState).toBe(2));
    expect(received.map((r) => r.data)).toEqual(['only once']);
    expect(stream.requests.map((r) => [r.lastEventId, r.status])).toEqual([
      [null, 200],
      ['1', 204],
    ]);
  });

  test("onReconnect: 'replay' behaves like a naive server and plays the script again", async () => {
    const stream = scriptedStream('/naive', [{ retry: 5 }, { data: 'again', id: '1' }, { close: true }], {
      onReconnect: 'replay',
    });
    server.use(stream);
    const { received } = connect('/naive');
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(3));
    expect(stream.requests.length).toBeGreaterThanOrEqual(3);
  });

  test('a drop mid-script: the reconnect carries Last-Event-ID and the script continues where it stopped', async () => {
    const stream = scriptedStream('/resume', [
      { retry: 5 },
      { data: 'a', id: '1' },
      { drop: true },
      { data: 'b', id: '2' },
      { wait: 60_000 },
    ]);
    server.use(stream);
    const { received, errors } = connect('/resume');
    await vi.waitFor(() => expect(received.map((r) => r.data)).toEqual(['a', 'b']));
    expect(errors).toEqual([0]); // one error, with readyState CONNECTING: a reconnect
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, '1']);
    expect(stream.openConnections).toBe(1);
  });

  test('status and contentType answer every request with a terminal failure', async () => {
    const status = scriptedStream('/status', [], { status: 500 });
    const type = scriptedStream('/type', [], { contentType: 'application/json' });
    server.use(status, type);
    const a = connect('/status');
    const b = connect('/type');
    await vi.waitFor(() => expect([a.errors, b.errors]).toEqual([[2], [2]]));
    expect(status.requests).toHaveLength(1);
    expect(status.requests[0]?.status).toBe(500);
    expect(type.requests).toHaveLength(1);
  });

  test('counts open connections and the most open at once', async () => {
    const stream = scriptedStream('/count', [{ wait: 60_000 }]);
    server.use(stream);
    const one = connect('/count');
    const two = connect('/count');
    await vi.waitFor(() => expect(stream.openConnections).toBe(2));
    one.source.close();
    await vi.waitFor(() => expect(stream.openConnections).toBe(1));
    two.source.close();
    await vi.waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.maxOpenConnections).toBe(2);
    expect(stream.requests.map((r) => r.closedBy)).toEqual(['client', 'client']);
  });
});

describe('progressStream', () => {
  test('speaks the progress protocol and ends with the CLOSE event', async () => {
    const stream = progressStream('/progress', { steps: 3, interval: 1 });
    server.use(stream);
    const { received } = connect('/progress');
    await vi.waitFor(() => expect(received).toHaveLength(4));
    expect(received.map((r) => [r.id, JSON.parse(r.data)])).toEqual([
      ['1', { message: 'on iteration 1 of 3', progress: 33 }],
      ['2', { message: 'on iteration 2 of 3', progress: 67 }],
      ['3', { message: 'on iteration 3 of 3', progress: 100 }],
      ['CLOSE', { message: 'Process complete' }],
    ]);
  });

  test('failAt drops the connection before that step; completeId, messages and retry are configurable', () => {
    const steps = progressSteps({
      steps: 3,
      interval: 7,
      failAt: 2,
      completeId: 'END',
      retry: 50,
      message: (i) => `step ${i}`,
    });
    expect(steps).toEqual([
      { retry: 50 },
      { wait: 7 },
      { id: '1', data: { message: 'step 1', progress: 33 } },
      { wait: 7 },
      { drop: true },
      { id: '2', data: { message: 'step 2', progress: 67 } },
      { wait: 7 },
      { id: '3', data: { message: 'step 3', progress: 100 } },
      { wait: 7 },
      { id: 'END', data: { message: 'Process complete' } },
      { close: true },
    ]);
  });
});

describe('clockStream', () => {
  const at = new Date(2026, 10, 22, 9, 5, 7);

  test("'keep-open' sends the time every interval on one connection", async () => {
    const clock = clockStream('/clock', { interval: 5, now: () => at });
    server.use(clock);
    const { received } = connect('/clock');
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(3));
    expect(received[0]?.data).toBe('09:05:07');
    expect(clock.requests).toHaveLength(1);
  });

  test("'per-response' sends one time per response; the browser reconnects after retry", async () => {
    const clock = clockStream('/clock-once', { mode: 'per-response', retry: 5, format: () => 'tick' });
    server.use(clock);
    const { received } = connect('/clock-once');
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(3));
    expect(clock.requests.length).toBeGreaterThanOrEqual(3);
    expect(clock.requests.every((r) => r.closedBy === 'server' || r.open)).toBe(true);
  });
});
