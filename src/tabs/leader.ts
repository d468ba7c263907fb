import type { ConnectionState, SseConnection } from '../connection';
import type { SseError } from '../errors';
import type { reportError } from '../report';
import type { TabsEnv } from './env';
import type { TabsHub } from './hub';
import { type Body, toWireError, toWireState } from './protocol';
import { Relay } from './relay';
import type { Timing } from './timing';

/** What a member gets from the main bundle (the tabs chunk imports nothing of it at run time, see acquire.ts). */
export interface MemberDeps {
  /** The connection core, for the leader's connection. */
  Connection: typeof SseConnection;
  /** To rebuild the leader's errors in a tab that follows. */
  SseError: typeof SseError;
  /** Reports what a hook's handler throws without stopping the others. */
  reportError: typeof reportError;
}

/**
 * A leader's hold on the stream: its connection, whose state, opens, errors and events it gives this tab's hub and
 * queues on the relay for the other tabs, listening to the event types that any tab's hooks want.
 */
export class Leader {
  private readonly _connection: SseConnection;
  private readonly _unsubscribe: () => void;
  private readonly _listening = new Map<string, () => void>();
  private readonly _relay: Relay;
  /** Opened after a handover and not open yet: to every tab, the new connection is a reconnect. */
  private _resumed = false;
  /** The id of the last event relayed (queued before the hub delivers it, and so learns it). */
  private _relayedId: string;

  private readonly _hub: TabsHub;
  private readonly _peers: ReadonlyMap<string, readonly string[]>;

  /**
   * A connection for `hub` (not open yet), for the leader of `epoch`, relaying with `post` to `peers` (the other
   * tabs, with the event types they want). A handover is a reconnect: it resumes from the last id this tab
   * received, through `lastEventIdParam` (or from the hook's own `lastEventId` when the stream had no id yet).
   */
  constructor(
    hub: TabsHub,
    deps: MemberDeps,
    env: Pick<TabsEnv, 'now' | 'soon'>,
    timing: Pick<Timing, 'batch' | 'batchMs'>,
    peers: ReadonlyMap<string, readonly string[]>,
    epoch: number,
    post: (body: Body) => void,
  ) {
    this._hub = hub;
    this._peers = peers;
    this._relayedId = hub.lastEventId;
    const relay = new Relay(
      env,
      timing,
      () => peers.size > 0,
      (items) =>
        post({
          type: 'lead',
          epoch,
          lastEventId: this._relayedId,
          state: toWireState(hub.getState()),
          items,
        }),
    );
    this._relay = relay;
    const config = hub._config;
    const connection = new deps.Connection(hub.url, { ...config, lastEventId: hub.lastEventId || config.lastEventId });
    this._connection = connection;
    this._unsubscribe = connection.subscribe({
      state: (state) => this._state(state),
      open: (event) => {
        hub._emit(event);
        relay.push(['o']);
      },
      error: (error) => {
        hub._emit(error);
        relay.push(['x', toWireError(error)]);
      },
    });
    this.sync();
  }

  /** Open the connection; `resumed`, it shows as `reconnecting` until it opens (or fails). */
  open(resumed: boolean): void {
    this._resumed = resumed;
    this._connection.open();
  }

  /** Listen to the union of the event types that this tab's hooks and the other tabs want. */
  sync(): void {
    const wanted = new Set(this._hub._handlers.keys());
    for (const types of this._peers.values()) for (const type of types) wanted.add(type);
    for (const [type, off] of this._listening)
      if (!wanted.has(type)) {
        off();
        this._listening.delete(type);
      }
    for (const type of wanted)
      if (!this._listening.has(type)) this._listening.set(type, this._connection.listen(type, this._event));
  }

  /** Say who leads and what the state is, with whatever is queued (to a new tab, a ping, a stale leader, a claim). */
  announce(): void {
    this._relay.flush(true);
  }

  /** Let go: what is queued goes out first, then the connection closes. */
  close(): void {
    this._relay.flush();
    this._unsubscribe();
    for (const off of this._listening.values()) off();
    this._listening.clear();
    this._connection.close();
  }

  private _state(state: ConnectionState): void {
    const shown =
      this._resumed && state.status === 'connecting' ? { ...state, status: 'reconnecting' as const } : state;
    if (state.status === 'open' || state.status === 'failed') this._resumed = false;
    this._hub._update(shown, this._hub.lastEventId);
    this._relay.push(['s', toWireState(shown)]);
  }

  private readonly _event = (event: MessageEvent, lastEventId: string): void => {
    // Relay before delivering: a hook here may close inside its handler (`closeWhen`, or `close()` in `onMessage`),
    // and if it was this tab's last, the leader steps down inside `_deliver`. The event is queued by then, and goes
    // out with the last batch, before the goodbye: the next leader resumes after it, and no tab misses it.
    this._relayedId = lastEventId;
    if (this._peers.size > 0) {
      const data = typeof event.data === 'string' ? event.data : String(event.data);
      this._relay.push(['m', event.type, data, lastEventId, event.origin]);
    }
    this._hub._deliver(event.type, event, lastEventId);
  };
}
