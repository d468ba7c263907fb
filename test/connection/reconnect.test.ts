import { describe, expect, test } from 'vitest';
import { backoffDelay } from '../../src';
import { resolveReconnect } from '../../src/reconnect';

describe('backoffDelay', () => {
  test.each([
    // attempt, random, expected: 1 s doubling, ±25 % jitter (random 0.5 = none), capped at 30 s
    [1, 0.5, 1000],
    [2, 0.5, 2000],
    [3, 0.5, 4000],
    [5, 0.5, 16_000],
    [6, 0.5, 30_000],
    [20, 0.5, 30_000],
    [1, 0, 750],
    [1, 1, 1250],
    [6, 1, 30_000],
    [6, 0, 22_500],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, () => random)).toBe(expected);
  });
});

describe('resolveReconnect', () => {
  test.each([
    [undefined, undefined],
    [false, undefined],
    [{ attempts: 0 }, undefined],
  ])('%j means no retries', (option, expected) => {
    expect(resolveReconnect(option)).toBe(expected);
  });

  test('true means 5 attempts with backoff', () => {
    const policy = resolveReconnect(true);
    expect(policy?.attempts).toBe(5);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const delay = policy?.delay(attempt) ?? -1;
      const exponential = Math.min(30_000, 1000 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(exponential * 0.75);
      expect(delay).toBeLessThanOrEqual(Math.min(30_000, exponential * 1.25));
    }
  });

  test('a number is a constant delay, a function is called with the attempt', () => {
    expect(resolveReconnect({ delay: 250 })?.delay(4)).toBe(250);
    expect(resolveReconnect({ attempts: 2, delay: (n) => n * 7 })?.delay(3)).toBe(21);
    expect(resolveReconnect({ attempts: 2 })?.attempts).toBe(2);
  });
});

describe('resolveReconnect: delays that are no number of milliseconds', () => {
  test.each([
    ['NaN', Number.NaN],
    ['negative', -1],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('%s is the default backoff for that attempt', (_, value) => {
    for (const delay of [value, () => value]) {
      const ms = resolveReconnect({ delay })?.delay(2) ?? -1;
      expect(ms).toBeGreaterThanOrEqual(1500); // attempt 2: 2 s ±25 %
      expect(ms).toBeLessThanOrEqual(2500);
    }
  });

  test('0 is at once, and a delay above 2^31−1 ms (Infinity) waits 2^31−1 ms', () => {
    expect(resolveReconnect({ delay: 0 })?.delay(1)).toBe(0);
    expect(resolveReconnect({ delay: Number.POSITIVE_INFINITY })?.delay(1)).toBe(2 ** 31 - 1);
    expect(resolveReconnect({ delay: () => 40 * 24 * 3600 * 1000 })?.delay(1)).toBe(2 ** 31 - 1);
  });
});
