import type { SseError } from './errors';
import { reportError } from './report';
import { Store } from './store';
import type { ReadyState, SseStatus } from './types';

/** The state of one connection. A new object whenever a field changes. */
export interface ConnectionState {
  readonly status: SseStatus;
  readonly readyState: ReadyState;
  readonly error: SseError | undefined;
  /** Library retries used since the connection last opened. */
  readonly attempt: number;
}

/** What a subscriber hears from a connection. */
export interface ConnectionListener {
  state?(state: ConnectionState): void;
  open?(event: Event): void;
  error?(error: SseError): void;
}

/**
 * A handler for one event type: the event (its `data` is the string the server sent) and the persisted last event id
 * (spec: "last event ID string").
 */
export type EventHandler = (event: MessageEvent<string>, lastEventId: string) => void;

/**
 * What one event stream shows its hooks, whoever holds the EventSource: the connection state, the last event id, the
 * subscribers, and the event handlers by type. {@link SseConnection} holds an EventSource; a tab's hub (share: 'tabs')
 * gets the same from the tab that leads.
 */
export abstract class EventStream extends Store<ConnectionState, ConnectionListener> {
  /** The last event id of the stream. */
  lastEventId = '';
  /** @internal The handlers of this tab's hooks, by event type. */
  readonly _handlers = new Map<string, Set<EventHandler>>();

  /** The current state; the same object until something changes. */
  getState(): ConnectionState {
    return this._state;
  }

  /** Receive events of one type (`message` or a named event). Returns its own unsubscribe. */
  listen(type: string, handler: EventHandler): () => void {
    let set = this._handlers.get(type);
    if (!set) {
      set = new Set();
      this._handlers.set(type, set);
      this._types(type, true);
    }
    set.add(handler);
    return () => {
      if (!set.delete(handler) || set.size > 0) return;
      this._handlers.delete(type);
      this._types(type, false);
    };
  }

  /** @internal An event type got its first handler (`added`), or lost its last. */
  protected abstract _types(type: string, added: boolean): void;

  /** @internal A new state from `patch`, told to every subscriber when something changed. */
  _setState(patch: Partial<ConnectionState>): void {
    const next = { ...this._state, ...patch };
    this._set(next, (listener) => listener.state?.(next));
  }

  /** @internal Tells the subscribers of an `open`, or of an error for `onError`: notices, not state. */
  _emit<K extends 'open' | 'error'>(kind: K, notice: Parameters<Required<ConnectionListener>[K]>[0]): void {
    this._notify((listener) => listener[kind]?.(notice as Event & SseError));
  }

  /**
   * @internal Hands an event to the handlers of its type; one that throws is reported and never keeps the others from
   * hearing. (`forEachReported`, written out: this runs for every event, and a callback per call would allocate.)
   */
  _deliver(type: string, event: MessageEvent<string>, lastEventId: string): void {
    // The stream's last event id is that of the event it delivers last (how a tab's hub learns it from the leader).
    this.lastEventId = lastEventId;
    const handlers = this._handlers.get(type);
    if (!handlers) return;
    for (const handler of handlers) {
      try {
        handler(event, lastEventId);
      } catch (error) {
        reportError(error);
      }
    }
  }
}
