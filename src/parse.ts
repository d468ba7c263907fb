import type { ParseOption } from './types';

/** Turns the `parse` option into a function from raw data to `T`. */
export function resolveParser<T>(parse: ParseOption<T> | undefined): (raw: string, event: MessageEvent) => T {
  if (typeof parse === 'function') return parse;
  if (parse === 'json') return (raw) => JSON.parse(raw) as T;
  return (raw) => raw as T;
}
