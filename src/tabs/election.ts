import type { Body, Message } from './protocol';
import type { Role } from './role';

/** A leader's term: the epoch it took over at (a time in ms, or one more than the last epoch known) and its tab id. */
export interface Term {
  /** The epoch. */
  readonly epoch: number;
  /** The leader's tab id. */
  readonly from: string;
}

/** Orders terms: the later epoch wins, then the greater tab id. Every tab decides the same way, without a vote. */
export const compareTerms = (a: Term, b: Term): number =>
  a.epoch - b.epoch || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/**
 * How this tab became leader: its queued lock request was `granted`, it `stole` the lock of a silent leader, it
 * `claimed` the lead without Web Locks and nobody objected, or the leader that stepped down `named` it.
 */
export type Elected = 'granted' | 'stolen' | 'claimed' | 'named';

/** What an election needs from the tab it runs for. */
export interface ElectionHost {
  /** This tab's id. */
  readonly id: string;
  /** This tab's role: an election over the channel runs for a tab that does not lead. */
  readonly role: Role;
  /** The latest epoch this tab knows of. */
  _latestEpoch(): number;
  /** This tab won. */
  _elected(how: Elected): void;
  /** This tab lost the lead it held: its lock was stolen. */
  _deposed(): void;
  /**
   * Web Locks turned out to be unusable here (an opaque origin): run the election over the channel instead of
   * `election`, if it still runs.
   */
  _noLocks(election: Election): void;
  /** Post on the channel. */
  _post(body: Body): void;
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
  _start(): void;
  /** Stop being a candidate, and give up the lead if this tab holds it. */
  _stop(): void;
  /** Give up the lead (a newer leader appeared) but stay a candidate. */
  _resign(): void;
  /** The leader of `term` (or an unknown lock holder) went silent: try to take over. */
  _takeOver(term: Term | undefined): void;
  /** A message on the channel. */
  _hear(message: Message): void;
}
