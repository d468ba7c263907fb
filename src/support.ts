import type { AnyEventSourceConstructor, EventSourceConstructor, EventSourceInitLike } from './types';

/**
 * The EventSource to use: the injected one, else the global one, else `undefined`.
 * Never throws, also on a server with no `window`.
 */
export function resolveEventSource(
  injected?: AnyEventSourceConstructor,
): EventSourceConstructor<EventSourceInitLike> | undefined {
  // The library passes each constructor the options it was given for it (the hooks check them against its type).
  if (injected) return injected as EventSourceConstructor<EventSourceInitLike>;
  const global = (globalThis as { EventSource?: EventSourceConstructor<EventSourceInitLike> }).EventSource;
  return typeof global === 'function' ? global : undefined;
}

/** Whether this environment has an EventSource. Safe to call during server rendering (returns `false` there). */
export function isEventSourceSupported(): boolean {
  return resolveEventSource() !== undefined;
}
