import { compareTerms, type Election, type ElectionHost, type ElectionTimers, type Term } from './election';

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
export function channelElection(host: ElectionHost, timers: ElectionTimers, timing: ChannelTiming): Election {
  let active = false;
  /** The claim this tab stands by: from the moment it claims until it leads, or hears a leader or a better claim. */
  let claim: Term | undefined;
  let timer: unknown;

  /**
   * Claim after `ms` (or never, `undefined`), replacing what was planned; with `standBy`, stand by that claim and
   * lead after `ms` unless something else was heard meanwhile.
   */
  const later = (ms: number | undefined, standBy?: Term): void => {
    claim = standBy;
    timers.clearTimeout(timer);
    timer =
      ms === undefined
        ? undefined
        : timers.setTimeout(() => {
            if (!standBy) self._takeOver(undefined);
            else if (claim === standBy) {
              claim = undefined;
              host._elected('claimed');
            }
          }, ms);
  };

  const self: Election = {
    _start() {
      active = true;
      later(timing.discover);
    },
    _stop() {
      active = false;
      later(undefined);
    },
    // The host steps down by itself (its role), and then claims again like any other tab.
    _resign() {},
    _takeOver() {
      if (!active || claim || host.role === 'leading') return;
      const mine = { epoch: Math.max(timers.now(), host._latestEpoch() + 1), from: host.id };
      host._post({ type: 'claim', epoch: mine.epoch });
      later(timing.claim, mine);
    },
    _hear(message) {
      if (!active || host.role === 'leading') return;
      // This tab's claim wins over a lesser one; the other claimant heard it too and backs off.
      if (message.type === 'claim' && claim && compareTerms(message, claim) < 0) return;
      later(undefined);
      if (message.type === 'claim') later(timing.silence);
      else if (message.type === 'bye') {
        if (message.next === host.id) host._elected('named');
        // A successor was named: give it time to speak. None (the leader knew of no other tab): claim soon, at a
        // random moment, so that the tabs left do not all claim at once.
        else later(message.next ? timing.silence : timers.random() * timing.claim);
      }
      // (A `lead`: follow it; the member's watch sees whether it stays alive.)
    },
  };
  return self;
}
