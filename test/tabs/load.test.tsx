// The code of `share: 'tabs'` is a chunk of its own (src/tabs/acquire.ts), loaded when a hook first shares across tabs.
// Until it has loaded the hook is connecting, and a hook that lets go meanwhile joins nothing. In a page that looks
// like a browser's without Web Locks: the tabs elect over Node's BroadcastChannel.
import { render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import type { TabsHub } from '../../src/tabs/hub';
import { loadTabs } from '../../src/tabs/load';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { countChannels } from './countChannels';

function Price({ url, enabled }: { url: string; enabled?: boolean }) {
  const { status, data } = useEventSource(url, { share: 'tabs', ...(enabled === false && { enabled }) });
  return <p>{`${status} ${data ?? '-'}`}</p>;
}

/**
 * A page that looks like a browser's without Web Locks, and a hook with `share: 'tabs'` mounted in StrictMode on a
 * stream of this test only (Node's BroadcastChannel reaches every worker of the process).
 */
function mount() {
  vi.stubGlobal('isSecureContext', false);
  const channels = countChannels();
  const url = `/tabs/load-${Math.random().toString(36).slice(2)}`;
  const stream = scriptedStream(url, [{ data: '7', id: '1' }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount, rerender } = render(
    <StrictMode>
      <Price url={url} />
    </StrictMode>,
  );
  return { channels, url, stream, unmount, rerender };
}

test("a hook unmounted while the code of share: 'tabs' loads joins nothing", async () => {
  const { channels, url, stream, unmount } = mount();
  expect(screen.getByText('connecting -')).toBeTruthy();
  unmount();
  // When this load has settled, the hook's own (begun earlier) has too: had the hook joined, the hub would hold two.
  const [hub, release] = (await loadTabs())(url, {});
  expect((hub as TabsHub)._refs).toBe(1);
  release();
  expect(channels).toEqual([]);
  expect(stream.requests).toHaveLength(0);
});

test("in StrictMode, a hook with share: 'tabs' joins once: one channel, one request", async () => {
  const { channels, stream, unmount } = mount();
  expect(screen.getByText('connecting -')).toBeTruthy();
  expect(await screen.findByText('open 7')).toBeTruthy();
  expect(channels).toHaveLength(1);
  expect(stream.requests).toHaveLength(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});

test("a hook turned off (enabled: false) while the code of share: 'tabs' loads joins nothing", async () => {
  const { channels, url, stream, rerender } = mount();
  rerender(
    <StrictMode>
      <Price url={url} enabled={false} />
    </StrictMode>,
  );
  const [hub, release] = (await loadTabs())(url, {});
  expect((hub as TabsHub)._refs).toBe(1);
  release();
  expect(screen.getByText('closed -')).toBeTruthy();
  expect(channels).toEqual([]);
  expect(stream.requests).toHaveLength(0);
});
