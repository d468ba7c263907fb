// `schema` and `events` as a map of schemas: each event's data is checked by a Standard Schema (zod 4 and valibot 1
// here, and hand-written async ones whose results a test releases), an event it refuses is skipped with a readable
// parse error, and an async schema never changes the order of events nor delivers a late result of an old stream.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { act, renderHook, waitFor } from '@testing-library/react';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { SseError, type SseMessage, type UseEventSourceOptions, useEventSource } from '../../src';
import { invalid } from '../../src/schema';
import { scriptedStream } from '../../src/testing';
import { fakeEventSourceClass } from '../fakeEventSource';
import { server } from '../server';

const hold = { wait: 60_000 }; // keeps a mocked stream open until the client leaves

const Price = z.object({ symbol: z.string(), price: z.number() });
const Trade = z.object({ symbol: z.string(), size: z.number().int() });

describe('schema (against a mocked server)', () => {
  test("a zod schema checks each event: data is the schema's output, and parse is json without being asked", async () => {
    server.use(scriptedStream('/prices', [{ data: { symbol: 'ACME', price: 42, extra: 'dropped by zod' } }, hold]));
    const { result } = renderHook(() => useEventSource('/prices', { schema: Price }));
    await waitFor(() => expect(result.current.data).toEqual({ symbol: 'ACME', price: 42 }));
    expect(result.current.lastEvent?.raw).toContain('dropped by zod');
    expect(result.current.error).toBeUndefined();
  });

  test('an event the schema refuses is skipped and the stream goes on; the error names the path and carries the issues', async () => {
    server.use(
      scriptedStream('/prices-bad', [
        { data: { symbol: 'ACME', price: 1 } },
        { data: { symbol: 7, price: 2 } },
        { data: { symbol: 'ACME', price: 3 } },
        hold,
      ]),
    );
    const errors: SseError[] = [];
    const seen: number[] = [];
    const rendered: string[] = []; // what each render showed: the refused event as an error, never as data
    const { result } = renderHook(() => {
      const hook = useEventSource('/prices-bad', {
        schema: Price,
        commit: 'event',
        onMessage: (m) => seen.push(m.data.price),
        onError: (e) => errors.push(e),
      });
      rendered.push(hook.error ? `error: ${hook.error.kind}` : `price: ${hook.data?.price}`);
      return hook;
    });
    await waitFor(() => expect(seen).toEqual([1, 3]));
    const [error] = errors;
    expect(errors).toHaveLength(1);
    expect(error).toBeInstanceOf(SseError);
    expect(error?.message).toBe('Invalid "message" event: symbol: Invalid input: expected string, received number');
    expect(error?.issues).toEqual([expect.objectContaining({ path: ['symbol'], code: 'invalid_type' })]);
    expect(error?.raw).toBe('{"symbol":7,"price":2}');
    await waitFor(() => expect(result.current.data?.price).toBe(3));
    expect(result.current.error).toBeUndefined(); // a later event got through
    expect(result.current.status).toBe('open');
    expect(rendered).toContain('error: parse');
    expect(rendered).not.toContain('price: 2');
  });

  test('valibot: path segments are { key } objects, and the message reads the same way', async () => {
    const Quote = v.object({ symbol: v.string(), price: v.number() });
    server.use(
      scriptedStream('/valibot', [{ data: { symbol: 'A', price: '1' } }, { data: { symbol: 'B', price: 2 } }, hold]),
    );
    const errors: SseError[] = [];
    const { result } = renderHook(() => useEventSource('/valibot', { schema: Quote, onError: (e) => errors.push(e) }));
    await waitFor(() => expect(result.current.data).toEqual({ symbol: 'B', price: 2 }));
    expect(errors.map((e) => e.message)).toEqual([
      'Invalid "message" event: price: Invalid type: Expected number but received "1"',
    ]);
    expect(errors[0]?.issues?.[0]?.path).toEqual([expect.objectContaining({ key: 'price' })]);
  });

  test('a parse function runs before the schema, and a throw from it is the usual parse error', async () => {
    server.use(scriptedStream('/csv', [{ data: 'ACME,42' }, { data: 'nonsense' }, { data: 'ACME,43' }, hold]));
    const errors: SseError[] = [];
    const { result } = renderHook(() =>
      useEventSource('/csv', {
        schema: z.object({ symbol: z.string(), price: z.coerce.number() }),
        parse: (raw) => {
          const [symbol, price] = raw.split(',');
          if (price === undefined) throw new Error(`no price in ${raw}`);
          return { symbol, price };
        },
        history: 5,
        onError: (e) => errors.push(e),
      }),
    );
    await waitFor(() => expect(result.current.history.map((m) => m.data.price)).toEqual([42, 43]));
    expect(errors.map((e) => e.message)).toEqual(['Could not parse "message" data: no price in nonsense']);
  });
});

