// eventStream(url, options): the messages of a stream as an AsyncIterable over the observer, checked from both sides:
// what the loop receives, and what the mocked server saw (requests, who closed the connection).
import { renderHook, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, test, vi } from 'vitest';
import { eventStream, type SseError, type SseMessage, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { live, route } from '../transport/route';

const hold = { wait: 60_000 }; // keeps a mocked stream open until the client leaves
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every message of the iterable, until it ends. */
async function collect<T>(iterable: AsyncIterable<SseMessage<T>>): Promise<T[]> {
  const data: T[] = [];
  for await (const message of iterable) data.push(message.data);
  return data;
}

/** One response whose body is all of `text`: the events arrive in one chunk. */
const oneChunk = (text: string) => new Response(text, { headers: { 'Content-Type': 'text/event-stream' } });

describe('eventStream', () => {
  test('yields a burst of events that arrive in one chunk, all of them, in order', async () => {
    const events = Array.from({ length: 100 }, (_, i) => `id: ${i}\ndata: ${i}\n\n`).join('');
    route('/burst', () => oneChunk(`${events}event: done\ndata: end\n\n`));
    const messages: SseMessage<number>[] = [];
    for await (const message of eventStream('/burst', {
      parse: (raw) => Number(raw),
      events: ['done'],
      closeWhen: (m) => m.type === 'done',
    }))
      messages.push(message);
    expect(messages.slice(0, -1).map((m) => m.data)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(messages[99]).toMatchObject({ type: 'message', data: 99, raw: '99', lastEventId: '99' });
    expect(messages.at(-1)).toMatchObject({ type: 'done', raw: 'end' });
  });

  test('a slow loop loses nothing: events that arrive while it is busy wait for it', async () => {
    const stream = scriptedStream('/slow', [
      ...Array.from({ length: 30 }, (_, i) => ({ data: i })),
      { event: 'done', data: 'end' },
      hold,
    ]);
    server.use(stream);
    const seen: string[] = [];
    for await (const message of eventStream('/slow', { events: ['done'], closeWhen: (m) => m.type === 'done' })) {
      seen.push(message.data);
      await sleep(5); // every event is on the wire long before the loop asks for the next one
    }
    expect(seen).toEqual([...Array.from({ length: 30 }, (_, i) => String(i)), 'end']);
  });

  test('yields the message that closeWhen matches, then ends and closes the connection', async () => {
    const stream = scriptedStream('/until-done', [
      { data: 'a' },
      { data: 'b' },
      { event: 'done', data: 'bye' },
      { data: 'after the end' },
      hold,
    ]);
    server.use(stream);
    const data = await collect(
      eventStream('/until-done', { events: ['done'], closeWhen: (message) => message.type === 'done' }),
    );
    expect(data).toEqual(['a', 'b', 'bye']);
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests).toHaveLength(1);
    expect(stream.requests[0]?.closedBy).toBe('client');
  });

  test('a 500 throws the SseError, with its status, after nothing was yielded', async () => {
    const stream = scriptedStream('/broken', [], { status: 500 });
    server.use(stream);
    const data: string[] = [];
    const error = await (async () => {
      for await (const message of eventStream('/broken')) data.push(message.data);
    })().then(
      () => undefined,
      (thrown: unknown) => thrown as SseError,
    );
    expect(error).toMatchObject({ name: 'SseError', kind: 'connection', status: 500 });
    expect(data).toEqual([]);
    expect(stream.requests).toHaveLength(1);
  });

  test('the fetch transport: a 401 throws with the status and the response', async () => {
    route('/private', () => Response.json({ error: 'token expired' }, { status: 401, statusText: 'Unauthorized' }));
    const error = await collect(eventStream('/private', { headers: { Authorization: 'Bearer old' } })).then(
      () => undefined,
      (thrown: unknown) => thrown as SseError,
    );
    expect(error).toMatchObject({ kind: 'connection', status: 401 });
    expect(await error?.response?.json()).toEqual({ error: 'token expired' });
  });

  test('a drop the browser reconnects from does not throw: the loop goes on after it', async () => {
    const stream = scriptedStream('/drop', [
      { retry: 10 },
      { id: '1', data: 'one' },
      { drop: true },
      { id: '2', data: 'two' },
      { event: 'done', data: '' },
      hold,
    ]);
    server.use(stream);
    const onError = vi.fn();
    const data = await collect(
      eventStream('/drop', { events: ['done'], closeWhen: (m) => m.type === 'done', onError }),
    );
    expect(data).toEqual(['one', 'two', '']);
    expect(stream.requests.map((request) => request.lastEventId)).toEqual([null, '1']);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'connection', willReconnect: true }));
  });

  test('a 204 is the end of the stream: the loop ends without a throw', async () => {
    const stream = scriptedStream('/over', [], { status: 204 });
    server.use(stream);
    await expect(collect(eventStream('/over'))).resolves.toEqual([]);
    expect(stream.requests).toHaveLength(1);
  });

  test('an event that does not parse is skipped, onError hears of it, and the stream goes on', async () => {
    route('/json', () => oneChunk('data: {"n":1}\n\ndata: {oops\n\ndata: {"n":2}\n\nevent: done\ndata: {}\n\n'));
    const onError = vi.fn();
    const data = await collect(
      eventStream<{ n?: number }>('/json', {
        parse: 'json',
        events: ['done'],
        closeWhen: (m) => m.type === 'done',
        onError,
      }),
    );
    expect(data).toEqual([{ n: 1 }, { n: 2 }, {}]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ kind: 'parse', raw: '{oops' });
  });

  test('break lets go of the connection: the server sees the client close it', async () => {
    const stream = scriptedStream('/break', [{ data: 'first' }, { data: 'second' }, hold]);
    server.use(stream);
    for await (const message of eventStream('/break')) {
      expect(message.data).toBe('first');
      break;
    }
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests[0]?.closedBy).toBe('client');
  });

  test('a throw in the loop body lets go of the connection too', async () => {
    const stream = scriptedStream('/throw', [{ data: 'first' }, hold]);
    server.use(stream);
    await expect(
      (async () => {
        for await (const _ of eventStream('/throw')) throw new Error('the loop failed');
      })(),
    ).rejects.toThrow('the loop failed');
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests[0]?.closedBy).toBe('client');
  });

  test("the signal's abort ends the loop quietly, also while it waits for an event, and closes the connection", async () => {
    const stream = scriptedStream('/abort', [{ data: 'first' }, hold]);
    server.use(stream);
    const controller = new AbortController();
    const data: string[] = [];
    const loop = (async () => {
      for await (const message of eventStream('/abort', { signal: controller.signal })) data.push(message.data);
    })();
    await waitFor(() => expect(data).toEqual(['first']));
    controller.abort(new Error('no longer wanted'));
    await expect(loop).resolves.toBeUndefined();
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests[0]?.closedBy).toBe('client');
  });

  test('an aborted signal yields nothing and sends no request', async () => {
    const requests = vi.fn();
    server.use(http.get('/never', requests));
    await expect(collect(eventStream('/never', { signal: AbortSignal.abort() }))).resolves.toEqual([]);
    await sleep(20);
    expect(requests).not.toHaveBeenCalled();
  });

  test('nothing is requested until the loop asks for the first message', async () => {
    const stream = scriptedStream('/lazy', [{ data: 'x' }, hold]);
    server.use(stream);
    const iterator = eventStream('/lazy');
    await sleep(20);
    expect(stream.requests).toHaveLength(0);
    await expect(iterator.next()).resolves.toMatchObject({ value: { data: 'x' }, done: false });
    expect(stream.requests).toHaveLength(1);
    await iterator.return();
    await waitFor(() => expect(stream.openConnections).toBe(0));
  });
});

