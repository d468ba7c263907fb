'use client';
import { useState, useSyncExternalStore } from 'react';
import { EventSourceObserver } from './observer';
import type { EventSourceResult, UseEventSourceOptions } from './types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/**
 * Subscribe to a Server-Sent Events stream.
 *
 * Opens an EventSource for `url` while the component is mounted (one request, also under StrictMode), turns its
 * readyState and errors into a `status`, parses each event, and closes it on unmount. `null` or `undefined` as
 * `url` means "not connected" (status `idle`). Changing `url` closes the old connection before opening the new one;
 * changing a callback never reconnects.
 *
 * With `parse: 'json'` and no type argument, `data` is `unknown`; give `T` to say what the server sends.
 *
 * @example
 * const { status, data } = useEventSource<Price>('/api/prices', { parse: 'json', events: ['price'] });
 */
export function useEventSource<T = unknown>(
  url: string | URL | null | undefined,
  options: UseEventSourceOptions<T> & { parse: 'json' },
): EventSourceResult<T>;
export function useEventSource<T = string>(
  url: string | URL | null | undefined,
  options?: UseEventSourceOptions<T>,
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
