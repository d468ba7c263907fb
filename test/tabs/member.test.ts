// A tab's membership in the group of tabs that share a key, with several "tabs" in this process (fake channels and
// locks, see fakeTabs.ts), fake timers, and the real connection core over a fake EventSource.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SseConnection, type SseConnectionConfig, SseError } from '../../src';
import { reportError } from '../../src/report';
import { EventStream } from '../../src/stream';
import { type Driver, join } from '../../src/tabs/driver';
import { hubClass } from '../../src/tabs/hub';
import { PROTOCOL } from '../../src/tabs/protocol';
import { TIMING } from '../../src/tabs/timing';
import { fakeEventSourceClass } from '../fakeEventSource';
import { channelBus, fakeLocks, tabEnv } from '../fakeTabs';

const URL_ = 'https://example.test/stream';
const KEY = `0 ${URL_}`;
const CHANNEL = `${PROTOCOL} ${KEY}`;
const deps = { _Connection: SseConnection, _SseError: SseError, _reportError: reportError };
const TabsHub = hubClass(EventStream);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

interface Seen {
  type: string;
  data: unknown;
  id: string;
  lastEventId: string;
  origin: string;
  isMessageEvent: boolean;
  keys: string;
}

/** Tabs that share KEY, with Web Locks or without. */
function group({ locks = false }: { locks?: boolean } = {}) {
  const bus = channelBus();
  const sharedLocks = locks ? fakeLocks() : undefined;
  const { EventSource, instances } = fakeEventSourceClass();
  const tab = (config: SseConnectionConfig = {}) => {
    const { env, fire, hang, throttle } = tabEnv(bus, sharedLocks);
    const hub = new TabsHub(URL_, KEY, { EventSource, lastEventIdParam: 'lastEventId', ...config }, (h) =>
      join(h, deps, env),
    );
    const seen: Seen[] = [];
    const statuses: string[] = [];
    const errors: SseError[] = [];
    let opens = 0;
    hub.subscribe({
      state: (state) => statuses.push(state.status),
      open: () => {
        opens += 1;
      },
      error: (error) => errors.push(error),
    });
    const listen = (type: string) =>
      hub.listen(type, (event, id) =>
        seen.push({
          type: event.type,
          data: event.data,
          id,
          lastEventId: event.lastEventId,
          origin: event.origin,
          isMessageEvent: event instanceof MessageEvent,
          keys: Object.keys(event).sort().join(),
        }),
      );
    listen('message');
    hub.retain();
    return {
      hub,
      seen,
      statuses,
      errors,
      fire,
      hang,
      throttle,
      listen,
      /** This tab's membership, once its code loaded. */
      member: () => (hub._driver as Driver).member,
      get opens() {
        return opens;
      },
      ids: () => seen.map((s) => s.id),
      status: () => hub.getState().status,
    };
  };
  /** The EventSources not closed. */
  const live = () => instances.filter((s) => !s.closed);
  const source = () => {
    const open = live();
    expect(open).toHaveLength(1);
    return open[0] as (typeof instances)[number];
  };
  return { tab, instances, live, source, bus };
}

/** Long enough for a tab alone to claim the lead without Web Locks (discover + claim), or to get the lock. */
const settle = () => vi.advanceTimersByTimeAsync(400);

