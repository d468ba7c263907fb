import type { ConnectionState } from '../connection';
import type { SseError } from '../errors';
import type { TabsHub } from './hub';
import { type Item, sameError, type WireError, type WireState } from './protocol';

/**
 * A follower's view of the leader's connection, as it comes over the channel: it turns the wire's state and items
 * into this tab's hub state, notices and events, keeps an error the same object while the leader's is the same (so
 * a hook sees no change), and remembers how the leader it follows ended.
 */
export class View {
  /** The leader's state as it last came over the channel. */
  private _wire: WireState | undefined;
  /** When the leader's state last became `failed`. */
  private _failedAt = 0;
  /** The leader followed said goodbye: `undefined` before; then whether it failed just before (its teardown). */
  private _bye: boolean | undefined;

  private readonly _hub: TabsHub;
  private readonly _ErrorClass: typeof SseError;
  private readonly _now: () => number;
  private readonly _byeMs: number;

  /** The view of `hub`, rebuilding errors with `ErrorClass`, for goodbyes that come within `byeMs` of a failure. */
  constructor(hub: TabsHub, ErrorClass: typeof SseError, now: () => number, byeMs: number) {
    this._hub = hub;
    this._ErrorClass = ErrorClass;
    this._now = now;
    this._byeMs = byeMs;
  }

  /** Whether the leader followed said goodbye. */
  get ended(): boolean {
    return this._bye !== undefined;
  }

  /**
   * Whether the next leader opens the stream: a stream that failed for good stays failed through a handover (no tab
   * retries on its own; `open()` does), unless the failure came with the leader's goodbye. That was its teardown:
   * Chromium fails the EventSource of a frame that is removed, just before its `pagehide`.
   */
  get reopens(): boolean {
    return this._hub.getState().status !== 'failed' || this._bye === true;
  }

  /** Start over, from this tab's own state (it stops leading) or from nothing (it leaves the group). */
  reset(wire?: WireState): void {
    this._wire = wire;
    this._bye = undefined;
  }

  /** A leader of a new term: nothing heard of its goodbye yet. */
  newTerm(): void {
    this._bye = undefined;
  }

  /** The leader's state and last id: the hub's, told to its hooks when something changed. */
  state(wire: WireState, lastEventId: string): void {
    const previous = this._wire;
    this._wire = wire;
    if (wire.status === 'failed' && previous?.status !== 'failed') this._failedAt = this._now();
    const state: ConnectionState = {
      status: wire.status,
      readyState: wire.readyState,
      attempt: wire.attempt,
      error: wire.error && this._error(wire.error, previous?.error),
    };
    this._hub._update(state, lastEventId);
  }

  /** One thing that happened on the leader's connection. */
  apply(item: Item): void {
    const hub = this._hub;
    switch (item[0]) {
      case 's':
        this.state(item[1], hub.lastEventId);
        break;
      case 'o':
        hub._emit(new Event('open'));
        break;
      case 'x':
        hub._emit(this._error(item[1], this._wire?.error));
        break;
      case 'm': {
        const [, type, data, lastEventId, origin] = item;
        // A MessageEvent-like object, not a DOM MessageEvent: Chromium takes about 13 µs to construct one, which in
        // a flood is most of a follower's time. (An event no hook here wants leaves its id to the batch's end.)
        if (hub._handlers.has(type))
          hub._deliver(type, { type, data, lastEventId, origin } as MessageEvent, lastEventId);
        break;
      }
    }
  }

  /** The leader followed said goodbye, after relaying up to `lastEventId`. */
  bye(lastEventId: string): void {
    const state = this._hub.getState();
    this._bye = state.status === 'failed' && this._now() - this._failedAt < this._byeMs;
    this._hub._update(state, lastEventId);
  }

  /** The error of `wire`: the one the hub shows when the leader's is the same as `before`, else rebuilt. */
  private _error(wire: WireError, before: WireError | undefined): SseError {
    const shown = this._hub.getState().error;
    return shown && sameError(wire, before)
      ? shown
      : new this._ErrorClass(wire.kind, wire.message, { willReconnect: wire.willReconnect, status: wire.status });
  }
}
