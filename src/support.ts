import type { EventSourceConstructor } from './types';

/**
 * The EventSource to use: the injected one, else the global one, else `undefined`.
 * Never throws, also on a server with no `window`.
 */
export function resolveEventSource(injected?: EventSourceConstructor): EventSourceConstructor | undefined {
  if (injected) return injected;
  const global = (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  return typeof global === 'function' ? global : undefined;
}

/** Whether this environment has an EventSource. Safe to call during server rendering (returns `false` there). */
export function isEventSourceSupported(): boolean {
  return resolveEventSource() !== undefined;
}
