import type { Elected, Election, ElectionHost, LocksLike, Term } from './election';

type LockOptions = Parameters<LocksLike['request']>[1];

/**
 * Election with Web Locks. Every tab that needs the key queues for one exclusive lock; the holder leads, and when
 * it lets go (its last hook unmounted, it stepped down on `pagehide` or `freeze`, its tab closed or crashed) the
 * next tab in the queue gets the lock at once. A leader that holds the lock but went silent (a hung or frozen tab
 * that got no `freeze` event) is replaced with `steal`. Of the followers that notice, only the one that gets a
 * second lock, named after the silent term, steals, so one silent leader is replaced once; the new leader holds
 * that second lock while it leads. [spec: Web Locks API, "request a lock"] A stolen lock's request rejects with an
 * `AbortError`, which is how a leader that wakes up learns it was replaced.
 *
 * Elects with the lock `name` of `locks`, for `host`.
 */
export function lockElection(name: string, locks: LocksLike, host: ElectionHost): Election {
  let active = false;
  let queued: AbortController | undefined;
  /** Lets go of the lock this tab holds. */
  let held: (() => void) | undefined;
  /** Lets go of the second lock, held after a steal. */
  let heldSteal: (() => void) | undefined;

  const request = (
    lockName: string,
    options: LockOptions,
    granted: (lock: unknown) => unknown,
    rejected?: () => void,
  ): void => {
    const fail = (error: unknown): void => {
      // An opaque origin (a sandboxed frame) has `navigator.locks` but may not use it.
      if ((error as { name?: unknown } | undefined)?.name === 'SecurityError') host._noLocks(self);
      else rejected?.();
    };
    try {
      locks.request(lockName, options, granted).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };

  const unqueue = (): void => {
    queued?.abort();
    queued = undefined;
  };

  const letGo = (): void => {
    held?.();
    held = undefined;
    heldSteal?.();
    heldSteal = undefined;
  };

  /** Request the lock; while granted, this tab leads, until it lets go or the lock is stolen. */
  const hold = (options: LockOptions, how: Elected, controller?: AbortController): void => {
    let release: (() => void) | undefined;
    request(
      name,
      options,
      () => {
        if (controller && queued === controller) queued = undefined;
        if (!active || held) return undefined;
        return new Promise<void>((resolve) => {
          release = held = resolve;
          host._elected(how);
        });
      },
      () => {
        if (!release || held !== release) return;
        // Stolen while this tab held it.
        held = undefined;
        letGo();
        host._deposed();
        queue();
      },
    );
  };

  const queue = (): void => {
    if (!active || queued || held) return;
    queued = new AbortController();
    hold({ signal: queued.signal }, 'granted', queued);
  };

  const self: Election = {
    _start() {
      active = true;
      queue();
    },
    _stop() {
      active = false;
      unqueue();
      letGo();
    },
    _resign() {
      letGo();
      queue();
    },
    _takeOver(term: Term | undefined) {
      if (!active || held) return;
      request(`${name} steal ${term ? `${term.epoch} ${term.from}` : '?'}`, { ifAvailable: true }, (lock) => {
        if (!lock || !active || held) return undefined;
        return new Promise<void>((resolve) => {
          heldSteal = resolve;
          unqueue();
          hold({ steal: true }, 'stolen');
        });
      });
    },
    _hear() {},
  };
  return self;
}
