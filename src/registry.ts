import { SseConnection, type SseConnectionConfig } from './connection';
import { resolveEventSource } from './support';
import { usesFetch } from './transport/load';

// Shared connections by EventSource constructor, then by `withCredentials` and url. An entry lives while someone
// holds it and is dropped when the last holder releases it, so nothing here ever needs a reset.
const shared = new WeakMap<object, Map<string, SseConnection>>();

const entries = (config: SseConnectionConfig): Map<string, SseConnection> => {
  const ctor = resolveEventSource(config.EventSource) ?? shared;
  let map = shared.get(ctor);
  if (!map) {
    map = new Map();
    shared.set(ctor, map);
  }
  return map;
};

/**
 * What hooks share a connection by, beside its EventSource constructor: `withCredentials`, the transport and the url. The
 * transport is part of it: a hook that asks for headers never gets another hook's EventSource. (The tabs' key too.)
 */
export const keyOf = (url: string, config: SseConnectionConfig): string =>
  `${+!!config.withCredentials}${+usesFetch(config)}${url}`;

/** A connection held by a hook, and the one way to give it back: the reference taken when it was acquired. */
export type Held<C> = readonly [connection: C, release: () => void];

/** A connection of the hook's own (`share` off), with a reference taken. */
export function acquireOwn(url: string, config: SseConnectionConfig): Held<SseConnection> {
  const connection = new SseConnection(url, config);
  connection.retain();
  return [connection, () => connection.release()];
}

/**
 * The shared connection for this url, `withCredentials`, constructor and transport, created on first use, with a
 * reference taken. The last one given back closes the connection and forgets it.
 */
export function acquireShared(url: string, config: SseConnectionConfig): Held<SseConnection> {
  const map = entries(config);
  const key = keyOf(url, config);
  const connection = map.get(key) ?? new SseConnection(url, config);
  map.set(key, connection);
  connection.retain();
  return [
    connection,
    () => {
      connection.release();
      if (connection.refCount === 0 && map.get(key) === connection) map.delete(key);
    },
  ];
}
