// `share: 'tabs'` where there is only one tab: jsdom (and a test with the testing kit), a server render, a browser
// without BroadcastChannel. It behaves as `share: true` there, with no setup. And in a page that looks like a
// browser's but has no Web Locks, hooks share through the election over the channel.
import { render, screen, waitFor } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { countChannels } from './countChannels';

function Price({ url, name }: { url: string; name: string }) {
  const { status, data } = useEventSource(url, { share: 'tabs' });
  return <p>{`${name}: ${status} ${data ?? '-'}`}</p>;
}

const three = (url: string) => (
  <>
    <Price url={url} name="a" />
    <Price url={url} name="b" />
    <Price url={url} name="c" />
  </>
);

test("in jsdom, share: 'tabs' is share: true: one request for three hooks, closed by the last; no channel", async () => {
  const channels = countChannels();
  const stream = scriptedStream('/tabs/one', [{ data: '12.5', id: '1' }, { wait: 60_000 }]);
  server.use(stream);
  const { rerender, unmount } = render(three('/tabs/one'));
  expect(await screen.findByText('a: open 12.5')).toBeTruthy();
  expect(screen.getByText('b: open 12.5')).toBeTruthy();
  expect(screen.getByText('c: open 12.5')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  rerender(<Price url="/tabs/one" name="a" />);
  expect(stream.openConnections).toBe(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(channels).toEqual([]);
});

test("a server render with share: 'tabs' opens nothing", () => {
  const channels = countChannels();
  const opened: string[] = [];
  vi.stubGlobal(
    'EventSource',
    class {
      constructor(url: string) {
        opened.push(url);
      }
    },
  );
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'document');
  Object.defineProperty(globalThis, 'document', { value: undefined, configurable: true });
  let html: string;
  try {
    html = renderToString(three('/tabs/ssr'));
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'document', descriptor);
  }
  expect(html).toContain('a: connecting -');
  expect(opened).toEqual([]);
  expect(channels).toEqual([]);
});

test("in a browser page without BroadcastChannel, share: 'tabs' shares within the tab", async () => {
  vi.stubGlobal('isSecureContext', true);
  vi.stubGlobal('BroadcastChannel', undefined);
  const stream = scriptedStream('/tabs/no-channel', [{ data: 'x', id: '1' }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount } = render(three('/tabs/no-channel'));
  expect(await screen.findByText('c: open x')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});

test('in a browser page without Web Locks, hooks share through the election over the channel', async () => {
  // jsdom has no isSecureContext; an insecure browser page has it false, and no navigator.locks.
  vi.stubGlobal('isSecureContext', false);
  const channels = countChannels();
  // A url of this test only: Node's BroadcastChannel reaches every worker of the process.
  const url = `/tabs/fallback-${Math.random().toString(36).slice(2)}`;
  const stream = scriptedStream(url, [{ data: 'y', id: '1' }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount } = render(three(url));
  expect(await screen.findByText('a: open y')).toBeTruthy();
  expect(screen.getByText('c: open y')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  expect(channels).toEqual([`react-sse-kit/1 00http://localhost:3000${url}`]);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});
