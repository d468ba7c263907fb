import type { StandardSchemaV1 } from '@standard-schema/spec';
import { SseError } from './errors';
import type { EventSchemas } from './types';

/** What a schema's `validate` returns: its result, or a Promise of it (an async schema). */
export type Checked = StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;

/** The `events` option: a list of names, or a map of names to schemas. */
type Events = readonly string[] | EventSchemas | undefined;

/** The `events` map, or `undefined` for a list. (`Array.isArray` does not narrow a readonly array away.) */
const mapOf = (events: Events): EventSchemas | undefined =>
  Array.isArray(events) ? undefined : (events as EventSchemas | undefined);

/**
 * The event types a hook listens to: `message` and the named ones, or, with an `events` map, its keys and only those
 * (`message` too when the map has a `message` key), so every event delivered has a schema and a `type` of the union.
 */
export const eventTypes = (events: Events): readonly string[] =>
  mapOf(events) ? Object.keys(events as EventSchemas) : ['message', ...((events as readonly string[]) ?? [])];

/** The schema that checks events of `type`: the `schema` option, or the `events` map's. */
export const schemaFor = (
  options: { readonly schema?: StandardSchemaV1 | undefined; readonly events?: Events },
  type: string,
): StandardSchemaV1 | undefined => options.schema ?? mapOf(options.events)?.[type];

/**
 * The error of an event its schema refused, in words a person can read: the first issue's path and message
 * (`Invalid "price" event: symbol: Expected string, received number`). Every issue is in `issues`.
 */
export function invalid(event: MessageEvent<string>, raw: string, issues: readonly StandardSchemaV1.Issue[]): SseError {
  // (A schema that fails with no issue at all says "undefined".)
  const { message, path = [] } = issues[0] ?? ({} as StandardSchemaV1.Issue);
  // A segment is a key or `{ key }`; String() because a symbol key would throw in a template or a join.
  const where = path.map((segment) => String((segment as StandardSchemaV1.PathSegment).key ?? segment)).join('.');
  return new SseError('parse', `Invalid "${event.type}" event: ${where && `${where}: `}${message}`, {
    event,
    raw,
    issues,
  });
}
