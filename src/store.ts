import { forEachReported } from './report';
import { shallowEqual } from './shallow';

/**
 * A snapshot and its subscribers: what the connection, a tab's hub, a hook's observer and a progress task have in
 * common (TanStack Query's `Subscribable`, with zustand's rule that nobody hears of a change that did not happen).
 * `subscribe` returns its own unsubscribe and has a stable identity, as `useSyncExternalStore` wants; a subclass hears
 * of each subscriber and of the last one leaving; a subscriber that throws is reported and never keeps the others from
 * hearing.
 */
export class Store<S extends object, L = () => void> {
  /** @internal The snapshot: the same object until something changed. Set by the subclass's constructor. */
  declare _state: S;
  /** @internal */
  readonly _listeners = new Set<L>();

  /** The current snapshot; the same object until something changed. Stable identity. */
  readonly getSnapshot = (): S => this._state;

  /** Add a subscriber. Returns its own unsubscribe. Stable identity. */
  readonly subscribe = (listener: L): (() => void) => {
    this._listeners.add(listener);
    this._subscribed();
    return () => {
      if (this._listeners.delete(listener) && this._listeners.size === 0) this._unsubscribed();
    };
  };

  /** @internal A subscriber came (the first, or one more). */
  protected _subscribed(): void {}

  /** @internal The last subscriber left. */
  protected _unsubscribed(): void {}

  /** @internal Calls every subscriber; one that throws is reported and never keeps the others from hearing. */
  _notify(call: (listener: L) => void): void {
    forEachReported(this._listeners, call);
  }

  /**
   * @internal `next` becomes the snapshot and `tell` is called for every subscriber, unless nothing changed (a shallow
   * comparison). A subscriber may set a newer snapshot from inside its callback (a task closes on `reconnecting`):
   * everyone has then heard of the newer one, and the rest of this loop must not follow it with the older one.
   */
  _set(next: S, tell: (listener: L) => void): void {
    if (shallowEqual(next, this._state)) return;
    this._state = next;
    this._notify((listener) => this._state === next && tell(listener));
  }
}

/** The `tell` of a store whose subscribers are plain callbacks, as `useSyncExternalStore`'s are. */
export const call = (listener: () => void): void => listener();
