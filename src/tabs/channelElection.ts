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
 * (the member's watch notices, see watch.ts), the others claim again. Two leaders can meet, say after a frozen one
 * wakes up: the older term steps down when it hears the newer one.
 */
export class ChannelElection implements Election {
  private _active = false;
  /** The claim this tab stands by: from the moment it claims until it leads, or hears a leader or a better claim. */
  private _claim: Term | undefined;
  private _timer: unknown;

  private readonly _host: ElectionHost;
  private readonly _timers: ElectionTimers;
  private readonly _timing: ChannelTiming;

  /** Elect for `host` over its channel. Whether it leads is the host's role, not a phase of its own. */
  constructor(host: ElectionHost, timers: ElectionTimers, timing: ChannelTiming) {
    this._host = host;
    this._timers = timers;
    this._timing = timing;
  }

  start(): void {
    this._active = true;
    this._later(this._timing.discover);
  }

  stop(): void {
    this._active = false;
    this._later(undefined);
  }

  // The host steps down by itself (its role), and then claims again like any other tab.
  resign(): void {}

  takeOver(): void {
    if (this._active && !this._claim && this._host.role !== 'leading') this._claimNow();
  }

  hear(message: Message): void {
    if (!this._active || this._host.role === 'leading') return;
    const claim = this._claim;
    // This tab's claim wins over a lesser one; the other claimant heard it too and backs off.
    if (message.type === 'claim' && claim && compareTerms(message, claim) < 0) return;
    this._later(undefined);
    if (message.type === 'claim') this._later(this._timing.silence);
    else if (message.type === 'bye') {
      if (message.next === this._host.id) this._host.elected('named');
      // A successor was named: give it time to speak. None (the leader knew of no other tab): claim soon, at a
      // random moment, so that the tabs left do not all claim at once.
      else this._later(message.next ? this._timing.silence : this._timers.random() * this._timing.claim);
    }
    // (A `lead`: follow it; the member's watch sees whether it stays alive.)
  }

  private _claimNow(): void {
    const claim = { epoch: Math.max(this._timers.now(), this._host.latestEpoch() + 1), from: this._host.id };
    this._host.post({ type: 'claim', epoch: claim.epoch });
    this._later(this._timing.claim, claim);
  }

  /**
   * Claim after `ms` (or never, `undefined`), replacing what was planned; with `claim`, stand by that claim and lead
   * after `ms` unless something else was heard meanwhile.
   */
  private _later(ms: number | undefined, claim?: Term): void {
    this._claim = claim;
    this._timers.clearTimeout(this._timer);
    this._timer =
      ms === undefined
        ? undefined
        : this._timers.setTimeout(() => {
            if (!claim) this.takeOver();
            else if (this._claim === claim) {
              this._claim = undefined;
              this._host.elected('claimed');
            }
          }, ms);
  }
}
