// Choosing the leader of a key, with fake timers: over Web Locks (a fake lock manager with the spec's queue,
// `ifAvailable` and `steal`) and, without them, over the channel.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { channelElection } from '../../src/tabs/channelElection';
import { compareTerms, type Elected, type Election, type ElectionHost, type Term } from '../../src/tabs/election';
import { lockElection } from '../../src/tabs/lockElection';
import type { Body, Message } from '../../src/tabs/protocol';
import type { Role } from '../../src/tabs/role';
import { fakeLocks, globalTimers } from '../fakeTabs';

const timing = { discover: 250, claim: 100, silence: 3000 };
const lead = (epoch: number): Body => ({
  type: 'lead',
  epoch,
  lastEventId: '',
  state: { status: 'open', readyState: 1, attempt: 0 },
  items: [],
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Candidate {
  readonly id: string;
  readonly election: Election;
  readonly elected: Elected[];
  deposed: number;
}

/**
 * Tabs whose elections hear one another: what one posts reaches the others a timer task later. A tab that is
 * elected leads and speaks as a leader (a `lead`), as a member would; one that is deposed follows.
 */
function candidates(ids: string[], make: (host: ElectionHost) => Election) {
  const all: Candidate[] = [];
  const epochs = new Map<string, number>();
  const deliver = (from: string, body: Body): void => {
    const message: Message = { from, ...body };
    for (const other of all) if (other.id !== from) setTimeout(() => other.election._hear(message), 0);
  };
  for (const id of ids) {
    const candidate: Candidate = { id, elected: [], deposed: 0, election: undefined as unknown as Election };
    let role: Role = 'joining';
    const host: ElectionHost = {
      id,
      get role() {
        return role;
      },
      _latestEpoch: () => Math.max(0, ...epochs.values()),
      _elected(how) {
        candidate.elected.push(how);
        role = 'leading';
        const e = Math.max(Date.now(), host._latestEpoch() + 1);
        epochs.set(id, e);
        deliver(id, lead(e));
      },
      _deposed() {
        candidate.deposed += 1;
        role = 'following';
      },
      _noLocks() {},
      _post: (body) => deliver(id, body),
    };
    (candidate as { election: Election }).election = make(host);
    all.push(candidate);
  }
  const leaders = () => all.filter((c) => c.elected.length > 0).map((c) => c.id);
  return { all, leaders, deliver };
}

describe('election over the channel (no Web Locks)', () => {
  const channel = (ids: string[]) => candidates(ids, (host) => channelElection(host, globalTimers, timing));

  test('a tab alone listens for a leader, then claims, then leads', async () => {
    const { all, leaders } = channel(['a']);
    all[0]?.election._start();
    await vi.advanceTimersByTimeAsync(timing.discover + timing.claim - 1);
    expect(leaders()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(all[0]?.elected).toEqual(['claimed']);
  });

  test('a tab that hears a leader follows it and never claims', async () => {
    const { all, leaders, deliver } = channel(['a', 'b']);
    all[0]?.election._start();
    await vi.advanceTimersByTimeAsync(400);
    expect(leaders()).toEqual(['a']);
    all[1]?.election._start();
    // The leader answers a joining tab's hello at once.
    deliver('a', lead(Date.now()));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(leaders()).toEqual(['a']);
  });

  test('tabs that join at the same moment: their claims meet, and one leads', async () => {
    const { all, leaders } = channel(['a', 'b', 'c']);
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(leaders()).toHaveLength(1);
  });

  test('claims meet: the greater term wins', async () => {
    const { all, leaders } = channel(['a', 'b']);
    // Same epoch (the fake clock stands still between them): the greater tab id wins.
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(leaders()).toEqual(['b']);
    expect(compareTerms({ epoch: 1, from: 'b' }, { epoch: 1, from: 'a' })).toBeGreaterThan(0);
  });

  test('a leader that steps down names its successor, which leads at once; the others wait for it', async () => {
    const { all, leaders, deliver } = channel(['a', 'b', 'c']);
    for (const c of all.slice(1)) c.election._start();
    deliver('a', lead(1));
    await vi.advanceTimersByTimeAsync(10);
    deliver('a', { type: 'bye', epoch: 1, lastEventId: '7', next: 'c' });
    await vi.advanceTimersByTimeAsync(1);
    expect(all[2]?.elected).toEqual(['named']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(leaders()).toEqual(['c']);
  });

  test('a named successor that never speaks: the others claim after the silence', async () => {
    const { all, leaders, deliver } = channel(['b', 'c']);
    for (const c of all) c.election._start();
    deliver('a', lead(1));
    await vi.advanceTimersByTimeAsync(10);
    deliver('a', { type: 'bye', epoch: 1, lastEventId: '7', next: 'gone' });
    await vi.advanceTimersByTimeAsync(timing.silence - 10);
    expect(leaders()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(leaders()).toHaveLength(1);
  });

  test('a leader that knew of nobody says goodbye: one of the tabs left claims soon', async () => {
    const { all, leaders, deliver } = channel(['b', 'c']);
    for (const c of all) c.election._start();
    deliver('a', lead(1));
    await vi.advanceTimersByTimeAsync(10);
    deliver('a', { type: 'bye', epoch: 1, lastEventId: '7' });
    await vi.advanceTimersByTimeAsync(2 * timing.claim + 10);
    expect(leaders()).toHaveLength(1);
  });

  test('a tab that stopped never claims', async () => {
    const { all, leaders } = channel(['a']);
    all[0]?.election._start();
    all[0]?.election._stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(leaders()).toEqual([]);
  });
});

describe('election with Web Locks', () => {
  const locked = (ids: string[]) => {
    const locks = fakeLocks();
    return { locks, ...candidates(ids, (host) => lockElection('react-sse-kit/1 key', locks, host)) };
  };

  test('the first tab gets the lock; the next waits in the queue and gets it when the first lets go', async () => {
    const { all, leaders } = locked(['a', 'b']);
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(10);
    expect(leaders()).toEqual(['a']);
    all[0]?.election._stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(all[1]?.elected).toEqual(['granted']);
  });

  test('a leader that resigns queues again, behind the others', async () => {
    const { all } = locked(['a', 'b']);
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(10);
    all[0]?.election._resign();
    await vi.advanceTimersByTimeAsync(10);
    expect(all[1]?.elected).toEqual(['granted']);
    all[1]?.election._stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(all[0]?.elected).toEqual(['granted', 'granted']);
  });

  test('a silent leader: of the tabs that take over, one steals, and the old leader learns it was replaced', async () => {
    const { all, leaders } = locked(['a', 'b', 'c']);
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(10);
    const silent: Term = { epoch: 1, from: 'a' };
    all[1]?.election._takeOver(silent);
    all[2]?.election._takeOver(silent);
    await vi.advanceTimersByTimeAsync(10);
    const stealers = all.filter((c) => c.elected.includes('stolen'));
    expect(stealers).toHaveLength(1);
    expect(all[0]?.deposed).toBe(1);
    // Taking over from the same silent term again does nothing: the stealer holds the steal lock while it leads.
    for (const c of all) c.election._takeOver(silent);
    await vi.advanceTimersByTimeAsync(10);
    expect(all.filter((c) => c.elected.includes('stolen'))).toHaveLength(1);
    // The queue goes on after the stealer: the tab that waited, then the deposed one, which queued again.
    stealers[0]?.election._stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(leaders()).toHaveLength(3);
  });

  test('a tab that stops while queued leaves the queue', async () => {
    const { all, locks } = locked(['a', 'b']);
    for (const c of all) c.election._start();
    await vi.advanceTimersByTimeAsync(10);
    all[1]?.election._stop();
    all[0]?.election._stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(all[1]?.elected).toEqual([]);
    expect(locks.holder('react-sse-kit/1 key')).toBeUndefined();
  });

  test('an opaque origin that may not use Web Locks falls back to the channel', async () => {
    const noLocks = vi.fn();
    const refusing = {
      request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
    };
    const host: ElectionHost = {
      id: 'a',
      role: 'joining',
      _latestEpoch: () => 0,
      _elected: vi.fn(),
      _deposed: vi.fn(),
      _noLocks: noLocks,
      _post: vi.fn(),
    };
    const election = lockElection('name', refusing, host);
    election._start();
    await vi.advanceTimersByTimeAsync(0);
    expect(noLocks).toHaveBeenCalledOnce();
    expect(noLocks).toHaveBeenCalledWith(election);
  });
});
