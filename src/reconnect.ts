import type { ReconnectOptions } from './types';

/** A resolved retry policy: how many attempts, and how long to wait before each. */
export interface ReconnectPolicy {
  readonly attempts: number;
  readonly delay: (attempt: number) => number;
}

/** The longest delay a timer takes: longer ones run at once (WebIDL's `long`), so every wait is capped at this. */
export const MAX_DELAY = 2 ** 31 - 1;

/** The defaults of `reconnect: true`. */
export const DEFAULT_RECONNECT = { attempts: 5, base: 1000, cap: 30_000, jitter: 0.25 } as const;

/**
 * Exponential backoff: `base` for attempt 1, doubling each attempt up to `cap`, then ±`jitter` of that,
 * never above `cap`. Pure; pass `random` to make it deterministic.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  { base, cap, jitter }: { base: number; cap: number; jitter: number } = DEFAULT_RECONNECT,
): number {
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const spread = exponential * jitter * (2 * random() - 1);
  return Math.round(Math.min(cap, Math.max(0, exponential + spread)));
}

/**
 * Turns the `reconnect` option into a policy, or `undefined` when retries are off. A delay that is not a number of
 * milliseconds of 0 or more (unset, `NaN`, negative) is the default backoff for that attempt, never "at once"; one
 * above 2^31−1 ms (about 24.8 days, `Infinity`) waits that long. A `delay` function that throws is the caller's to
 * report.
 */
export function resolveReconnect(option: boolean | ReconnectOptions | undefined): ReconnectPolicy | undefined {
  if (!option) return undefined;
  const { attempts = DEFAULT_RECONNECT.attempts, delay } = option === true ? {} : option;
  if (!(attempts > 0)) return undefined;
  return {
    attempts,
    delay: (n) => {
      const ms = typeof delay === 'function' ? delay(n) : (delay as number);
      return ms >= 0 ? Math.min(ms, MAX_DELAY) : backoffDelay(n);
    },
  };
}
