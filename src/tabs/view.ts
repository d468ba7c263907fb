import type { SseError } from '../errors';
import type { TabsHub } from './hub';
import { type Item, sameError, type WireError, type WireState, withError } from './protocol';

/** A follower's view of the leader's connection, as it comes over the channel. */
export interface View {
  /** Whether the leader followed said goodbye. */
  readonly _ended: boolean;
  /**
   * Whether the next leader opens the stream: a stream that failed for good stays failed through a handover (no tab
   * retries on its own; `open()` does), unless the failure came with the leader's goodbye. That was its teardown:
   * Chromium fails the EventSource of a frame that is removed, just before its `pagehide`.
   */
  readonly _reopens: boolean;
  /** Start over, from this tab's own state (it stops leading) or from nothing (it leaves the group). */
  _reset(wire?: WireState): void;
  /** A leader of a new term: nothing heard of its goodbye yet. */
  _newTerm(): void;
  /** The leader's state and last id: the hub's, told to its hooks when something changed. */
  _state(wire: WireState, lastEventId: string): void;
  /** One thing that happened on the leader's connection. */
  _apply(item: Item): void;
  /** The leader followed said goodbye, after relaying up to `lastEventId`. */
  _bye(lastEventId: string): void;
}

/**
 * The view of `hub`: it turns the wire's state and items into the hub's state, notices and events, keeps an error
 * the same object while the leader's is the same (so a hook sees no change), rebuilding the others with
 * `ErrorClass`, and remembers how the leader it follows ended (a goodbye within `byeMs` of a failure).
 */
export function view(hub: TabsHub, ErrorClass: typeof SseError, now: () => number, byeMs: number): View {
  /** The leader's state as it last came over the channel. */
  let wire: WireState | undefined;
  /** When the leader's state last became `failed`. */
  let failedAt = 0;
  /** The leader followed said goodbye: `undefined` before; then whether it failed just before (its teardown). */
  let bye: boolean | undefined;
  /** The error of `next`: the one the hub shows when the leader's is the same as `before`, else rebuilt. */
  const error = (next: WireError, before: WireError | undefined): SseError => {
    const shown = hub.getState().error;
    return shown && sameError(next, before)
      ? shown
      : new ErrorClass(next.kind, next.message, { willReconnect: next.willReconnect, status: next.status });
  };
  const self: View = {
    get _ended() {
      return bye !== undefined;
    },
    get _reopens() {
      return hub.getState().status !== 'failed' || bye === true;
    },
    _reset(from) {
      wire = from;
      bye = undefined;
    },
    _newTerm() {
      bye = undefined;
    },
    _state(next, lastEventId) {
      const previous = wire;
      wire = next;
      if (next.status === 'failed' && previous?.status !== 'failed') failedAt = now();
      hub._update(withError(next, next.error && error(next.error, previous?.error)), lastEventId);
    },
    _apply(item) {
      switch (item[0]) {
        case 's':
          self._state(item[1], hub.lastEventId);
          break;
        case 'o':
          hub._emit('open', new Event('open'));
          break;
        case 'x':
          hub._emit('error', error(item[1], wire?.error));
          break;
        case 'm': {
          const [, type, data, lastEventId, origin] = item;
          // A MessageEvent-like object, not a DOM MessageEvent: Chromium takes about 13 µs to construct one, which
          // in a flood is most of a follower's time. (An event no hook here wants leaves its id to the batch's end.)
          if (hub._handlers.has(type))
            hub._deliver(type, { type, data, lastEventId, origin } as MessageEvent<string>, lastEventId);
          break;
        }
      }
    },
    _bye(lastEventId) {
      const state = hub.getState();
      bye = state.status === 'failed' && now() - failedAt < byeMs;
      hub._update(state, lastEventId);
    },
  };
  return self;
}
