// Which hooks of a page join the same tabs' group (`share: 'tabs'`): the key of acquireTabs, in a page that looks like a
// browser's (Node's BroadcastChannel, and isSecureContext). Each hub held joins its group; each is released after the
// test, and leaves it.
import { afterEach, expect, test, vi } from 'vitest';
import type { SseConnectionConfig } from '../../src';
import type { TabsHub } from '../../src/tabs/hub';
import { loadTabs } from '../../src/tabs/load';

const releases: (() => void)[] = [];
const acquire = async (url: string, config: SseConnectionConfig) => {
  const [connection, release] = (await loadTabs())(url, config);
  releases.push(release);
  return connection as TabsHub;
};
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

// Without Web Locks (Node has none before 22), the election runs over the channel.
const browserPage = () => vi.stubGlobal('isSecureContext', false);

test("a hook with the fetch transport and one with the EventSource on the same url join different tabs' groups", async () => {
  browserPage();
  const url = `https://example.test/acquire/transport-${Math.random()}`;
  const plain = await acquire(url, {});
  const fetched = await acquire(url, { transport: 'fetch' });
  const withHeaders = await acquire(url, { headers: { Authorization: 'Bearer t' } });
  expect(fetched).not.toBe(plain);
  expect(fetched.key).not.toBe(plain.key);
  expect(fetched.key).toContain(url);
  // headers ask for the fetch transport: the same group as transport: 'fetch'.
  expect(withHeaders).toBe(fetched);
  expect(await acquire(url, { transport: 'eventsource' })).toBe(plain);
});

test("hooks on the same url, transport and withCredentials join one tabs' group; withCredentials tells them apart", async () => {
  browserPage();
  const url = `https://example.test/acquire/same-${Math.random()}`;
  const first = await acquire(url, {});
  expect(await acquire(url, {})).toBe(first);
  expect(await acquire(url, { withCredentials: true })).not.toBe(first);
});
