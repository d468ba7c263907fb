import { resolveEventSource } from '../support';
import type {
  AnyEventSourceConstructor,
  ConnectionOptions,
  EventSourceConstructor,
  EventSourceInitLike,
} from '../types';

// The transport as the main bundle sees it: which one a set of options asks for, and the fetch transport's code,
// loaded on first use (a chunk of its own, as the tabs' code is) so an app that never sends headers does not pay for
// it. Nothing here is imported by the chunk.

type Options = Pick<ConnectionOptions<never>, 'transport' | 'headers' | 'method' | 'body'>;

/** Whether these options ask for the fetch transport: `transport`, else whether `headers`, `method` or `body` is given. */
export const usesFetch = (options: Options): boolean =>
  options.transport ? options.transport === 'fetch' : !!(options.headers || options.method || options.body);

/**
 * Whether the request may start work on the server: it has a body, or a method other than GET. Such a request is never
 * sent twice without the user's say-so (`resume` defaults to false) and never shared.
 */
export const startsWork = (options: Options): boolean =>
  options.body != null || !/^get$/i.test(options.method ?? 'GET');

/**
 * The fetch transport's constructor once its code is loaded (by {@link loadFetchSource}), so that every connection
 * after the first is made at once, with no wait per reconnect.
 */
export let fetchSource: EventSourceConstructor<EventSourceInitLike> | undefined;

/** Load the fetch transport's code, a chunk of its own, and set {@link fetchSource}. */
export const loadFetchSource = (): Promise<void> =>
  import('./fetchSource').then((module) => {
    fetchSource = module.FetchEventSource as EventSourceConstructor<EventSourceInitLike>;
  });

/**
 * Whether the transport these options ask for is here: an EventSource (global or injected), or `fetch`, which every
 * browser and Node >= 18 has.
 */
export const isTransportSupported = (
  options: Options & Pick<ConnectionOptions<AnyEventSourceConstructor>, 'EventSource'>,
): boolean => usesFetch(options) || resolveEventSource(options.EventSource) !== undefined;