describe.each([
  ['with Web Locks', true],
  ['without Web Locks', false],
])('tabs sharing a key, %s', (_, locks) => {
  test("the leader's events, state and last id reach the other tabs in order, MessageEvent-like, in one message", async () => {
    const { tab, instances, source, bus } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    expect(instances).toHaveLength(1);
    source().announce();
    await vi.advanceTimersByTimeAsync(10);
    expect([a.status(), b.status()]).toEqual(['open', 'open']);
    expect(b.opens).toBe(1);
    const before = bus.posted.length;
    for (const id of ['1', '2', '3']) source().emit(`data ${id}`, { lastEventId: id });
    await vi.advanceTimersByTimeAsync(10);
    expect(a.ids()).toEqual(['1', '2', '3']);
    // The leader's hooks get the EventSource's own MessageEvents; the others get objects with the same fields.
    expect(a.seen.every((s) => s.isMessageEvent)).toBe(true);
    expect(b.seen).toEqual(
      ['1', '2', '3'].map((id) => ({
        type: 'message',
        data: `data ${id}`,
        id,
        lastEventId: id,
        origin: '',
        isMessageEvent: false,
        keys: 'data,lastEventId,origin,type',
      })),
    );
    expect(b.hub.lastEventId).toBe('3');
    // The three events went out in one batch.
    expect(bus.posted.slice(before).filter((m) => (m as { t: string }).t === 'lead')).toHaveLength(1);
  });

  test('a tab that joins late gets the state and the last id at once, and no connection of its own', async () => {
    const { tab, instances, source } = group({ locks });
    tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '41' });
    await vi.advanceTimersByTimeAsync(10);
    const late = tab();
    await vi.advanceTimersByTimeAsync(10);
    expect(late.status()).toBe('open');
    expect(late.hub.lastEventId).toBe('41');
    expect(instances).toHaveLength(1);
  });

  test('when the leader leaves, the next tab takes over, resuming from the last id', async () => {
    const { tab, instances, source } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    const c = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '7' });
    await vi.advanceTimersByTimeAsync(10);
    a.hub.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(instances[0]?.closed).toBe(true);
    const next = source();
    expect(next.url).toBe(`${URL_}?lastEventId=7`);
    // A handover is a reconnect, for every tab.
    expect(b.statuses.at(-1)).toBe('reconnecting');
    expect(c.statuses.at(-1)).toBe('reconnecting');
    next.announce();
    next.emit('y', { lastEventId: '8' });
    await vi.advanceTimersByTimeAsync(10);
    expect(b.ids()).toEqual(['7', '8']);
    expect(c.ids()).toEqual(['7', '8']);
    expect(c.status()).toBe('open');
  });

  test('the connection closes when the last tab lets go', async () => {
    const { tab, live } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    b.hub.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(live()).toHaveLength(1);
    a.hub.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(live()).toHaveLength(0);
  });

  test('the leader listens to the union of the event types every tab asks for', async () => {
    const { tab, source, bus } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    const stop = b.listen('update');
    await settle();
    source().announce();
    source().emit('u', { type: 'update', lastEventId: '1' });
    source().emit('m', { lastEventId: '2' });
    await vi.advanceTimersByTimeAsync(10);
    expect(b.seen.map((s) => s.type)).toEqual(['update', 'message']);
    expect(a.seen.map((s) => s.type)).toEqual(['message']);
    stop();
    await vi.advanceTimersByTimeAsync(10);
    const before = bus.posted.length;
    source().emit('u', { type: 'update', lastEventId: '3' });
    await vi.advanceTimersByTimeAsync(10);
    // Nobody asks for `update` any more: the leader no longer listens, and nothing is relayed.
    expect(bus.posted.slice(before)).toEqual([]);
  });

  test('errors and a failure reach every tab; retries run in the leader only; open() anywhere opens again', async () => {
    const { tab, instances, source } = group({ locks });
    tab({ reconnect: { attempts: 1, delay: 100 } });
    await settle();
    const b = tab();
    await settle();
    source().fail();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.status()).toBe('reconnecting');
    expect(b.errors.map((e) => [e.kind, e.willReconnect])).toEqual([['connection', true]]);
    await vi.advanceTimersByTimeAsync(100);
    source().fail();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.status()).toBe('failed');
    expect(b.hub.getState().error).toBeInstanceOf(SseError);
    expect(b.hub.getState().error?.kind).toBe('retries-exhausted');
    // The error given to onError is the one in the state.
    expect(b.errors.at(-1)).toBe(b.hub.getState().error);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(instances).toHaveLength(2);
    b.hub.open();
    await vi.advanceTimersByTimeAsync(10);
    expect(instances).toHaveLength(3);
    expect(b.status()).toBe('connecting');
  });

  test('a failed stream stays failed through a handover: the new leader does not retry on its own', async () => {
    const { tab, instances, source } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().fail();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.status()).toBe('failed');
    await vi.advanceTimersByTimeAsync(1000);
    a.hub.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(instances).toHaveLength(1);
    expect(b.status()).toBe('failed');
    b.hub.open();
    await vi.advanceTimersByTimeAsync(10);
    expect(instances).toHaveLength(2);
  });

  test("a failure that comes with the leader's goodbye is its teardown: the next leader reconnects, resuming", async () => {
    const { tab, instances, source } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '4' });
    await vi.advanceTimersByTimeAsync(10);
    // Chromium fails the EventSource of a frame that is removed, just before the frame's pagehide.
    source().fail();
    await vi.advanceTimersByTimeAsync(5);
    a.fire('pagehide');
    await vi.advanceTimersByTimeAsync(10);
    expect(instances).toHaveLength(2);
    expect(source().url).toBe(`${URL_}?lastEventId=4`);
    source().announce();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.status()).toBe('open');
  });

  test('malformed, foreign and stale messages are ignored, never thrown on', async () => {
    const { tab, source, bus } = group({ locks });
    tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '5' });
    await vi.advanceTimersByTimeAsync(10);
    const stranger = bus.channel(CHANNEL);
    const failed = { status: 'failed', readyState: 2, attempt: 0 };
    for (const junk of [
      null,
      'hello',
      { p: PROTOCOL },
      { p: 'react-sse-kit/0', k: KEY, from: 'x', t: 'lead', e: Date.now() + 1e6, id: '9', s: failed, items: [] },
      {
        p: PROTOCOL,
        k: '0 https://example.test/other',
        from: 'x',
        t: 'lead',
        e: Date.now() + 1e6,
        id: '9',
        s: failed,
        items: [],
      },
      { p: PROTOCOL, k: KEY, from: 'x', t: 'lead', e: Date.now() + 1e6, id: '9', s: { status: 'nope' }, items: [] },
      // A leader of an older term (a frozen one that woke up): its events are not this stream's any more.
      {
        p: PROTOCOL,
        k: KEY,
        from: 'old',
        t: 'lead',
        e: 1,
        id: '99',
        s: failed,
        items: [['m', 'message', 'ghost', '99', '']],
      },
    ])
      stranger.postMessage(junk);
    await vi.advanceTimersByTimeAsync(10);
    expect(b.status()).toBe('open');
    expect(b.ids()).toEqual(['5']);
    expect(b.hub.lastEventId).toBe('5');
  });

  test('the leader steps down on pagehide and joins again, following, when the page comes back', async () => {
    const { tab, instances, source } = group({ locks });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '3' });
    await vi.advanceTimersByTimeAsync(10);
    a.fire('pagehide', true);
    await vi.advanceTimersByTimeAsync(10);
    expect(instances[0]?.closed).toBe(true);
    expect(source().url).toBe(`${URL_}?lastEventId=3`);
    source().announce();
    a.fire('pageshow', true);
    await settle();
    expect(instances).toHaveLength(2);
    expect(a.status()).toBe('open');
    // And on freeze, the same.
    b.fire('freeze');
    await settle();
    expect(instances[1]?.closed).toBe(true);
    expect(instances).toHaveLength(3);
    b.fire('resume');
    await settle();
    expect(instances).toHaveLength(3);
  });
});

