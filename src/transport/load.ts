import { resolveEventSource } from '../support';
import type { AnyEventSourceConstructor, ConnectionOptions, EventSourceConstructor } from '../types';
import type { FetchEventSourceInit } from './types';

// The transport as the main bundle sees it: which one a set of options asks for, and the fetch transport's code,
// loaded on first use (a chunk of its own, as the tabs' code is) so an app that never sends headers does not pay for
// it. Nothing here is imported by the chunk.

type Options = Pick<ConnectionOptions<never>, 'transport' | 'headers' | 'method' | 'body'>;
type FetchSourceConstructor = EventSourceConstructor<FetchEventSourceInit>;

/** Whether these options ask for the fetch transport: `transport`, else whether `headers`, `method` or `body` is given. */
export const usesFetch = (options: Options): boolean =>
  (options.transport ?? (options.headers || options.method || options.body ? 'fetch' : 0)) === 'fetch';

/**
 * Whether the request may start work on the server: it has a body, or a method other than GET. Such a request is never
 * sent twice without the user's say-so (`resume` defaults to false) and never shared.
 */
export const startsWork = (options: Options): boolean =>
  options.body != null || !/^get$/i.test(options.method ?? 'GET');

// The loaded constructor, kept so that every connection after the first is made at once (no await per reconnect).
let loaded: FetchSourceConstructor | undefined;
let loading: Promise<FetchSourceConstructor> | undefined;

/**
 * The fetch transport's constructor when its chunk is loaded, else a promise of it (a failed load is tried again on the
 * next call).
 */
export const fetchSource = (): FetchSourceConstructor | Promise<FetchSourceConstructor> =>
  loaded ??
  (loading ??= import('./fetchSource').then(
    (module) => (loaded = module.FetchEventSource),
    (cause: unknown) => {
      loading = undefined;
      throw cause;
    },
  ));

/** Whether the transport these options ask for is here: `fetch`, or an EventSource (global or injected). */
export const isTransportSupported = (
  options: Options & Pick<ConnectionOptions<AnyEventSourceConstructor>, 'EventSource'>,
): boolean =>
  usesFetch(options) ? typeof fetch === 'function' : resolveEventSource(options.EventSource) !== undefined;

/**
 * `headers` as a function that reads them when each request starts, from where the hook keeps its latest options: a
 * new object (a refreshed token, say) is the one the next request sends, as a new callback is the one called.
 */
export const latestHeaders = (get: () => Options['headers']) => (): HeadersInit | Promise<HeadersInit> => {
  const headers = get();
  return (typeof headers === 'function' ? headers() : headers) ?? {};
};
