// eventStream's types, pinned: the message type follows `parse` as the hook's data does, no `any` reaches `data`, and
// the options are the hook's without those of a component, plus `signal`.
import { describe, expectTypeOf, test } from 'vitest';
import { type EventStreamOptions, eventStream, type SseMessage } from '../../src';

type Price = { symbol: string; price: number };
type Item<I> = I extends AsyncIterable<infer M> ? M : never;

describe('eventStream', () => {
  test('without parse, data is the string the server sent', () => {
    const stream = eventStream('/a');
    expectTypeOf<Item<typeof stream>>().toEqualTypeOf<SseMessage<string>>();
    expectTypeOf(stream).toExtend<AsyncIterable<SseMessage<string>>>();
  });

  test("parse: 'json' is unknown without a type argument, T with one", () => {
    const untyped = eventStream('/a', { parse: 'json' });
    expectTypeOf<Item<typeof untyped>>().toEqualTypeOf<SseMessage<unknown>>();
    const typed = eventStream<Price>('/a', { parse: 'json', closeWhen: (m) => m.data.price > 10 });
    expectTypeOf<Item<typeof typed>>().toEqualTypeOf<SseMessage<Price>>();
  });

  test('a parse function gives its return type; JSON.parse gives unknown', () => {
    const numbers = eventStream('/a', { parse: (raw) => Number(raw) });
    expectTypeOf<Item<typeof numbers>>().toEqualTypeOf<SseMessage<number>>();
    const parsed = eventStream('/a', { parse: JSON.parse });
    expectTypeOf<Item<typeof parsed>>().toEqualTypeOf<SseMessage<unknown>>();
  });

  test('a T that is not a string needs parse', () => {
    // @ts-expect-error: without parse, data is a string
    eventStream<Price>('/a');
  });

  test("the hook's options and signal; not those of a component", () => {
    eventStream('/a', {
      signal: new AbortController().signal,
      share: true,
      events: ['price'],
      reconnect: { attempts: 3 },
      resume: false,
      heartbeatTimeout: 30_000,
      headers: { Authorization: 'Bearer x' },
      method: 'POST',
      body: '{}',
      onError: (error) =>
        expectTypeOf(error.kind).toEqualTypeOf<'unsupported' | 'connection' | 'parse' | 'retries-exhausted'>(),
    });
    // @ts-expect-error: `enabled` is a component's; stop with break or signal
    eventStream('/a', { enabled: false });
    // @ts-expect-error: `onMessage` is a component's; the loop gets every message
    eventStream('/a', { onMessage: () => {} });
    // @ts-expect-error: headers need the fetch transport
    eventStream('/a', { transport: 'eventsource', headers: {} });
    expectTypeOf<EventStreamOptions<Price>['signal']>().toEqualTypeOf<AbortSignal | undefined>();
  });
});

describe('eventStream with schemas', () => {
  test('a schema gives its output; an events map a union narrowed by type', async () => {
    const { z } = await import('zod');
    const Price = z.object({ symbol: z.string(), price: z.number() });
    const checked = eventStream('/a', { schema: Price });
    expectTypeOf<Item<typeof checked>>().toEqualTypeOf<SseMessage<{ symbol: string; price: number }>>();
    const mapped = eventStream('/a', { events: { price: Price, done: z.object({ total: z.number() }) } });
    for await (const message of mapped) {
      if (message.type === 'price') expectTypeOf(message.data).toEqualTypeOf<{ symbol: string; price: number }>();
      else expectTypeOf(message.data).toEqualTypeOf<{ total: number }>();
    }
  });
});
