// The types of `schema` and of `events` as a map of schemas: run by `vitest --project types` (typecheck only).
import * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import {
  type EventSchemasMessage,
  type EventSourceResult,
  type SseError,
  type SseMessage,
  useEventSource,
} from '../../src';

const Price = z.object({ symbol: z.string(), price: z.number() });
const Trade = z.object({ symbol: z.string(), size: z.number().int() });
type Price = z.infer<typeof Price>;
type Trade = z.infer<typeof Trade>;

describe('schema', () => {
  test("T is the schema's output, zod or valibot", () => {
    const result = useEventSource('/prices', { schema: Price });
    expectTypeOf(result).toEqualTypeOf<EventSourceResult<Price>>();
    expectTypeOf(result.data).toEqualTypeOf<Price | undefined>();
    const fromValibot = useEventSource('/prices', { schema: v.object({ symbol: v.string(), price: v.number() }) });
    expectTypeOf(fromValibot.data).toEqualTypeOf<{ symbol: string; price: number } | undefined>();
    // an output that differs from the input: the output it is
    const dated = useEventSource('/events', { schema: z.object({ at: z.string().transform((s) => new Date(s)) }) });
    expectTypeOf(dated.data).toEqualTypeOf<{ at: Date } | undefined>();
  });

  test('the callbacks see the output; parse may return anything, for the schema to check', () => {
    useEventSource('/prices', {
      schema: Price,
      events: ['price'],
      parse: (raw) => JSON.parse(raw) as unknown,
      onMessage: (message) => expectTypeOf(message).toEqualTypeOf<SseMessage<Price>>(),
      closeWhen: (message) => message.data.price > 100,
      onError: (error) => expectTypeOf(error.issues).toEqualTypeOf<SseError['issues']>(),
    });
    useEventSource('/names', { schema: z.string().min(1), parse: 'text' });
  });

  test('a schema and a type argument that disagree do not compile', () => {
    // @ts-expect-error the schema gives a Price, not a Trade
    useEventSource<Trade>('/prices', { parse: 'json', schema: Price });
    // the same T: fine
    expectTypeOf(useEventSource<Price>('/prices', { parse: 'json', schema: Price }).data).toEqualTypeOf<
      Price | undefined
    >();
  });
});

describe('events as a map of schemas', () => {
  test('the messages are a union discriminated by type, and data the union of outputs', () => {
    const result = useEventSource('/market', { events: { price: Price, trade: Trade } });
    type Message = SseMessage<Price, 'price'> | SseMessage<Trade, 'trade'>;
    expectTypeOf(result.lastEvent).toEqualTypeOf<Message | undefined>();
    expectTypeOf(result.history).toEqualTypeOf<readonly Message[]>();
    expectTypeOf(result.data).toEqualTypeOf<Price | Trade | undefined>();
    expectTypeOf<EventSchemasMessage<{ price: typeof Price; trade: typeof Trade }>>().toEqualTypeOf<Message>();
  });

  test("m.type === 'price' narrows m.data, in onMessage, closeWhen and on the result", () => {
    const { lastEvent } = useEventSource('/market', {
      events: { price: Price, trade: Trade },
      onMessage: (m) => {
        if (m.type === 'price') expectTypeOf(m.data).toEqualTypeOf<Price>();
        else expectTypeOf(m.data).toEqualTypeOf<Trade>();
      },
      closeWhen: (m) => m.type === 'trade' && m.data.size > 1000,
    });
    if (lastEvent?.type === 'trade') expectTypeOf(lastEvent.data).toEqualTypeOf<Trade>();
    // @ts-expect-error not a type of the map
    useEventSource('/market', { events: { price: Price }, closeWhen: (m) => m.type === 'trade' });
  });

  test('a map with a schema beside it, or a value that is not a schema, does not compile', () => {
    // @ts-expect-error the map's schemas check their own events
    useEventSource('/market', { events: { price: Price }, schema: Trade });
    // @ts-expect-error not a schema
    useEventSource('/market', { events: { price: 'json' } });
  });

  test('the list form is as before', () => {
    expectTypeOf(useEventSource('/feed', { events: ['price'] }).data).toEqualTypeOf<string | undefined>();
    useEventSource('/feed', { events: ['price'], onMessage: (m) => expectTypeOf(m.type).toEqualTypeOf<string>() });
  });
});

describe('schemas with reduce', () => {
  test("reduce gets the schema's output, or the map's message union, and state has initial's type", () => {
    const Tick = z.object({ symbol: z.string(), price: z.number() });
    const prices = useEventSource('/a', {
      schema: Tick,
      initial: {} as Record<string, number>,
      reduce: (state, m) => {
        expectTypeOf(m.data).toEqualTypeOf<{ symbol: string; price: number }>();
        return { ...state, [m.data.symbol]: m.data.price };
      },
    });
    expectTypeOf(prices.state).toEqualTypeOf<Record<string, number>>();
    const total = useEventSource('/a', {
      events: { tick: Tick, reset: z.object({ at: z.number() }) },
      initial: 0,
      reduce: (sum, m) => (m.type === 'tick' ? sum + m.data.price : 0),
    });
    expectTypeOf(total.state).toEqualTypeOf<number>();
    expectTypeOf(total.lastEvent).toEqualTypeOf<
      SseMessage<{ symbol: string; price: number }, 'tick'> | SseMessage<{ at: number }, 'reset'> | undefined
    >();
  });
});
