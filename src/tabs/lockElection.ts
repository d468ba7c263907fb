import type { Elected, Election, ElectionHost, LocksLike, Term } from './election';

/**
 * Election with Web Locks. Every tab that needs the key queues for one exclusive lock; the holder leads, and when
 * it lets go (its last hook unmounted, it stepped down on `pagehide` or `freeze`, its tab closed or crashed) the
 * next tab in the queue gets the lock at once. A leader that holds the lock but went silent (a hung or frozen tab
 * that got no `freeze` event) is replaced with `steal`. Of the followers that notice, only the one that gets a
 * second lock, named after the silent term, steals, so one silent leader is replaced once; the new leader holds
 * that second lock while it leads. [spec: Web Locks API, "request a lock"] A stolen lock's request rejects with an
 * `AbortError`, which is how a leader that wakes up learns it was replaced.
 */
export class LockElection implements Election {
  private _active = false;
  private _queued: AbortController | undefined;
  /** Lets go of the lock this tab holds. */
  private _held: (() => void) | undefined;
  private _heldSteal: (() => void) | undefined;

  private readonly _name: string;
  private readonly _locks: LocksLike;
  private readonly _host: ElectionHost;

  /** Elect with the lock `name` of `locks`, for `host`. */
  constructor(name: string, locks: LocksLike, host: ElectionHost) {
    this._name = name;
    this._locks = locks;
    this._host = host;
  }

  start(): void {
    this._active = true;
    this._queue();
  }

  stop(): void {
    this._active = false;
    this._queued?.abort();
    this._queued = undefined;
    this._letGo();
  }

  resign(): void {
    this._letGo();
    this._queue();
  }

  takeOver(term: Term | undefined): void {
    if (!this._active || this._held) return;
    const silent = term ? `${term.epoch} ${term.from}` : '?';
    this._request(`${this._name} steal ${silent}`, { ifAvailable: true }, (lock) => {
      if (!lock || !this._active || this._held) return undefined;
      return new Promise<void>((resolve) => {
        this._heldSteal = resolve;
        this._queued?.abort();
        this._queued = undefined;
        this._hold({ steal: true }, 'stolen');
      });
    });
  }

  hear(): void {}

  private _queue(): void {
    if (!this._active || this._queued || this._held) return;
    const controller = new AbortController();
    this._queued = controller;
    this._hold({ signal: controller.signal }, 'granted', controller);
  }

  /** Request the lock; while granted, this tab leads, until it lets go or the lock is stolen. */
  private _hold(options: { signal?: AbortSignal; steal?: boolean }, how: Elected, queued?: AbortController): void {
    let release: (() => void) | undefined;
    this._request(
      this._name,
      options,
      () => {
        if (queued && this._queued === queued) this._queued = undefined;
        if (!this._active || this._held) return undefined;
        return new Promise<void>((resolve) => {
          release = resolve;
          this._held = resolve;
          this._host.elected(how);
        });
      },
      () => {
        if (!release || this._held !== release) return;
        // Stolen while this tab held it.
        this._held = undefined;
        this._heldSteal?.();
        this._heldSteal = undefined;
        this._host.deposed();
        this._queue();
      },
    );
  }

  private _request(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    granted: (lock: unknown) => unknown,
    rejected?: () => void,
  ): void {
    const fail = (error: unknown): void => {
      // An opaque origin (a sandboxed frame) has `navigator.locks` but may not use it.
      if ((error as { name?: unknown } | undefined)?.name === 'SecurityError') this._host.noLocks();
      else rejected?.();
    };
    try {
      this._locks.request(name, options, granted).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  }

  private _letGo(): void {
    this._held?.();
    this._held = undefined;
    this._heldSteal?.();
    this._heldSteal = undefined;
  }
}