describe('eventStream with share: true', () => {
  test('shares one connection with a hook, which keeps it open after the loop stops', async () => {
    const stream = live();
    const seen = route('/shared', () => stream.response);
    const { result, unmount } = renderHook(() => useEventSource('/shared', { share: true }));
    stream.send('data: one\n\n');
    await waitFor(() => expect(result.current.data).toBe('one'));
    const loop = (async () => {
      for await (const message of eventStream('/shared', { share: true })) return message.data;
    })();
    stream.send('data: two\n\n');
    expect(await loop).toBe('two'); // it joined after `one`
    expect(seen).toHaveLength(1);
    await waitFor(() => expect(result.current.data).toBe('two'));
    expect(seen[0]?.aborted).toBe(false);
    unmount();
    await waitFor(() => expect(seen[0]?.aborted).toBe(true));
  });

  test.each([true, 'tabs'] as const)(
    'share: %s: joining a shared connection that failed opens it again: a new loop is a new request',
    async (share) => {
      let calls = 0;
      const url = `/flaky-${share}`;
      server.use(
        http.get(url, () => {
          calls += 1;
          return calls === 1
            ? new Response('down', { status: 503 })
            : oneChunk('data: back\n\nevent: done\ndata: \n\n');
        }),
      );
      const { result } = renderHook(() => useEventSource(url, { share, events: ['done'] }));
      await waitFor(() => expect(result.current.status).toBe('failed'));
      const data = await collect(eventStream(url, { share, events: ['done'], closeWhen: (m) => m.type === 'done' }));
      expect(data).toEqual(['back', '']);
      expect(calls).toBe(2);
    },
  );
});

describe('eventStream with schemas', () => {
  test('a schema checks every event: the loop gets the valid ones, typed, and onError the refused one', async () => {
    const { z } = await import('zod');
    const Price = z.object({ symbol: z.string(), price: z.number() });
    route('/checked', () =>
      oneChunk(
        'data: {"symbol":"A","price":1}\n\ndata: {"symbol":2,"price":2}\n\ndata: {"symbol":"C","price":3}\n\nevent: done\ndata: {"symbol":"end","price":0}\n\n',
      ),
    );
    const errors: SseError[] = [];
    const seen: string[] = [];
    for await (const message of eventStream('/checked', {
      schema: Price,
      events: ['done'],
      onError: (error) => errors.push(error),
      closeWhen: (m) => m.type === 'done',
    }))
      seen.push(`${message.data.symbol}=${message.data.price}`);
    expect(seen).toEqual(['A=1', 'C=3', 'end=0']);
    expect(errors.map((e) => e.kind)).toEqual(['parse']);
    expect(errors[0]?.message).toMatch(/^Invalid "message" event: symbol: /);
    expect(errors[0]?.issues?.[0]?.path).toEqual(['symbol']);
  });

  test('an events map of schemas: each type checked by its own, messages told apart by type', async () => {
    const { z } = await import('zod');
    const events = {
      price: z.object({ price: z.number() }),
      done: z.object({ total: z.number() }),
    };
    route('/map', () =>
      oneChunk(
        'event: price\ndata: {"price":1}\n\nevent: price\ndata: {"price":2}\n\nevent: done\ndata: {"total":3}\n\n',
      ),
    );
    const seen: number[] = [];
    for await (const message of eventStream('/map', { events, closeWhen: (m) => m.type === 'done' })) {
      if (message.type === 'price') seen.push(message.data.price);
      else seen.push(-message.data.total);
    }
    expect(seen).toEqual([1, 2, -3]);
  });
});
