import type { ParseFunction, ParseOption } from './types';

// One function each, made once: the parser is looked up for every event, so it must not allocate.
const json = (raw: string): unknown => JSON.parse(raw);
const text = (raw: string): string => raw;

/** Turns the `parse` option into a function from raw data to `T`. */
export function resolveParser<T>(parse: ParseOption<T> | undefined): ParseFunction<T> {
  if (typeof parse === 'function') return parse;
  return (parse === 'json' ? json : text) as (raw: string) => T;
}