test('a follower back from a freeze tells its hooks the state again, with the id it missed', async () => {
  const { tab, source } = group({ locks: true });
  tab();
  await settle();
  const b = tab();
  await settle();
  const heard: string[] = [];
  b.hub.subscribe({ state: (state) => heard.push(`${state.status} ${b.hub.lastEventId}`) });
  source().announce();
  source().emit('x', { lastEventId: '1' });
  await vi.advanceTimersByTimeAsync(10);
  b.fire('freeze');
  await vi.advanceTimersByTimeAsync(10);
  source().emit('y', { lastEventId: '2' });
  await vi.advanceTimersByTimeAsync(10);
  const before = heard.length;
  b.fire('resume');
  await settle();
  // The state is still `open`, but a hook reads the last id when it hears a state: it must hear one.
  expect(heard.slice(before)).toContain('open 2');
});

describe('a leader that goes silent', () => {
  test('with Web Locks: the others steal the lock, resume, and the old leader closes its connection', async () => {
    const { tab, instances, source } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    const c = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '12' });
    await vi.advanceTimersByTimeAsync(10);
    a.hang(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(instances).toHaveLength(2);
    expect(instances[0]?.closed).toBe(true);
    expect(source().url).toBe(`${URL_}?lastEventId=12`);
    a.hang(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(instances).toHaveLength(2);
    source().announce();
    source().emit('y', { lastEventId: '13' });
    await vi.advanceTimersByTimeAsync(10);
    for (const t of [a, b, c]) expect(t.ids()).toEqual(['12', '13']);
  });

  test('without Web Locks: the others claim the lead, and the old leader steps down when it hears the new one', async () => {
    const { tab, instances, live } = group({ locks: false });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    a.hang(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(instances).toHaveLength(2);
    // Both still hold a connection, until the old leader hears from the new one.
    expect(live()).toHaveLength(2);
    a.hang(false);
    await vi.advanceTimersByTimeAsync(2000);
    expect(live()).toEqual([instances[1]]);
    expect(b.status()).not.toBe('failed');
  });
});

describe('the last event of a finite stream (the leader closes inside its handler)', () => {
  test.each([
    ['with Web Locks', true],
    ['without Web Locks', false],
  ])('%s: it reaches the other tabs, and the next leader resumes after it', async (_, locks) => {
    const { tab, instances, source, live } = group({ locks });
    const a = tab();
    // The leader's only hook closes on `done`, inside its handler (closeWhen, or close() in onMessage): it stops
    // listening and lets go of the hub there and then, which is this tab's last reference.
    const stopMessages = a.hub.listen('message', () => {});
    const stopDone = a.hub.listen('done', () => {
      stopDone();
      stopMessages();
      a.hub.release();
    });
    await settle();
    const b = tab();
    b.listen('done');
    await settle();
    source().announce();
    source().emit('first', { lastEventId: '1' });
    source().emit('last', { type: 'done', lastEventId: '2' });
    await vi.advanceTimersByTimeAsync(10);
    expect(instances[0]?.closed).toBe(true);
    expect(b.seen.map((s) => `${s.type} ${s.id}`)).toEqual(['message 1', 'done 2']);
    await settle();
    // The other tab still listens, so it leads now, resuming after the last event.
    expect(live()).toHaveLength(1);
    expect(source().url).toBe(`${URL_}?lastEventId=2`);
  });
});

describe('a leader in a hidden tab, whose timers run once a minute', () => {
  const pings = (bus: ReturnType<typeof channelBus>) =>
    bus.posted.filter((m) => (m as { t: string }).t === 'ping').length;

  test('a late tick pings, and a live leader that answers keeps the lead: no flapping', async () => {
    const { tab, instances, source, bus } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    a.throttle(true);
    b.throttle(true);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(instances).toHaveLength(1);
    expect(pings(bus)).toBeGreaterThan(0);
    expect(b.member().role).toBe('following');
    source().emit('x', { lastEventId: '1' });
    await vi.advanceTimersByTimeAsync(10);
    expect(b.ids()).toEqual(['1']);
  });

  test.each([
    ['with Web Locks', true],
    ['without Web Locks', false],
  ])(
    '%s: a late tick after a long gap sends a ping, and takes over only when it stays unanswered for `ping` ms',
    async (_, locks) => {
      // A throttled tab's timers run at whole minutes: start well before one, whatever the time the test runs at.
      vi.setSystemTime(Date.UTC(2026, 0, 1, 0, 0, 10));
      const { tab, instances, live, bus } = group({ locks });
      const a = tab();
      await settle();
      const b = tab();
      await settle();
      a.hang(true);
      b.throttle(true);
      // To the follower's first tick, at the next whole minute: the leader has been silent for most of a minute.
      await vi.advanceTimersByTimeAsync(60_000 - (Date.now() % 60_000));
      const pinged = pings(bus);
      expect(pinged).toBe(1);
      expect(instances).toHaveLength(1);
      expect(b.member().role).toBe('following');
      // The tab is shown again: its timers run on time. Its ping goes unanswered for `ping` ms, then it takes over.
      b.throttle(false);
      await vi.advanceTimersByTimeAsync(TIMING.ping - 1);
      expect(instances).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(TIMING.claim + 10);
      expect(b.member().role).toBe('leading');
      expect(instances).toHaveLength(2);
      expect(live()).toContain(instances[1]);
    },
  );
});

describe('transitions, each alone (with Web Locks)', () => {
  const kinds = (bus: ReturnType<typeof channelBus>, from: string, since = 0) =>
    bus.posted
      .slice(since)
      .filter((m) => (m as { from: string }).from === from)
      .map((m) => (m as { t: string }).t);

  test('join: a suspended tab opens the channel, says hello and becomes a candidate (suspended → joining)', async () => {
    const { tab, bus } = group({ locks: true });
    const a = tab();
    await settle();
    a.fire('pagehide');
    expect(bus.openCount(CHANNEL)).toBe(0);
    const before = bus.posted.length;
    a.member().join();
    expect(a.member().role).toBe('joining');
    expect(bus.openCount(CHANNEL)).toBe(1);
    expect(kinds(bus, a.member().id, before)).toEqual(['hello']);
    // Joining again is not a transition from `joining`: nothing happens.
    a.member().join();
    expect(bus.openCount(CHANNEL)).toBe(1);
  });

  test('lead: a candidate elected connects and says it leads (joining → leading)', async () => {
    const { tab, bus, source } = group({ locks: true });
    const a = tab();
    await settle();
    expect(a.member().role).toBe('leading');
    expect(source().url).toBe(URL_);
    expect(kinds(bus, a.member().id)).toEqual(['hello', 'lead']);
  });

  test('follow: a lead heard makes a joining tab follow, and it says hello to the new leader (joining → following)', async () => {
    const { tab, bus, instances } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.member().role).toBe('joining');
    await vi.advanceTimersByTimeAsync(10);
    expect(b.member().role).toBe('following');
    expect(b.member()._term?.from).toBe(a.member().id);
    // Its first hello on joining, and a second one to the leader it now follows.
    expect(kinds(bus, b.member().id)).toEqual(['hello', 'hello']);
    expect(instances).toHaveLength(1);
  });

  test('stepDown: a leader steps down to follow; what it queued goes out first, then its connection closes (leading → following)', async () => {
    const { tab, bus, instances, source } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '5' });
    const before = bus.posted.length;
    a.member().stepDown();
    expect(a.member().role).toBe('following');
    expect(instances[0]?.closed).toBe(true);
    expect(kinds(bus, a.member().id, before)).toEqual(['lead']);
    // It resigned the lock: the other tab leads, resuming after the event the first one relayed.
    await vi.advanceTimersByTimeAsync(600);
    expect(b.member().role).toBe('leading');
    expect(source().url).toBe(`${URL_}?lastEventId=5`);
    // Not a transition from `following`: nothing happens.
    a.member().stepDown();
    expect(a.member().role).toBe('following');
  });

  test("awaitBye: granted the lock before the leader's goodbye arrived, a tab waits `bye` ms, then leads (following → awaiting-bye → leading)", async () => {
    const { tab, instances, source } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    source().announce();
    source().emit('x', { lastEventId: '3' });
    await vi.advanceTimersByTimeAsync(10);
    // The leader's goodbye is lost (its channel is cut) while its lock comes free.
    a.hang(true);
    a.hub.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.member().role).toBe('awaiting-bye');
    expect(instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(TIMING.bye);
    expect(b.member().role).toBe('leading');
    expect(source().url).toBe(`${URL_}?lastEventId=3`);
  });

  test('awaitBye: the goodbye that comes in time makes the tab lead at once, after the last id it names (awaiting-bye → leading)', async () => {
    const { tab, bus, source } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    const { id } = a.member();
    const epoch = a.member()._term?.epoch;
    a.hang(true);
    a.hub.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(b.member().role).toBe('awaiting-bye');
    bus.channel(CHANNEL).postMessage({ p: PROTOCOL, k: KEY, from: id, t: 'bye', e: epoch, id: '9' });
    await vi.advanceTimersByTimeAsync(1);
    expect(b.member().role).toBe('leading');
    expect(source().url).toBe(`${URL_}?lastEventId=9`);
  });

  test('suspend: a leader says goodbye, a follower says it leaves, and both close the channel (* → suspended)', async () => {
    const { tab, bus } = group({ locks: true });
    const a = tab();
    await settle();
    const b = tab();
    await settle();
    const before = bus.posted.length;
    b.fire('pagehide');
    expect(b.member().role).toBe('suspended');
    a.fire('pagehide');
    expect(a.member().role).toBe('suspended');
    expect(bus.posted.slice(before).map((m) => (m as { t: string }).t)).toEqual(['leave', 'bye']);
    expect(bus.openCount(CHANNEL)).toBe(0);
    // Not a transition from `suspended`: nothing happens.
    a.member().suspend();
    expect(bus.posted.length).toBe(before + 2);
  });
});
