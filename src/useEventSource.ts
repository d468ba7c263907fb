'use client';
import { useState, useSyncExternalStore } from 'react';
import { EventSourceObserver } from './observer';
import type { EventSourceResult, ParseOption, UseEventSourceOptions } from './types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Subscribe to a Server-Sent Events stream.
 *
 * Opens an EventSource for `url` while the component is mounted (one request, also under StrictMode), turns its
 * readyState and errors into a `status`, parses each event, and closes it on unmount. `null` or `undefined` as
 * `url` means "not connected" (status `idle`). Changing `url` closes the old connection before opening the new one;
 * changing a callback never reconnects.
 *
 * With `parse: 'json'` and no type argument, `data` is `unknown`; give `T` to say what the server sends. A `T` that
 * is not a string needs `parse: 'json'` or a parse function: without one, `data` would be a string at run time.
 *
 * @example
 * const { status, data } = useEventSource<Price>('/api/prices', { parse: 'json', events: ['price'] });
 */
export function useEventSource<T = unknown>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T> & { parse: 'json' },
): EventSourceResult<T>;
export function useEventSource<T>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T> & { parse: (raw: string, event: MessageEvent) => T },
): EventSourceResult<T>;
// Without parse (or with 'text') data is the string the server sent, so T can only be a string.
export function useEventSource<T extends string = string>(
  url: string | URL | null | undefined,
  options?: UseEventSourceOptions<T>,
): EventSourceResult<T>;
// A generic wrapper passes its parse along (ParseOption<T> allows 'text' only for a string T).
export function useEventSource<T>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T> & { parse: ParseOption<T> },
): EventSourceResult<T>;
export function useEventSource<T>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T> = {},
): EventSourceResult<T> {
  const key = url == null ? undefined : String(url);
  const [observer] = useState(() => new EventSourceObserver<T>(key, options));
  // Runs after every render: callbacks and `parse` are always the latest; a changed key reconnects.
  useIsomorphicLayoutEffect(() => {
    observer.setOptions(key, options);
  });
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
