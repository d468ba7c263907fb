import type { StandardSchemaV1 } from '@standard-schema/spec';
import { SseError } from './errors';
import { EventSourceObserver } from './observer';
import type {
  AnyEventSourceConstructor,
  AnyToUnknown,
  EventSchemas,
  EventSchemasData,
  EventSchemasMessage,
  EventSourceConstructor,
  ParseFunction,
  ParseOption,
  SseMessage,
  TransportOptions,
  UseEventSourceOptions,
  UseEventSourceOptionsBase,
} from './types';

/**
 * The hook's options that only make sense for a component: `enabled` (stop with `break` or `signal`), `commit` and
 * `history` (every message is yielded), `onMessage` (the loop is where messages go), and a reducer's `reduce` and
 * `initial` (fold in the loop, or in TanStack Query's `reducer`).
 */
type ComponentOnly = 'enabled' | 'commit' | 'history' | 'onMessage' | 'reduce' | 'initial';

/** The options of {@link eventStream}, whatever the transport: the hook's, without those of a component. */
export type EventStreamOptionsBase<T = string, E extends AnyEventSourceConstructor = EventSourceConstructor> = Omit<
  UseEventSourceOptionsBase<T, E>,
  ComponentOnly
> & {
  /**
   * Ends the iteration when it aborts, quietly (as `break` does: no throw), and lets go of the connection. An already
   * aborted signal yields nothing and sends no request.
   * @defaultValue undefined
   */
  signal?: AbortSignal | undefined;
};

/**
 * Options of {@link eventStream}: the options of `useEventSource` (`parse`, `events`, `closeWhen`, `share`,
 * `reconnect`, `resume`, `heartbeatTimeout`, `headers`, `method`, `body`, `transport`, `onOpen`, `onError`, …) without
 * those of a component (`enabled`, `commit`, `history`, `onMessage`), plus `signal`.
 */
export type EventStreamOptions<
  T = string,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
> = EventStreamOptionsBase<T, E> & TransportOptions;

/**
 * Options of {@link eventStream} with a `schema` or an `events` map of schemas: `T` is what the schemas give, `M` the
 * message. `parse` runs before the schema and defaults to `'json'`.
 */
export type EventStreamSchemaOptions<
  T,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  M = SseMessage<T>,
> = Omit<UseEventSourceOptionsBase<T, E, undefined, M>, ComponentOnly | 'parse' | 'schema' | 'events'> &
  TransportOptions & {
    /** How `data` becomes the schema's input. @defaultValue 'json' */
    parse?: 'json' | 'text' | ParseFunction<unknown> | undefined;
    /** As in {@link EventStreamOptionsBase}. */
    signal?: AbortSignal | undefined;
  };

/** What {@link eventStream} returns: an async iterable (and iterator) of messages. */
type SseMessageStream<T, M = SseMessage<T>> = AsyncGenerator<M, void, undefined>;

/**
 * The messages of a Server-Sent Events stream as an `AsyncIterable`, over the same React-free core as
 * `useEventSource`, with its options. Give it to `for await`, or to TanStack Query's `experimental_streamedQuery`.
 *
 * - It connects on the first `next()` (the first turn of the loop) and yields every message, in order, parsed with
 *   `parse`; messages that arrive while the loop is busy wait for it, none is dropped.
 * - It yields the message that `closeWhen` matches, then ends (the connection is closed).
 * - A terminal failure (status `failed`: a 500, a wrong content type, `reconnect`'s attempts used up) throws the
 *   {@link SseError}, after the messages that came before it. A drop the browser reconnects from does not: the loop
 *   waits, and `onError` hears of it. A `204 No Content`, where the transport reports the status (the fetch transport,
 *   the `eventsource` package), is the server saying the stream is over: the loop ends.
 * - An event whose data `parse` rejects is skipped and the stream goes on, as in the hook: `onError` gets the `parse`
 *   error.
 * - `signal`'s abort ends the loop quietly, as `break` does. (An async generator queues a `return()` behind a `next()`
 *   that is waiting for an event: to stop a loop from outside while it waits, abort its signal.)
 * - When the loop stops (it ends, `break`, `return`, a throw in its body, the abort), its connection is let go: the
 *   server sees the client close it, unless a hook shares it (`share: true`), which keeps it open.
 * - A stream that joins a shared connection which has failed opens it again: a new loop is a new request.
 *
 * @example
 * for await (const message of eventStream<Price>('/api/prices', { parse: 'json', signal })) {
 *   console.log(message.data.symbol, message.data.price);
 * }
 */
