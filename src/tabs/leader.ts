import type { SseConnection } from '../connection';
import type { SseError } from '../errors';
import type { reportError } from '../report';
import type { TabsEnv } from './env';
import type { TabsHub } from './hub';
import { type Body, toWireError, toWireState } from './protocol';
import { relay } from './relay';
import type { Timing } from './timing';

/** What a member gets from the main bundle (the tabs chunk imports nothing of it at run time, see acquire.ts). */
export interface MemberDeps {
  /** The connection core, for the leader's connection. */
  _Connection: typeof SseConnection;
  /** To rebuild the leader's errors in a tab that follows. */
  _SseError: typeof SseError;
  /** Reports what a hook's handler throws without stopping the others. */
  _reportError: typeof reportError;
}

/** A leader's hold on the stream. */
export interface Leader {
  /** Open the connection; `resumed` (after a handover), it shows as `reconnecting` until it opens or fails. */
  _open(resumed: boolean): void;
  /** Listen to the union of the event types that this tab's hooks and the other tabs want. */
  _sync(): void;
  /** Say who leads and what the state is, with whatever is queued (to a new tab, a ping, a stale leader, a claim). */
  _announce(): void;
  /** Let go: what is queued goes out first, then the connection closes. */
  _close(): void;
}

/**
 * The leader of `epoch` for `hub`: a connection (not open yet) whose state, opens, errors and events it gives the
 * hub and relays with `post` to `peers` (the other tabs, with the event types they want). A handover is a
 * reconnect: the connection resumes from the last id this tab received, through `lastEventIdParam` (or from the
 * hook's own `lastEventId` when the stream had no id yet).
 */
export function lead(
  hub: TabsHub,
  deps: MemberDeps,
  env: Pick<TabsEnv, 'now' | 'soon'>,
  timing: Pick<Timing, 'batch' | 'batchMs'>,
  peers: ReadonlyMap<string, readonly string[]>,
  epoch: number,
  post: (body: Body) => void,
): Leader {
  /** The id of the last event relayed (queued before the hub delivers it, and so learns it). */
  let relayed = hub.lastEventId;
  /** Opened after a handover and not open yet. */
  let resumed = false;
  const listening = new Map<string, () => void>();
  const queue = relay(
    env,
    timing,
    () => peers.size > 0,
    (items) => post({ type: 'lead', epoch, lastEventId: relayed, state: toWireState(hub.getState()), items }),
  );
  const config = hub._config;
  const connection = new deps._Connection(hub.url, { ...config, lastEventId: hub.lastEventId || config.lastEventId });
  const unsubscribe = connection.subscribe({
    state(state) {
      const shown = resumed && state.status === 'connecting' ? { ...state, status: 'reconnecting' as const } : state;
      if (state.status === 'open' || state.status === 'failed') resumed = false;
      hub._update(shown, hub.lastEventId);
      queue._push(['s', toWireState(shown)]);
    },
    open(event) {
      hub._emit('open', event);
      queue._push(['o']);
    },
    error(error) {
      hub._emit('error', error);
      queue._push(['x', toWireError(error)]);
    },
  });
  const onEvent = (event: MessageEvent<string>, lastEventId: string): void => {
    // Relay before delivering: a hook here may close inside its handler (`closeWhen`, or `close()` in `onMessage`),
    // and if it was this tab's last, the leader steps down inside `_deliver`. The event is queued by then and goes
    // out with the last batch, before the goodbye: the next leader resumes after it, and no tab misses it.
    relayed = lastEventId;
    if (peers.size > 0) {
      const data = typeof event.data === 'string' ? event.data : String(event.data);
      queue._push(['m', event.type, data, lastEventId, event.origin]);
    }
    hub._deliver(event.type, event, lastEventId);
  };
  const self: Leader = {
    _open(after) {
      resumed = after;
      connection.open();
    },
    _sync() {
      const wanted = new Set(hub._handlers.keys());
      for (const types of peers.values()) for (const type of types) wanted.add(type);
      for (const [type, off] of listening)
        if (!wanted.has(type)) {
          off();
          listening.delete(type);
        }
      for (const type of wanted) if (!listening.has(type)) listening.set(type, connection.listen(type, onEvent));
    },
    _announce: () => queue._flush(true),
    _close() {
      queue._flush();
      unsubscribe();
      for (const off of listening.values()) off();
      listening.clear();
      connection.close();
    },
  };
  self._sync();
  return self;
}
