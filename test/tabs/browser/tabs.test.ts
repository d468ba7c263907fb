// `share: 'tabs'` in real Chromium: several tabs of one browser profile (their pages share BroadcastChannel and Web
// Locks as a person's tabs do) against the real SSE server of test/browser/server. Each case asserts what the tabs
// show (status, events, ids) and what the server saw (requests, the resume id they carried, connections open).
import type { CDPSession } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadChromium } from '../../browser/chromium';
import { type Lab, startLab, type Tab, type TabHookOptions } from './lab';
import type { HookRecord } from './page';

let lab: Lab;
let keys = 0;
/** A stats key of this run only. */
const newKey = (name: string): string => `${name}-${Date.now().toString(36)}-${++keys}`;
/** Tabs opened by the current case, closed after it. */
const opened: Tab[] = [];
/** Keys of the current case, whose connections must all be closed before the next case starts. */
const used: string[] = [];

const wait = { timeout: 15_000, interval: 25 } as const;
const share = { share: 'tabs', lastEventIdParam: 'lastEventId' } as const;

beforeAll(async () => {
  const { chromiumPath, CHROMIUM_ARGS } = await loadChromium();
  lab = await startLab({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});

afterEach(async () => {
  for (const tab of opened.splice(0)) if (!tab.page.isClosed()) await tab.close();
  // Chromium's six connections per host are for the whole browser: the next case starts when this one's are gone.
  for (const key of used.splice(0)) await vi.waitFor(() => expect(lab.server.stats(key).open).toBe(0), wait);
  expect(lab.errors.splice(0)).toEqual([]);
});

afterAll(() => lab?.close());

/** `count` new tabs, each with one hook on `url`; returns them with their hook ids. */
async function tabsOn(count: number, url: string, options: TabHookOptions, origin?: string) {
  const tabs: { tab: Tab; hook: number }[] = [];
  for (let i = 0; i < count; i++) {
    const tab = await lab.openTab(origin);
    opened.push(tab);
    tabs.push({ tab, hook: await tab.mount(url, options) });
  }
  return tabs;
}

const read = (tabs: readonly { tab: Tab; hook: number }[]): Promise<HookRecord[]> =>
  Promise.all(tabs.map(({ tab, hook }) => tab.read(hook)));

/** The one tab that holds an open EventSource; fails unless there is exactly one. */
async function leaderOf<T extends { tab: Tab }>(tabs: readonly T[]): Promise<T> {
  const live = await Promise.all(tabs.map(({ tab }) => tab.sources().then((s) => s.live)));
  expect(live.filter((n) => n === 1)).toHaveLength(1);
  expect(live.every((n) => n <= 1)).toBe(true);
  return tabs[live.indexOf(1)] as T;
}

/** Wait until every tab has seen `more` events beyond `counts` (or beyond none). */
const untilMore = (tabs: readonly { tab: Tab; hook: number }[], more: number, counts: readonly number[] = []) =>
  vi.waitFor(async () => {
    const records = await read(tabs);
    for (const [i, record] of records.entries()) expect(record.count).toBeGreaterThanOrEqual((counts[i] ?? 0) + more);
  }, wait);

/** Nothing lost, nothing twice: every event's id is one after the one before. */
const expectConsecutive = (record: HookRecord) => {
  expect(record.count).toBeGreaterThan(0);
  expect(record.ordered, `ids ${record.events.map((e) => e.id).join(',')}`).toBe(record.count);
};

/** The `lastEventId` query parameter of a request the server saw, or null. */
const resumeId = (url: string): string | null => new URL(url, 'http://x').searchParams.get('lastEventId');

describe("share: 'tabs' in Chromium", () => {
  test('8 tabs share one request, and all 8 are open', async () => {
    const key = newKey('eight');
    used.push(key);
    const tabs = await tabsOn(8, lab.stream('/clock', { key, interval: 50 }), share);
    await untilMore(tabs, 3);
    for (const record of await read(tabs)) expect(record.status).toBe('open');
    expect(lab.server.stats(key)).toMatchObject({ total: 1, open: 1, maxOpen: 1 });
    await leaderOf(tabs);
  });

  test("with share: true, 8 tabs hit the browser's six connections per host: 6 open, 2 stuck", async () => {
    const key = newKey('eight-true');
    used.push(key);
    const tabs = await tabsOn(8, lab.stream('/clock', { key, interval: 50 }), { share: true });
    // Six tabs stream along while two wait for a socket that never comes.
    await vi.waitFor(async () => {
      const records = await read(tabs);
      expect(records.filter((r) => r.status === 'open' && r.count >= 20)).toHaveLength(6);
    }, wait);
    const records = await read(tabs);
    expect(records.filter((r) => r.status === 'connecting' && r.count === 0)).toHaveLength(2);
    expect(lab.server.stats(key)).toMatchObject({ total: 6, open: 6 });
  });

  test('a tab that joins late is open at once, with the last id, and no new request', async () => {
    const key = newKey('late');
    used.push(key);
    // One event at once, the next a minute later: whatever the late tab knows comes from the leader.
    const url = lab.stream('/clock', { key, interval: 60_000 });
    const [first] = await tabsOn(1, url, share);
    await vi.waitFor(async () => expect((await first?.tab.read(first.hook))?.lastEventId).toBe('1'), wait);
    const [late] = await tabsOn(1, url, share);
    await vi.waitFor(async () => {
      const record = await late?.tab.read(late.hook);
      expect(record).toMatchObject({ status: 'open', lastEventId: '1', count: 0 });
    }, wait);
    expect(lab.server.stats(key).total).toBe(1);
  });

  test("closing the leader hands over: the new request carries the last id, and every tab's ids are consecutive", async () => {
    const key = newKey('handover');
    used.push(key);
    const tabs = await tabsOn(3, lab.stream('/clock', { key, interval: 30 }), share);
    await untilMore(tabs, 5);
    const leader = await leaderOf(tabs);
    await leader.tab.close();
    const rest = tabs.filter((t) => t !== leader);
    const before = (await read(rest)).map((r) => r.count);
    await untilMore(rest, 10, before);
    const { requests } = lab.server.stats(key);
    expect(requests).toHaveLength(2);
    const resumed = resumeId(requests[1]?.url ?? '');
    expect(resumed).toMatch(/^\d+$/);
    for (const record of await read(rest)) {
      expectConsecutive(record);
      // The first id of the new connection is the one after the id it resumed from, and every tab has it.
      expect(record.events.map((e) => e.id)).toContain(String(Number(resumed) + 1));
    }
    expect(lab.server.stats(key).open).toBe(1);
    await leaderOf(rest);
  });

  test('ten handovers in a row: nothing lost, nothing doubled', async () => {
    const key = newKey('ten');
    used.push(key);
    const url = lab.stream('/clock', { key, interval: 20 });
    const tabs = await tabsOn(3, url, share);
    await untilMore(tabs, 3);
    for (let round = 1; round <= 10; round++) {
      // A new tab joins at the end of the queue, and the leader goes.
      tabs.push(...(await tabsOn(1, url, share)));
      const leader = await leaderOf(tabs);
      expectConsecutive(await leader.tab.read(leader.hook));
      await leader.tab.close();
      tabs.splice(tabs.indexOf(leader), 1);
      await vi.waitFor(() => expect(lab.server.stats(key).total).toBe(round + 1), wait);
      await untilMore(
        tabs,
        3,
        (await read(tabs)).map((r) => r.count),
      );
    }
    for (const record of await read(tabs)) expectConsecutive(record);
    const { requests, open } = lab.server.stats(key);
    expect(requests.slice(1).every((r) => /^\d+$/.test(resumeId(r.url) ?? ''))).toBe(true);
    expect(open).toBe(1);
  });

  test('a frozen leader is replaced within seconds, and after it thaws one connection is left', async () => {
    const key = newKey('frozen');
    used.push(key);
    const tabs = await tabsOn(3, lab.stream('/clock', { key, interval: 30 }), share);
    await untilMore(tabs, 5);
    const leader = await leaderOf(tabs);
    const rest = tabs.filter((t) => t !== leader);
    // CDP Page.setWebLifecycleState does nothing to a visible headless page; pausing its JavaScript stops its
    // timers, event handlers and channel messages, as freezing does, while its network goes on.
    const cdp: CDPSession = await lab.context.newCDPSession(leader.tab.page);
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.pause');
    const before = (await read(rest)).map((r) => r.count);
    await vi.waitFor(() => expect(lab.server.stats(key).total).toBe(2), wait);
    await untilMore(rest, 10, before);
    for (const record of await read(rest)) expectConsecutive(record);
    const { requests } = lab.server.stats(key);
    expect(resumeId(requests[1]?.url ?? '')).toMatch(/^\d+$/);
    // The frozen tab still holds its connection; when it thaws, it finds it was replaced and closes it.
    expect(lab.server.stats(key).open).toBe(2);
    await cdp.send('Debugger.resume');
    await vi.waitFor(() => expect(lab.server.stats(key).open).toBe(1), wait);
    await vi.waitFor(async () => expect((await leader.tab.sources()).live).toBe(0), wait);
    await cdp.detach();
    await leaderOf(rest);
    expect(lab.server.stats(key).total).toBe(2);
  });

  test('a leader in a frame that is removed hands over too: the new request resumes, nobody stays failed', async () => {
    const key = newKey('frame');
    used.push(key);
    const url = lab.stream('/clock', { key, interval: 30 });
    const [host] = await tabsOn(1, lab.stream('/clock', { key: `${key}-host`, interval: 1000 }), { enabled: false });
    const page = (host as { tab: Tab }).tab.page;
    // Three frames of one tab, each a "tab" of its own to the library.
    await page.evaluate(async () => {
      for (const id of ['f0', 'f1', 'f2']) {
        const frame = document.createElement('iframe');
        frame.id = id;
        frame.src = '/';
        document.body.append(frame);
        await new Promise((resolve) => frame.addEventListener('load', resolve));
      }
    });
    const inFrame = <R>(id: string, run: (tabs: Window['tabs']) => R) =>
      page
        .waitForFunction((i) => !!(document.getElementById(i) as HTMLIFrameElement).contentWindow?.tabs, id)
        .then(
          () =>
            page.evaluate(
              ([i, code]) =>
                new Function('tabs', `return (${code})(tabs)`)(
                  (document.getElementById(i) as HTMLIFrameElement).contentWindow?.tabs,
                ),
              [id, run.toString()] as const,
            ) as Promise<R>,
        );
    for (const id of ['f0', 'f1', 'f2'])
      await page.evaluate(
        ([i, u]) =>
          (document.getElementById(i as string) as HTMLIFrameElement).contentWindow?.tabs.mount(u as string, {
            share: 'tabs',
            lastEventIdParam: 'lastEventId',
          }),
        [id, url] as const,
      );
    const countIn = (id: string) => inFrame(id, (tabs) => tabs.read(1).count);
    await vi.waitFor(async () => {
      for (const id of ['f0', 'f1', 'f2']) expect(await countIn(id)).toBeGreaterThan(3);
    }, wait);
    const live = await Promise.all(['f0', 'f1', 'f2'].map((id) => inFrame(id, (tabs) => tabs.sources().live)));
    const leader = ['f0', 'f1', 'f2'][live.indexOf(1)] as string;
    const rest = ['f0', 'f1', 'f2'].filter((id) => id !== leader);
    await page.evaluate((i) => document.getElementById(i)?.remove(), leader);
    await vi.waitFor(() => expect(lab.server.stats(key).total).toBe(2), wait);
    expect(resumeId(lab.server.stats(key).requests[1]?.url ?? '')).toMatch(/^\d+$/);
    const before = await Promise.all(rest.map(countIn));
    await vi.waitFor(async () => {
      for (const [i, id] of rest.entries()) expect(await countIn(id)).toBeGreaterThan((before[i] ?? 0) + 5);
    }, wait);
    for (const id of rest) {
      const record = await inFrame(id, (tabs) => tabs.read(1));
      expect(record.status).toBe('open');
      expectConsecutive(record);
    }
  });

  test('the last hook in the last tab unmounts, and the server sees the connection closed', async () => {
    const key = newKey('last');
    used.push(key);
    const tabs = await tabsOn(2, lab.stream('/clock', { key, interval: 30 }), share);
    await untilMore(tabs, 3);
    const leader = await leaderOf(tabs);
    const other = tabs.find((t) => t !== leader) as { tab: Tab; hook: number };
    // The leader's tab stays, but its hook goes: the other tab still needs the stream and takes over.
    await leader.tab.unmount(leader.hook);
    await vi.waitFor(() => expect(lab.server.stats(key)).toMatchObject({ total: 2, open: 1 }), wait);
    await untilMore([other], 3, [(await other.tab.read(other.hook)).count]);
    await other.tab.unmount(other.hook);
    await vi.waitFor(() => expect(lab.server.stats(key).open).toBe(0), wait);
    expect(lab.server.stats(key).total).toBe(2);
    expect([(await leader.tab.sources()).live, (await other.tab.sources()).live]).toEqual([0, 0]);
  });

  test("the last event of a finite stream reaches every tab when the leader's hook closes on it", async () => {
    const key = newKey('finite');
    used.push(key);
    // `tick` (id 1), then `tock` (id 2), the last event; the stream then stays open, sending nothing more.
    const url = lab.stream('/named', { key, n: 2, interval: 1500 });
    const options = { ...share, events: ['tick', 'tock'], closeOn: 'tock' };
    const tabs = await tabsOn(2, url, options);
    expect(await leaderOf(tabs)).toBe(tabs[0]);
    // The leader's only hook closes inside its handler of the last event (closeWhen): the leader steps down there.
    await vi.waitFor(async () => {
      for (const record of await read(tabs)) {
        expect(record.status).toBe('closed');
        expect(record.events.map((e) => `${e.type} ${e.id}`)).toContain('tock 2');
      }
    }, wait);
    // Nobody needed the stream after it: no tab asked the server for what came after the last event.
    expect(lab.server.stats(key).total).toBe(1);
  });

  test('a 500 fails every tab, with no storm: retries run in the leader only, and open() tries once more', async () => {
    const key = newKey('fail');
    used.push(key);
    const url = lab.stream('/status/500', { key });
    const reconnect = { attempts: 2, delay: 50 };
    const options = { ...share, reconnect };
    const tabs = await tabsOn(3, url, options);
    const untilFailed = (list: typeof tabs) =>
      vi.waitFor(async () => {
        for (const record of await read(list)) {
          expect(record.status).toBe('failed');
          expect(record.error).toMatch(/^retries-exhausted: Gave up after 2 retries/);
        }
      }, wait);
    const streamRequests = (list: typeof tabs) =>
      list.map(({ tab }) => tab.requests.filter((u) => u.includes(key)).length);
    await untilFailed(tabs);
    expect(lab.server.stats(key)).toMatchObject({ total: 3, maxOpen: 1 });
    // The first request and both retries came from one tab.
    expect(streamRequests(tabs).sort()).toEqual([0, 0, 3]);

    // A tab that joins now is failed at once, and asks nothing of the server.
    const [late] = await tabsOn(1, url, options);
    tabs.push(late as (typeof tabs)[number]);
    await untilFailed(tabs);
    // The leader goes. The next one takes over the failure and does not retry on its own.
    const leader = tabs[streamRequests(tabs).indexOf(3)] as (typeof tabs)[number];
    const spy = tabs.find((t) => t !== late && t !== leader) as (typeof tabs)[number];
    await spy.tab.page.evaluate((u) => window.tabs.spy(u), url);
    await leader.tab.close();
    tabs.splice(tabs.indexOf(leader), 1);
    await vi.waitFor(async () => {
      const heard = await spy.tab.page.evaluate(() => window.tabs.heard());
      expect(heard.some((m) => m.t === 'lead')).toBe(true);
    }, wait);
    await untilFailed(tabs);
    expect(lab.server.stats(key).total).toBe(3);
    expect(streamRequests(tabs)).toEqual([0, 0, 0]);

    // open() in any tab: the leader tries again, with its retries, and every tab fails again.
    await late?.tab.open(late.hook);
    await vi.waitFor(() => expect(lab.server.stats(key).total).toBe(6), wait);
    await untilFailed(tabs);
    expect(lab.server.stats(key).maxOpen).toBe(1);
    expect(streamRequests(tabs).sort()).toEqual([0, 0, 3]);
  });

  test('per-tab events: a tab that asks for `tick` gets it, the others get only `message`', async () => {
    const key = newKey('events');
    used.push(key);
    const url = lab.stream('/named', { key, n: 90, interval: 15 });
    const [leader] = await tabsOn(1, url, share);
    const [ticks] = await tabsOn(1, url, { ...share, events: ['tick'] });
    const [plain] = await tabsOn(1, url, share);
    const all = [leader, ticks, plain] as { tab: Tab; hook: number }[];
    expect(await leaderOf(all)).toBe(leader);
    await vi.waitFor(async () => {
      for (const record of await read(all)) expect(record.lastEventId).toBe('90');
    }, wait);
    const types = async (t: { tab: Tab; hook: number }) =>
      new Set((await t.tab.read(t.hook)).events.map((e) => e.type));
    expect(await types(ticks as { tab: Tab; hook: number })).toEqual(new Set(['tick', 'message']));
    expect(await types(leader as { tab: Tab; hook: number })).toEqual(new Set(['message']));
    expect(await types(plain as { tab: Tab; hook: number })).toEqual(new Set(['message']));
    const tickRecord = await ticks?.tab.read(ticks.hook);
    // In order: ticks (ids 1, 4, 7, …) and messages (3, 6, 9, …) interleaved as the server sent them.
    const ids = tickRecord?.events.map((e) => Number(e.id)) ?? [];
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.filter((id) => id % 3 === 1).length).toBeGreaterThan(5);
    expect(lab.server.stats(key).total).toBe(1);
  });

  test('without Web Locks (an insecure origin), the election over the channel gives one connection and a handover', async () => {
    const key = newKey('insecure');
    used.push(key);
    const tabs = await tabsOn(3, lab.stream('/clock', { key, interval: 30 }), share, lab.insecure);
    const context = await tabs[0]?.tab.page.evaluate(() => ({ secure: isSecureContext, locks: 'locks' in navigator }));
    expect(context).toEqual({ secure: false, locks: false });
    await untilMore(tabs, 5);
    expect(lab.server.stats(key)).toMatchObject({ total: 1, open: 1 });
    const leader = await leaderOf(tabs);
    await leader.tab.close();
    const rest = tabs.filter((t) => t !== leader);
    await untilMore(
      rest,
      10,
      (await read(rest)).map((r) => r.count),
    );
    const { requests, open } = lab.server.stats(key);
    expect(requests).toHaveLength(2);
    expect(resumeId(requests[1]?.url ?? '')).toMatch(/^\d+$/);
    expect(open).toBe(1);
    for (const record of await read(rest)) expectConsecutive(record);
    await leaderOf(rest);
  });
});