describe('events as a map of schemas', () => {
  test('each event is checked by its own schema; only the types of the map are listened to', async () => {
    server.use(
      scriptedStream('/market', [
        { data: 'an unnamed event: not in the map' },
        { event: 'price', data: { symbol: 'ACME', price: 42 } },
        { event: 'trade', data: { symbol: 'ACME', size: 100 } },
        // a price's shape, sent as a trade: its own schema (Trade) refuses it
        { event: 'trade', data: { symbol: 'ACME', price: 43 } },
        { event: 'quote', data: { symbol: 'ACME' } },
        { event: 'price', data: { symbol: 'ACME', price: 44 } },
        hold,
      ]),
    );
    const seen: string[] = [];
    const errors: string[] = [];
    const { result } = renderHook(() =>
      useEventSource('/market', {
        events: { price: Price, trade: Trade },
        history: 10,
        onMessage: (m) => seen.push(m.type === 'price' ? `price ${m.data.price}` : `trade ${m.data.size}`),
        onError: (e) => errors.push(e.message),
      }),
    );
    await waitFor(() => expect(seen).toEqual(['price 42', 'trade 100', 'price 44']));
    expect(errors).toEqual(['Invalid "trade" event: size: Invalid input: expected number, received undefined']);
    expect(result.current.history.map((m) => m.type)).toEqual(['price', 'trade', 'price']);
    const last = result.current.lastEvent;
    expect(last?.type === 'price' && last.data.price).toBe(44);
  });

  test('a map with a message key listens to unnamed events too, checked by that schema', async () => {
    server.use(
      scriptedStream('/with-message', [
        { data: { text: 'hello' } },
        { event: 'price', data: { symbol: 'ACME', price: 1 } },
        { data: { text: 'bye' } },
        hold,
      ]),
    );
    const seen: string[] = [];
    renderHook(() =>
      useEventSource('/with-message', {
        events: { message: z.object({ text: z.string() }), price: Price },
        onMessage: (m) => seen.push(m.type === 'message' ? m.data.text : m.data.symbol),
      }),
    );
    await waitFor(() => expect(seen).toEqual(['hello', 'ACME', 'bye']));
  });
});

/** A schema whose results the test releases: each validate() waits until `release(i)`, as a slow async check would. */
function heldSchema() {
  const calls: { value: unknown; resolve: (result: StandardSchemaV1.Result<unknown>) => void }[] = [];
  const schema: StandardSchemaV1<unknown, unknown> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => new Promise((resolve) => calls.push({ value, resolve })),
    },
  };
  const release = async (index: number) => {
    const call = calls[index];
    if (!call) throw new Error(`no validate call #${index}`);
    await act(async () => call.resolve({ value: call.value }));
  };
  return { schema, calls, release };
}

/** A hook on a fake EventSource, opened and announced; `emit` sends an event in its own task, as a network does. */
async function fakeStream(options: (fake: ReturnType<typeof fakeEventSourceClass>) => UseEventSourceOptions<unknown>) {
  const fake = fakeEventSourceClass();
  const seen: string[] = [];
  const hook = renderHook(
    ({ url }: { url: string }) =>
      useEventSource(url, {
        parse: 'text',
        commit: 'event',
        EventSource: fake.EventSource,
        onMessage: (m: SseMessage<unknown>) => seen.push(`${m.type} ${String(m.data)}`),
        ...options(fake),
      } as UseEventSourceOptions<unknown> & { parse: 'text' }),
    { initialProps: { url: '/stream' } },
  );
  await act(async () => {}); // the deferred open
  act(() => fake.latest().announce());
  const emit = (data: string, type?: string) => act(async () => fake.latest().emit(data, type ? { type } : {}));
  return { fake, hook, seen, emit };
}

