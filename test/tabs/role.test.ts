// The roles of a tab in its group and the legal transitions between them (role.ts), and what the liveness watch does
// at a tick (watch.ts): both policies are pure, so they are pinned here as tables.
import { describe, expect, test } from 'vitest';
import { next, type Role, TRANSITIONS, type Transition } from '../../src/tabs/role';
import { check, type Marks } from '../../src/tabs/watch';

const ROLES: Role[] = ['suspended', 'joining', 'following', 'awaiting-bye', 'leading'];

// Every role, every transition: where it goes, or `-` where it is not legal. Written out here, apart from the table
// it checks, so that a change to role.ts has to be made twice, on purpose.
const EXPECTED: Record<Transition, Record<Role, Role | '-'>> = {
  join: { suspended: 'joining', joining: '-', following: '-', 'awaiting-bye': '-', leading: '-' },
  follow: { suspended: '-', joining: 'following', following: 'following', 'awaiting-bye': '-', leading: '-' },
  awaitBye: { suspended: '-', joining: 'awaiting-bye', following: 'awaiting-bye', 'awaiting-bye': '-', leading: '-' },
  lead: { suspended: '-', joining: 'leading', following: 'leading', 'awaiting-bye': 'leading', leading: '-' },
  stepDown: { suspended: '-', joining: '-', following: '-', 'awaiting-bye': 'following', leading: 'following' },
  suspend: {
    suspended: '-',
    joining: 'suspended',
    following: 'suspended',
    'awaiting-bye': 'suspended',
    leading: 'suspended',
  },
};

describe('transitions', () => {
  test('the table names every transition', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(
    (Object.keys(EXPECTED) as Transition[]).flatMap((transition) =>
      ROLES.map((role) => [transition, role, EXPECTED[transition][role]] as const),
    ),
  )('%s from %s: %s', (transition, role, expected) => {
    expect(next(role, transition) ?? '-').toBe(expected);
  });
});

describe('the watch at a tick', () => {
  const timing = { ping: 1000, silence: 3000 };
  const at = (heard: number, spoke: number, pinged?: number): Marks => ({
    _heard: heard,
    _spoke: spoke,
    _pinged: pinged,
  });
  test.each([
    ['a leader that spoke just now', 'leading', 10_000, at(0, 9_500), undefined],
    ['a leader quiet for `ping` ms: it says it leads', 'leading', 10_000, at(0, 9_000), 'announce'],
    ['a follower that heard the leader just now', 'following', 10_000, at(9_600, 0), undefined],
    ['a follower whose leader is quiet: it pings', 'following', 10_000, at(9_500, 0), 'ping'],
    ['a joining tab that heard nobody: it pings (a lock holder may be hung)', 'joining', 10_000, at(9_000, 0), 'ping'],
    // Hidden-tab throttling: the first tick in a minute finds the leader silent for long, and has sent no ping.
    [
      'a late tick, silent leader, no ping out: it pings, it does not take over',
      'following',
      70_000,
      at(10_000, 0),
      'ping',
    ],
    ['a ping out for less than `ping` ms: it waits', 'following', 70_000, at(10_000, 0, 69_500), undefined],
    [
      'a ping unanswered for `ping` ms, silent leader: it takes over',
      'following',
      70_000,
      at(10_000, 0, 69_000),
      'takeOver',
    ],
    [
      'a ping unanswered, leader quiet less than `silence`: it waits',
      'following',
      10_000,
      at(8_000, 0, 8_500),
      undefined,
    ],
    ['awaiting a goodbye: nothing (the goodbye timer decides)', 'awaiting-bye', 70_000, at(0, 0, 0), undefined],
    ['suspended: nothing', 'suspended', 70_000, at(0, 0), undefined],
  ] as const)('%s', (_, role, now, marks, expected) => {
    expect(check(role, now, marks, timing)).toBe(expected);
  });
});
