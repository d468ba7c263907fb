/**
 * A tab's role in the group of tabs that share a key:
 * - `suspended`: not in the group (before it joins, while its page is hidden in the back-forward cache or frozen,
 *   after its last hook left): no channel, no lock, no connection.
 * - `joining`: in the group, no leader heard yet.
 * - `following`: delivers what the leader of a known term relays, and watches that it stays alive.
 * - `awaiting-bye`: granted the lock while the leader it followed may still be speaking (the lock and the channel
 *   are separate queues): waits for its goodbye and last events before it connects.
 * - `leading`: owns the EventSource, delivers its events here and relays everything to the other tabs.
 */
export type Role = 'suspended' | 'joining' | 'following' | 'awaiting-bye' | 'leading';

/**
 * Every legal transition, in one place: the roles it may start from, and the role it ends in. A member changes its
 * role only through {@link next}, so what is not written here cannot happen.
 */
export const TRANSITIONS = {
  /** Enter the group: open the channel, say hello, become a candidate. */
  join: [['suspended'], 'joining'],
  /** A leader spoke: follow its term (or keep following it). */
  follow: [['joining', 'following'], 'following'],
  /** Granted the lock while the leader followed had not said goodbye: wait for it, at most `bye` ms. */
  awaitBye: [['joining', 'following'], 'awaiting-bye'],
  /** Won the election, or the awaited goodbye came (or did not, in time). */
  lead: [['joining', 'following', 'awaiting-bye'], 'leading'],
  /** A newer leader spoke, or this tab's lock was stolen: stop leading (or waiting to) and follow. */
  stepDown: [['leading', 'awaiting-bye'], 'following'],
  /** The page hides or freezes, or the last hook of this tab left (a leader says goodbye). */
  suspend: [['joining', 'following', 'awaiting-bye', 'leading'], 'suspended'],
} as const satisfies Record<string, readonly [readonly Role[], Role]>;

/** The name of a transition. */
export type Transition = keyof typeof TRANSITIONS;

/** The role that `transition` leads to from `role`, or `undefined` when it is not legal there. */
export function next(role: Role, transition: Transition): Role | undefined {
  const [from, to] = TRANSITIONS[transition];
  return (from as readonly Role[]).includes(role) ? to : undefined;
}