describe('async schemas', () => {
  test('events wait behind an async check, sync ones too, so the order never changes', async () => {
    const slow = heldSchema();
    const { seen, emit } = await fakeStream(() => ({
      events: { slow: slow.schema, fast: z.string() },
    }));
    await emit('1', 'slow');
    await emit('2', 'fast'); // checked synchronously, but it came after 1
    await emit('3', 'slow');
    await emit('4', 'fast');
    expect(seen).toEqual([]);
    await slow.release(0);
    expect(seen).toEqual(['slow 1', 'fast 2']); // 3 is being checked: 4 waits behind it
    await emit('5', 'fast');
    await slow.release(1);
    expect(seen).toEqual(['slow 1', 'fast 2', 'slow 3', 'fast 4', 'fast 5']);
    await emit('6', 'fast'); // nothing pending: delivered at once
    expect(seen.at(-1)).toBe('fast 6');
  });

  test('results that come back out of order are still delivered in order (zod, async refinements)', async () => {
    const Delayed = z.string().refine(async (value) => {
      await new Promise((resolve) => setTimeout(resolve, value === 'first' ? 40 : 0));
      return value !== 'refused';
    }, 'refused by the server rule');
    const errors: SseError[] = [];
    const { seen, emit } = await fakeStream(() => ({ schema: Delayed, onError: (e: SseError) => errors.push(e) }));
    await emit('first');
    await emit('refused');
    await emit('second');
    await waitFor(() => expect(seen).toEqual(['message first', 'message second']));
    expect(errors.map((e) => e.message)).toEqual(['Invalid "message" event: refused by the server rule']);
  });

  test('an async schema that rejects is a parse error for that event, and the stream goes on', async () => {
    let calls = 0;
    const flaky: StandardSchemaV1<unknown, unknown> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: async (value) => {
          calls += 1;
          if (calls === 1) throw new Error('validator crashed');
          return { value };
        },
      },
    };
    const errors: SseError[] = [];
    const { seen, emit } = await fakeStream(() => ({ schema: flaky, onError: (e: SseError) => errors.push(e) }));
    await emit('a');
    await emit('b');
    await waitFor(() => expect(seen).toEqual(['message b']));
    expect(errors.map((e) => [e.kind, e.message])).toEqual([['parse', 'Invalid "message" event: validator crashed']]);
  });

  test('close() while a check is pending: its late result, and the events behind it, are never delivered', async () => {
    const held = heldSchema();
    const { hook, seen, emit } = await fakeStream(() => ({ schema: held.schema }));
    await emit('1');
    await emit('2');
    act(() => hook.result.current.close());
    await held.release(0);
    expect(seen).toEqual([]);
    expect(hook.result.current.data).toBeUndefined();
    expect(hook.result.current.status).toBe('closed');
  });

  test('a new url while a check is pending: the old stream stays silent, and the new one does not wait behind it', async () => {
    const held = heldSchema();
    const { fake, hook, seen, emit } = await fakeStream(() => ({ schema: held.schema }));
    await emit('old');
    hook.rerender({ url: '/other' });
    await act(async () => {}); // the deferred open
    act(() => fake.latest().announce());
    expect(fake.latest().url).toContain('/other');
    await emit('new');
    await held.release(1);
    expect(seen).toEqual(['message new']);
    await held.release(0); // the old stream's result, late
    expect(seen).toEqual(['message new']);
    expect(hook.result.current.data).toBe('new');
  });
});

describe('the message of a refused event', () => {
  const event = new MessageEvent('price', { data: '{}' });
  test.each([
    [[{ message: 'Required', path: ['items', 0, 'price'] }], 'Invalid "price" event: items.0.price: Required'],
    [[{ message: 'Required', path: [{ key: 'items' }, { key: 1 }] }], 'Invalid "price" event: items.1: Required'],
    [[{ message: 'Odd key', path: [Symbol('id')] }], 'Invalid "price" event: Symbol(id): Odd key'],
    [[{ message: 'Expected an object' }], 'Invalid "price" event: Expected an object'],
    [
      [
        { message: 'First', path: [] },
        { message: 'Second', path: ['b'] },
      ],
      'Invalid "price" event: First',
    ],
  ] as [StandardSchemaV1.Issue[], string][])('%j reads %j', (issues, message) => {
    const error = invalid(event, '{}', issues);
    expect(error.message).toBe(message);
    expect(error.issues).toBe(issues);
    expect([error.kind, error.raw, error.event]).toEqual(['parse', '{}', event]);
  });
});
