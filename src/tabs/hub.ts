import type { ConnectionListener, ConnectionState, EventHandler, SseConnectionConfig } from '../connection';
import type { EventStream } from '../stream';

/**
 * What a hook's observer uses of a connection. {@link SseConnection} has it, and so does {@link TabsHub}, the face
 * that a connection shared across tabs shows inside one tab.
 */
export interface SharedConnection {
  /** The last event id of the stream (the leader's, in a tab that follows). */
  readonly lastEventId: string;
  /** The current state; the same object until something changes. */
  getState(): ConnectionState;
  /** Listen to state changes, opens and errors. Returns its own unsubscribe. */
  subscribe(listener: ConnectionListener): () => void;
  /** Receive events of one type. Returns its own unsubscribe. */
  listen(type: string, handler: EventHandler): () => void;
  /** Open again after `failed`. */
  open(): void;
  /** Take a reference. The first one connects. */
  retain(): void;
  /** Drop a reference. The last one disconnects. */
  release(): void;
}

/** What a hub's driver (its membership in the tabs' group) does for it. */
export interface HubDriver {
  /** The event types this tab listens to changed. */
  types(): void;
  /** A hook asked to open again. */
  open(): void;
  /** No hook in this tab needs the stream any more. */
  leave(): void;
}

const IDLE: ConnectionState = { status: 'idle', readyState: 2, error: undefined, attempt: 0 };

/**
 * The class of a tab's hubs ({@link TabsHub}), over the main bundle's `EventStream`: this is the chunk of
 * `share: 'tabs'`, which imports nothing of the main bundle at run time, so its base class comes as an argument
 * (src/tabs/acquire.ts makes the class once).
 */
export const hubClass = (Stream: typeof EventStream): HubClass =>
  class Hub extends Stream implements TabsHub, SharedConnection {
    /** @internal Hooks of this tab that hold the hub. */
    _refs = 0;
    /** @internal */
    declare _driver: HubDriver | undefined;

    /** The absolute url. */
    declare readonly url: string;
    /** What tabs share by: `withCredentials`, the transport and the absolute url. */
    declare readonly key: string;
    /** @internal The connection options of the hook that created the hub in this tab. */
    declare readonly _config: SseConnectionConfig;
    /** @internal Makes the hub's driver: joins this tab to the tabs' group of `key`. */
    declare readonly _join: (hub: TabsHub) => HubDriver;

    constructor(url: string, key: string, config: SseConnectionConfig, join: (hub: TabsHub) => HubDriver) {
      super();
      this._state = IDLE;
      this.url = url;
      this.key = key;
      this._config = config;
      this._join = join;
    }

    /**
     * @internal The one way the driver changes what this tab shows: the state and the last event id. Subscribers hear
     * of it when either changed, and only then (a tab back from a freeze may have missed ids under an unchanged state,
     * and a hook reads the last id when it hears a state). Events record their id as they are delivered.
     */
    _update(state: ConnectionState, lastEventId: string): void {
      if (lastEventId === this.lastEventId) this._setState(state);
      else {
        this.lastEventId = lastEventId;
        this._state = state;
        this._notify((listener) => this._state === state && listener.state?.(state));
      }
    }

    /** @internal The leader listens to every event type that any tab's hooks listen to. */
    _types(): void {
      this._driver?.types();
    }

    /** Open again after `failed`: the leader does, whichever tab asks. */
    open(): void {
      this._driver?.open();
    }

    /** Take a reference. The first one in this tab joins the tabs' group, a microtask later. */
    retain(): void {
      if (++this._refs !== 1) return;
      // The wait settles a StrictMode mount/unmount/mount burst: only a hub still held joins, once.
      queueMicrotask(() => {
        if (this._refs > 0 && !this._driver) this._driver = this._join(this);
      });
    }

    /** Drop a reference. The last one in this tab leaves the group (a leader hands over first). */
    release(): void {
      if (this._refs === 0 || --this._refs > 0) return;
      this._driver?.leave();
      this._driver = undefined;
    }
  };

/**
 * One tab's view of a connection shared across tabs: the state, the last event id, the subscribers and the event
 * handlers of this tab's hooks. It holds no EventSource; its driver (src/tabs/driver.ts, a member of the tabs' group)
 * fills it in, from the EventSource it owns when this tab leads, or from the leader's relay when it follows.
 */
export interface TabsHub extends EventStream {
  /** @internal Hooks of this tab that hold the hub. */
  _refs: number;
  /** @internal */
  _driver: HubDriver | undefined;
  /** The absolute url. */
  readonly url: string;
  /** What tabs share by: `withCredentials`, the transport and the absolute url. */
  readonly key: string;
  /** @internal The connection options of the hook that created the hub in this tab. */
  readonly _config: SseConnectionConfig;
  /** @internal The one way the driver changes what this tab shows (see the class). */
  _update(state: ConnectionState, lastEventId: string): void;
  /** Open again after `failed`: the leader does, whichever tab asks. */
  open(): void;
  /** Take a reference. The first one in this tab joins the tabs' group. */
  retain(): void;
  /** Drop a reference. The last one in this tab leaves the group (a leader hands over first). */
  release(): void;
}

/** A tab's hub made for `key`, its driver made by `join` when the hub is first held. */
export type HubClass = new (
  url: string,
  key: string,
  config: SseConnectionConfig,
  join: (hub: TabsHub) => HubDriver,
) => TabsHub;
