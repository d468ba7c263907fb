import { compareTerms, type Election, type ElectionHost, type ElectionTimers, type Term } from './election';
import type { Message } from './protocol';

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
 * (the member's watch notices, see watch.ts), the others claim again. Two leaders can meet, say after a frozen one wakes
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
    if (message.type === 'lead') {
      // A leader speaks: follow it; the member watches whether it stays alive.
      this._phase = 'following';
      this._later(undefined);
    } else if (message.type === 'claim') {
      if (this._phase === 'claiming' && this._claim && compareTerms(message, this._claim) < 0) return; // this tab's claim wins; the other claimant heard it too and backs off
      this._phase = 'following';
      this._later(this._timing.silence);
    } else if (message.type === 'bye') {
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
    const claim = { epoch: Math.max(this._timers.now(), this._host.latestEpoch() + 1), from: this._host.id };
    this._claim = claim;
    this._host.post({ type: 'claim', epoch: claim.epoch });
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
