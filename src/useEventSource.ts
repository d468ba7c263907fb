'use client';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { EventSourceObserver } from './observer';
import { useState, useSyncExternalStore } from './react';
import { track } from './tracked';
import type {
  AnyEventSourceConstructor,
  AnyToUnknown,
  EventSchemas,
  EventSchemasData,
  EventSchemasMessage,
  EventSourceConstructor,
  EventSourceResult,
  InjectedOptions,
  ParseFunction,
  ParseOption,
  ReduceOptions,
  SchemaOptions,
  TextUrl,
  TransportOptions,
  UseEventSourceOptions,
  UseEventSourceOptionsBase,
} from './types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Subscribe to a Server-Sent Events stream.
 *
 * Opens an EventSource for `url` while the component is mounted (one request, also under StrictMode), turns its
 * readyState and errors into a `status`, parses each event, and closes it on unmount. `null` or `undefined` as
 * `url` means "not connected" (status `idle`). Changing `url` closes the old connection before opening the new one;
 * changing a callback never reconnects.
 *
 * With `parse: 'json'` or `parse: JSON.parse` and no type argument, `data` is `unknown`; give `T` to say what the
 * server sends. A `T` that is not a string needs `parse`: without it, `data` would be a string at run time. With an
 * injected `EventSource`, `eventSourceInit` is checked against the options that constructor takes (give its type as
 * the second type argument, `useEventSource<Price, typeof EventSource>`, when you give `T`).
 *
 * With a `schema` (zod, valibot, any Standard Schema), `T` is the schema's output and every event is checked; with
 * `events` as a map of schemas, the messages are a union discriminated by `type`.
 *
 * @example
 * const { status, data } = useEventSource<Price>('/api/prices', { parse: 'json', events: ['price'] });
 * const { data: price } = useEventSource('/api/prices', { schema: Price }); // a zod schema: data is checked
 */
// A schema: T is its output, and parse defaults to 'json'.
export function useEventSource<
  Schema extends StandardSchemaV1,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  S = undefined,
>(
  url: string | URL | null | undefined,
  options: SchemaOptions<StandardSchemaV1.InferOutput<Schema>, E, S> & {
    schema: Schema;
    events?: readonly string[] | undefined;
  },
): EventSourceResult<StandardSchemaV1.InferOutput<Schema>, S>;
// A map of event types to schemas: the messages are a union discriminated by `type`.
export function useEventSource<
  M extends EventSchemas,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  S = undefined,
>(
  url: string | URL | null | undefined,
  options: SchemaOptions<EventSchemasData<M>, E, S, EventSchemasMessage<M>> & { events: M; schema?: undefined },
): EventSourceResult<EventSchemasData<M>, S, EventSchemasMessage<M>>;
export function useEventSource<
  T = unknown,
  E extends AnyEventSourceConstructor = EventSourceConstructor,
  S = undefined,
>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T, E, S> & { parse: 'json' },
): EventSourceResult<T, S>;
// T is what the function returns; `any` (JSON.parse(raw)) is unknown.
export function useEventSource<T, E extends AnyEventSourceConstructor = EventSourceConstructor, S = undefined>(
  url: string | URL | null | undefined,
  options: Omit<UseEventSourceOptionsBase<AnyToUnknown<T>, E, S>, 'parse'> &
    TransportOptions &
    ReduceOptions<S> & { parse: ParseFunction<T> },
): EventSourceResult<AnyToUnknown<T>, S>;
// JSON.parse itself (its second parameter is a reviver, not the event), or any function of the data alone.
export function useEventSource<T, E extends AnyEventSourceConstructor = EventSourceConstructor, S = undefined>(
  url: string | URL | null | undefined,
  options: Omit<UseEventSourceOptionsBase<AnyToUnknown<T>, E, S>, 'parse'> &
    TransportOptions &
    ReduceOptions<S> & { parse: (raw: string) => T },
): EventSourceResult<AnyToUnknown<T>, S>;
// Without parse (or with 'text') data is the string the server sent, so T can only be a string: for another T the
// url's type is the message that says so.
export function useEventSource<T = string, E extends AnyEventSourceConstructor = EventSourceConstructor, S = undefined>(
  url: TextUrl<T>,
  options?: UseEventSourceOptions<T, E, S>,
): EventSourceResult<T, S>;
// A type argument for data and an injected EventSource whose type, not given, cannot be inferred with it: that
// constructor's options are not known, so any are taken (give `typeof EventSource` as well to have them checked).
export function useEventSource<T = never>(
  url: string | URL | null | undefined,
  options: InjectedOptions<NoInfer<T>>,
): EventSourceResult<T>;
// A generic wrapper passes its parse along (ParseOption<T> allows 'text' only for a string T).
export function useEventSource<T, E extends AnyEventSourceConstructor = EventSourceConstructor, S = undefined>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T, E, S> & { parse: ParseOption<T> },
): EventSourceResult<T, S>;
export function useEventSource<T, E extends AnyEventSourceConstructor, S>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T, E, S> = {} as UseEventSourceOptions<T, E, S>,
): EventSourceResult<T, S> {
  const key = url == null ? undefined : String(url);
  const [[observer, tracked]] = useState(() => {
    const created = new EventSourceObserver<T, S>(key, options);
    return [created, track(created)] as const;
  });
  // Runs after every render: callbacks and `parse` are always the latest; a changed key reconnects. Reads of the
  // result after this no longer decide when the component renders (src/tracked.ts).
  useIsomorphicLayoutEffect(() => {
    tracked._stop();
    observer._setOptions(key, options);
  });
  return tracked._view(useSyncExternalStore(tracked._subscribe, observer.getSnapshot, observer._getServerSnapshot));
}
