// Which hooks of a page join the same tabs' group (`share: 'tabs'`): acquireTabs's key, in a page that looks like a
// browser's (a BroadcastChannel and isSecureContext), before any group is joined (the hubs are released at once).
import { afterEach, expect, test, vi } from 'vitest';
import type { SseConnectionConfig } from '../../src';
import { acquireTabs } from '../../src/tabs/acquire';
import { TabsHub } from '../../src/tabs/hub';

const releases: (() => void)[] = [];
const acquire = (url: string, config: SseConnectionConfig) => {
  const [connection, release] = acquireTabs(url, config);
  releases.push(release);
  return connection;
};
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

const browserPage = () => {
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('BroadcastChannel', class {});
};

test("a hook with the fetch transport and one with the EventSource on the same url join different tabs' groups", () => {
  browserPage();
  const url = 'https://example.test/acquire/transport';
  const plain = acquire(url, {});
  const fetched = acquire(url, { transport: 'fetch' });
  const withHeaders = acquire(url, { headers: { Authorization: 'Bearer t' } });
  expect(plain).toBeInstanceOf(TabsHub);
  expect(fetched).toBeInstanceOf(TabsHub);
  expect(fetched).not.toBe(plain);
  expect((fetched as TabsHub).key).not.toBe((plain as TabsHub).key);
  // headers ask for the fetch transport: the same group as transport: 'fetch'.
  expect(withHeaders).toBe(fetched);
  expect(acquire(url, { transport: 'eventsource' })).toBe(plain);
});

test("hooks on the same url, transport and withCredentials join one tabs' group; withCredentials tells them apart", () => {
  browserPage();
  const url = 'https://example.test/acquire/same';
  const first = acquire(url, {});
  expect(acquire(url, {})).toBe(first);
  expect(acquire(url, { withCredentials: true })).not.toBe(first);
});
