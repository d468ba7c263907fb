import type { Body, Message } from './protocol';

/** A leader's term: the epoch it took over at (a time in ms, or one more than the last epoch known) and its tab id. */
export interface Term {
  readonly e: number;
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
  private active = false;
  private queued: AbortController | undefined;
  /** Lets go of the lock this tab holds. */
  private held: (() => void) | undefined;
  private heldSteal: (() => void) | undefined;

  constructor(
    private readonly name: string,
    private readonly locks: LocksLike,
    private readonly host: ElectionHost,
  ) {}

  start(): void {
    this.active = true;
    this.queue();
  }

  stop(): void {
    this.active = false;
    this.queued?.abort();
    this.queued = undefined;
    this.letGo();
  }

  resign(): void {
    this.letGo();
    this.queue();
  }

  takeOver(term: Term | undefined): void {
    if (!this.active || this.held) return;
    const silent = term ? `${term.e} ${term.from}` : '?';
    this.request(`${this.name} steal ${silent}`, { ifAvailable: true }, (lock) => {
      if (!lock || !this.active || this.held) return undefined;
      return new Promise<void>((resolve) => {
        this.heldSteal = resolve;
        this.queued?.abort();
        this.queued = undefined;
        this.hold({ steal: true }, 'stolen');
      });
    });
  }

  hear(): void {}

  private queue(): void {
    if (!this.active || this.queued || this.held) return;
    const controller = new AbortController();
    this.queued = controller;
    this.hold({ signal: controller.signal }, 'granted', controller);
  }

  /** Request the lock; while granted, this tab leads, until it lets go or the lock is stolen. */
  private hold(options: { signal?: AbortSignal; steal?: boolean }, how: Elected, queued?: AbortController): void {
    let release: (() => void) | undefined;
    this.request(
      this.name,
      options,
      () => {
        if (queued && this.queued === queued) this.queued = undefined;
        if (!this.active || this.held) return undefined;
        return new Promise<void>((resolve) => {
          release = resolve;
          this.held = resolve;
          this.host.elected(how);
        });
      },
      () => {
        if (!release || this.held !== release) return;
        // Stolen while this tab held it.
        this.held = undefined;
        this.heldSteal?.();
        this.heldSteal = undefined;
        this.host.deposed();
        this.queue();
      },
    );
  }

  private request(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    granted: (lock: unknown) => unknown,
    rejected?: () => void,
  ): void {
    const fail = (error: unknown): void => {
      // An opaque origin (a sandboxed frame) has `navigator.locks` but may not use it.
      if ((error as { name?: unknown } | undefined)?.name === 'SecurityError') this.host.noLocks();
      else rejected?.();
    };
    try {
      this.locks.request(name, options, granted).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  }

  private letGo(): void {
    this.held?.();
    this.held = undefined;
    this.heldSteal?.();
    this.heldSteal = undefined;
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
  private phase: 'idle' | 'waiting' | 'claiming' | 'following' | 'leading' = 'idle';
  private claim: Term | undefined;
  private timer: unknown;

  constructor(
    private readonly host: ElectionHost,
    private readonly timers: ElectionTimers,
    private readonly timing: ChannelTiming,
  ) {}

  start(): void {
    this.phase = 'waiting';
    this.later(this.timing.discover);
  }

  stop(): void {
    this.phase = 'idle';
    this.later(undefined);
  }

  resign(): void {
    if (this.phase === 'leading') this.phase = 'following';
  }

  takeOver(): void {
    if (this.phase === 'waiting' || this.phase === 'following') this.claimNow();
  }

  hear(message: Message): void {
    if (this.phase === 'idle' || this.phase === 'leading') return;
    if (message.t === 'lead') {
      // A leader speaks: follow it; the member watches whether it stays alive.
      this.phase = 'following';
      this.later(undefined);
    } else if (message.t === 'claim') {
      if (this.phase === 'claiming' && this.claim && compareTerms({ e: message.e, from: message.from }, this.claim) < 0)
        return; // this tab's claim wins; the other claimant heard it too and backs off
      this.phase = 'following';
      this.later(this.timing.silence);
    } else if (message.t === 'bye') {
      if (message.next === this.host.id) {
        this.phase = 'leading';
        this.later(undefined);
        this.host.elected('named');
      } else {
        this.phase = 'following';
        // A successor was named: give it time to speak. None (the leader knew of no other tab): claim soon, at a
        // random moment, so that the tabs left do not all claim at once.
        this.later(message.next ? this.timing.silence : this.timers.random() * this.timing.claim);
      }
    }
  }

  private claimNow(): void {
    this.phase = 'claiming';
    const claim = { e: Math.max(this.timers.now(), this.host.latestEpoch() + 1), from: this.host.id };
    this.claim = claim;
    this.host.post({ t: 'claim', e: claim.e });
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (this.phase !== 'claiming' || this.claim !== claim) return;
      this.phase = 'leading';
      this.host.elected('claimed');
    }, this.timing.claim);
  }

  /** Claim after `ms`, or never (`undefined`), replacing what was planned. */
  private later(ms: number | undefined): void {
    this.timers.clearTimeout(this.timer);
    this.timer = ms === undefined ? undefined : this.timers.setTimeout(() => this.takeOver(), ms);
  }
}
