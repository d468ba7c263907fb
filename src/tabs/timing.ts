/** Timing of a group of tabs, in ms. */
export interface Timing {
  /**
   * How often a tab's watch looks: a leader that said nothing for that long says it leads; a follower asks a quiet
   * leader (`ping`), and takes over only when a ping at least this old went unanswered.
   */
  readonly ping: number;
  /** How long without a word from the leader (and with a ping unanswered) makes a follower take over. */
  readonly silence: number;
  /** How long a tab granted the lock waits for the goodbye (and the last events) of a leader that was alive. */
  readonly bye: number;
  /** Without Web Locks: how long a joining tab listens for a leader before it claims. */
  readonly discover: number;
  /** Without Web Locks: how long a claim stands before the claimant leads. */
  readonly claim: number;
  /** The most items a relay message holds. */
  readonly batch: number;
  /** The oldest an item waits in a batch before the batch goes out, when events keep coming. */
  readonly batchMs: number;
}

/** The timing browsers get. */
export const TIMING: Timing = {
  ping: 1000,
  silence: 3000,
  bye: 500,
  discover: 250,
  claim: 100,
  batch: 100,
  batchMs: 20,
};
