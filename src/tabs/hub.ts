import type { ConnectionListener, ConnectionState, EventHandler, SseConnectionConfig } from '../connection';
import { SseError } from '../errors';
import { EventStream } from '../stream';

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

/** What a hub's driver (its membership in the tabs' group, loaded on first use) does for it. */
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
 * One tab's view of a connection shared across tabs: the state, the last event id, the subscribers and the event
 * handlers of this tab's hooks. It holds no EventSource; its driver (src/tabs/driver.ts, a member of the tabs' group) fills it in, from the
 * EventSource it owns when this tab leads, or from the leader's relay when it follows.
 */
export class TabsHub extends EventStream implements SharedConnection {
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
  declare private readonly _load: () => Promise<(hub: TabsHub) => HubDriver>;

  /**
   * @param load loads the driver (on first use, so an app that never shares across tabs never ships it); when it
   * cannot, the hub fails
   */
  constructor(url: string, key: string, config: SseConnectionConfig, load: () => Promise<(hub: TabsHub) => HubDriver>) {
    super();
    this._state = IDLE;
    this.url = url;
    this.key = key;
    this._config = config;
    this._load = load;
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
  protected _types(): void {
    this._driver?.types();
  }

  /** Open again after `failed`: the leader does, whichever tab asks. */
  open(): void {
    this._driver?.open();
  }

  /** Take a reference. The first one in this tab loads the driver and joins the tabs' group. */
  retain(): void {
    if (++this._refs !== 1) return;
    // The load also settles a StrictMode mount/unmount/mount burst: only a hub still held joins, once.
    this._load().then(
      (join) => {
        if (this._refs > 0 && !this._driver) this._driver = join(this);
      },
      (cause: unknown) =>
        this._setState({
          status: 'failed',
          error: new SseError('connection', "Could not load the code of share: 'tabs'", { cause }),
        }),
    );
  }

  /** Drop a reference. The last one in this tab leaves the group (a leader hands over first). */
  release(): void {
    if (this._refs === 0 || --this._refs > 0) return;
    this._driver?.leave();
    this._driver = undefined;
  }
}
