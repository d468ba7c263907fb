import type { Body, Message } from './protocol';

/** A leader's term: the epoch it took over at (a time in ms, or one more than the last epoch known) and its tab id. */
export interface Term {
  /** The epoch. */
  readonly e: number;
  /** The leader's tab id. */
  readonly from: string;
}

/** Orders terms: the later epoch wins, then the greater tab id. Every tab decides the same way, without a vote. */
export const compareTerms = (a: Term, b: Term): number => a.e - b.e || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/**
 * How this tab became leader: its queued lock request was `granted`, it `stole` the lock of a silent leader, it
 * `claimed` the lead without Web Locks and nobody objected, or the leader that stepped down `named` it.
 */
export type Elected = 'granted' | 'stolen' | 'claimed' | 'named';

/** What an election needs from the tab it runs for. */
export interface ElectionHost {
  /** This tab's id. */
  readonly id: string;
  /** The latest epoch this tab knows of. */
  latestEpoch(): number;
  /** This tab won. */
  elected(how: Elected): void;
  /** This tab lost the lead it held: its lock was stolen. */
  deposed(): void;
  /** Web Locks turned out to be unusable here (an opaque origin): run the election over the channel instead. */
  noLocks(): void;
  /** Post on the channel. */
  post(body: Body): void;
}

/** The part of `navigator.locks` an election uses. */
export interface LocksLike {
  request(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** Timers, injectable for tests. */
export interface ElectionTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
  random(): number;
}

/** How one tab takes part in choosing the leader of a key. */
export interface Election {
  /** Become a candidate. */
  start(): void;
  /** Stop being a candidate, and give up the lead if this tab holds it. */
  stop(): void;
  /** Give up the lead (a newer leader appeared) but stay a candidate. */
  resign(): void;
  /** The leader of `term` (or an unknown lock holder) went silent: try to take over. */
  takeOver(term: Term | undefined): void;
  /** A message on the channel. */
  hear(message: Message): void;
}

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
    const silent = term ? `${term.e} ${term.from}` : '?';
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

/** Timing of the election over the channel, in ms. */
export interface ChannelTiming {
  /** How long a joining tab listens for a leader before it claims. */
  readonly discover: number;
  /** How long a claim stands before the claimant leads, so that competing claims can meet. */
  readonly claim: number;
  /** How long without a leader's word makes a tab claim (after a claim or a handover that came to nothing). */
  readonly silence: number;
}

/**
 * Election without Web Locks (an insecure context, such as a plain-http host), over the channel itself. A tab that
 * joins listens for a leader for `discover` ms; hearing none, it claims the lead, and leads if no better claim
 * (see {@link compareTerms}) and no leader speaks within `claim` ms. A leader that steps down names its successor
 * (the tab that said hello first), which leads at once; if the successor never speaks, or a leader goes silent
 * (the member notices, see member.ts), the others claim again. Two leaders can meet, say after a frozen one wakes
 * up: the older term steps down when it hears the newer one.
 */
export class ChannelElection implements Election {
  private _phase: 'idle' | 'waiting' | 'claiming' | 'following' | 'leading' = 'idle';
  private _claim: Term | undefined;
  private _timer: unknown;

  private readonly _host: ElectionHost;
  private readonly _timers: ElectionTimers;
  private readonly _timing: ChannelTiming;

  /** Elect for `host` over its channel. */
  constructor(host: ElectionHost, timers: ElectionTimers, timing: ChannelTiming) {
    this._host = host;
    this._timers = timers;
    this._timing = timing;
  }

  start(): void {
    this._phase = 'waiting';
    this._later(this._timing.discover);
  }

  stop(): void {
    this._phase = 'idle';
    this._later(undefined);
  }

  resign(): void {
    if (this._phase === 'leading') this._phase = 'following';
  }

  takeOver(): void {
    if (this._phase === 'waiting' || this._phase === 'following') this._claimNow();
  }

  hear(message: Message): void {
    if (this._phase === 'idle' || this._phase === 'leading') return;
    if (message.t === 'lead') {
      // A leader speaks: follow it; the member watches whether it stays alive.
      this._phase = 'following';
      this._later(undefined);
    } else if (message.t === 'claim') {
      if (
        this._phase === 'claiming' &&
        this._claim &&
        compareTerms({ e: message.e, from: message.from }, this._claim) < 0
      )
        return; // this tab's claim wins; the other claimant heard it too and backs off
      this._phase = 'following';
      this._later(this._timing.silence);
    } else if (message.t === 'bye') {
      if (message.next === this._host.id) {
        this._phase = 'leading';
        this._later(undefined);
        this._host.elected('named');
      } else {
        this._phase = 'following';
        // A successor was named: give it time to speak. None (the leader knew of no other tab): claim soon, at a
        // random moment, so that the tabs left do not all claim at once.
        this._later(message.next ? this._timing.silence : this._timers.random() * this._timing.claim);
      }
    }
  }

  private _claimNow(): void {
    this._phase = 'claiming';
    const claim = { e: Math.max(this._timers.now(), this._host.latestEpoch() + 1), from: this._host.id };
    this._claim = claim;
    this._host.post({ t: 'claim', e: claim.e });
    this._timers.clearTimeout(this._timer);
    this._timer = this._timers.setTimeout(() => {
      this._timer = undefined;
      if (this._phase !== 'claiming' || this._claim !== claim) return;
      this._phase = 'leading';
      this._host.elected('claimed');
    }, this._timing.claim);
  }

  /** Claim after `ms`, or never (`undefined`), replacing what was planned. */
  private _later(ms: number | undefined): void {
    this._timers.clearTimeout(this._timer);
    this._timer = ms === undefined ? undefined : this._timers.setTimeout(() => this.takeOver(), ms);
  }
}