// A schema: T is its output (every event checked; one it refuses is skipped, `onError` hears of it).
export function eventStream<
  Schema extends StandardSchemaV1,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
>(
  url: string | URL,
  options: EventStreamSchemaOptions<StandardSchemaV1.InferOutput<Schema>, E> & {
    schema: Schema;
    events?: readonly string[] | undefined;
  },
): SseMessageStream<StandardSchemaV1.InferOutput<Schema>>;
// A map of event types to schemas: the messages are a union discriminated by `type`.
export function eventStream<M extends EventSchemas, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options: EventStreamSchemaOptions<EventSchemasData<M>, E, EventSchemasMessage<M>> & { events: M; schema?: undefined },
): SseMessageStream<EventSchemasData<M>, EventSchemasMessage<M>>;
export function eventStream<T = unknown, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options: EventStreamOptions<T, E> & { parse: 'json' },
): SseMessageStream<T>;
// T is what the function returns; `any` (JSON.parse(raw)) is unknown.
export function eventStream<T, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options: Omit<EventStreamOptionsBase<AnyToUnknown<T>, E>, 'parse'> & TransportOptions & { parse: ParseFunction<T> },
): SseMessageStream<AnyToUnknown<T>>;
// JSON.parse itself, or any function of the data alone.
export function eventStream<T, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options: Omit<EventStreamOptionsBase<AnyToUnknown<T>, E>, 'parse'> & TransportOptions & { parse: (raw: string) => T },
): SseMessageStream<AnyToUnknown<T>>;
// Without parse (or with 'text') data is the string the server sent.
export function eventStream<T extends string = string, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options?: EventStreamOptions<T, E>,
): SseMessageStream<T>;
// A generic wrapper passes its parse along (ParseOption<T> allows 'text' only for a string T).
export function eventStream<T, E extends AnyEventSourceConstructor = EventSourceConstructor>(
  url: string | URL,
  options: EventStreamOptions<T, E> & { parse: ParseOption<T> },
): SseMessageStream<T>;
export async function* eventStream<T, E extends AnyEventSourceConstructor>(
  url: string | URL,
  options: EventStreamOptions<T, E> = {},
): SseMessageStream<T> {
  const { signal, ...rest } = options;
  if (signal?.aborted) return;
  // Every message, in the order the observer hands them to `onMessage` (never the frame's snapshot, which keeps only
  // the last), waiting here until the loop asks for it.
  let queue: SseMessage<T>[] = [];
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const observer = new EventSourceObserver<T>(String(url), {
    ...(rest as UseEventSourceOptions<T, AnyEventSourceConstructor>),
    onMessage: (message) => {
      queue.push(message);
      notify();
    },
  });
  // Subscribing connects (alone, or through the registry with `share`); every change of status is told at once.
  const unsubscribe = observer.subscribe(notify);
  signal?.addEventListener('abort', notify);
  try {
    // A shared connection that failed opens again: a new loop is a new request. (With share: 'tabs' the connection
    // may not be there yet; `open()` then opens it once attached, if it failed.)
    observer.open();
    while (!signal?.aborted) {
      if (queue.length > 0) {
        const batch = queue;
        queue = [];
        for (const message of batch) {
          yield message;
          if (signal?.aborted) return;
        }
        continue;
      }
      const { status, error } = observer.getSnapshot();
      // `closed`: `closeWhen` matched (its message was queued before the close).
      if (status === 'closed') return;
      if (status === 'failed' || status === 'unsupported') {
        if (error?.status === 204) return;
        throw error ?? new SseError('unsupported', 'EventSource is not supported in this environment');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    // The last subscriber leaving releases the connection (closed, unless a hook shares it).
    unsubscribe();
  }
}
