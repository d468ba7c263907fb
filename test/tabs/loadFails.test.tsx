// When the code of `share: 'tabs'` cannot load (offline, or a page older than the deploy that removed its chunk),
// the hook shares its connection within the tab, as where tabs cannot share, and the reason is reported.
import { render, screen, waitFor } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

const offline = vi.hoisted(() => new Error('Failed to fetch dynamically imported module'));
// (Vitest wraps the factory's error in one of its own, with this one as the cause.)
vi.mock('../../src/tabs/acquire', () => {
  throw offline;
});

function Price({ url }: { url: string }) {
  const { status, data, error } = useEventSource(url, { share: 'tabs' });
  return <p>{`${status} ${data ?? '-'} ${error?.message ?? ''}`}</p>;
}

test("a hook whose share: 'tabs' code cannot load shares within the tab, and the reason is reported", async () => {
  vi.stubGlobal('isSecureContext', true);
  const channels = vi.fn();
  vi.stubGlobal('BroadcastChannel', channels);
  const reported = vi.fn();
  vi.stubGlobal('reportError', reported);
  const url = '/tabs/load-fails';
  const stream = scriptedStream(url, [{ data: '9', id: '1' }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount } = render(<Price url={url} />);
  expect(screen.getByText('connecting -')).toBeTruthy();
  expect(await screen.findByText('open 9')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  expect(reported).toHaveBeenCalledTimes(1);
  expect(reported.mock.calls[0]?.[0]).toMatchObject({ cause: offline });
  // No tabs' group: no channel.
  expect(channels).not.toHaveBeenCalled();
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});
