import { SseConnection, type SseConnectionConfig } from './connection';
import { resolveEventSource } from './support';

const NO_CONSTRUCTOR = {};

/**
 * Ref-counted sharing of connections by key: the url, `withCredentials` and the EventSource constructor.
 * An entry lives while someone holds it and is dropped when the last holder releases it, so the
 * registry never needs a reset.
 */
export class ConnectionRegistry {
  private readonly byConstructor = new WeakMap<object, Map<string, SseConnection>>();

  /** The shared connection for this key, created on first use, with a reference taken. */
  acquire(url: string, config: SseConnectionConfig = {}): SseConnection {
    const entries = this.entries(config);
    const key = keyOf(url, config);
    let connection = entries.get(key);
    if (!connection) {
      connection = new SseConnection(url, config);
      entries.set(key, connection);
    }
    connection.retain();
    return connection;
  }

  /** Give back a reference; the last one closes the connection and forgets it. */
  release(connection: SseConnection, config: SseConnectionConfig = {}): void {
    connection.release();
    if (connection.refCount > 0) return;
    const entries = this.entries(config);
    const key = keyOf(connection.url, config);
    if (entries.get(key) === connection) entries.delete(key);
  }

  /** How many shared connections are alive for this constructor (for diagnostics and tests). */
  size(config: SseConnectionConfig = {}): number {
    return this.entries(config).size;
  }

  private entries(config: SseConnectionConfig): Map<string, SseConnection> {
    const ctor = resolveEventSource(config.EventSource) ?? NO_CONSTRUCTOR;
    let entries = this.byConstructor.get(ctor);
    if (!entries) {
      entries = new Map();
      this.byConstructor.set(ctor, entries);
    }
    return entries;
  }
}

const keyOf = (url: string, config: SseConnectionConfig): string => `${config.withCredentials ? 1 : 0} ${url}`;

/** The registry that `share: true` uses. */
export const sharedConnections = new ConnectionRegistry();
