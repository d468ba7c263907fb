// Recipe (docs/recipes.md, "Migrating from react-use-websocket"): the same stream with each library, side by side
// against one mocked server. The "before" is migrate-before.tsx; the "after" is below. Each is a code block of the page.
import { render, screen, waitFor } from '@testing-library/react';
import { ReadyState, useEventSource as useRuwEventSource } from 'react-use-websocket';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { Before, type Status } from './migrate-before';

function After({ onStatus }: { onStatus: (status: Status) => void }) {
  // --- after ---
  const { data, status } = useEventSource<Status>('/api/status', {
    withCredentials: true,
    parse: 'json',
    onMessage: (message) => onStatus(message.data), // every event, in order, never coalesced
  });
  // --- end ---
  return <p>{`after: ${status} v${data?.version ?? '-'}`}</p>;
}
// --- end of recipe ---

const statuses = (n: number, event?: string) =>
  Array.from({ length: n }, (_, i) => ({ event, id: String(i + 1), data: { version: i + 1 } }));
const hold = { wait: 60_000 };

test('the migrated component shows what the old one showed', async () => {
  const stream = scriptedStream('/api/status', [...statuses(3), hold]);
  server.use(stream);
  render(
    <>
      <Before onStatus={() => {}} />
      <After onStatus={() => {}} />
    </>,
  );
  expect(await screen.findByText('before: open v3')).toBeTruthy();
  expect(await screen.findByText('after: open v3')).toBeTruthy();
  expect(stream.requests).toHaveLength(2); // one EventSource each
});

test('onMessage sees every event of a burst, in order', async () => {
  server.use(scriptedStream('/api/status', [...statuses(20), hold]));
  const seen: number[] = [];
  render(<After onStatus={(status) => seen.push(status.version)} />);
  await waitFor(() => expect(seen).toHaveLength(20));
  expect(seen).toEqual(statuses(20).map((status) => status.data.version));
  expect(await screen.findByText('after: open v20')).toBeTruthy();
});

test('named events: list them in `events`; react-use-websocket 4.13 never sees them', async () => {
  // Three `event: deployed` events, then an unnamed one that both libraries see.
  server.use(scriptedStream('/api/deploys', [...statuses(3, 'deployed'), { data: 'end' }, hold]));
  const before: string[] = [];
  const after: string[] = [];
  function Both() {
    useRuwEventSource('/api/deploys', {
      events: { deployed: (event) => before.push(event.data), message: (event) => before.push(event.data) },
    });
    useEventSource('/api/deploys', { events: ['deployed'], onMessage: (message) => after.push(message.raw) });
    return null;
  }
  render(<Both />);
  // Each connection delivers its events in order, so once `end` has arrived, nothing before it is still coming.
  await waitFor(() => expect(before).toContain('end'));
  await waitFor(() => expect(after).toContain('end'));
  expect(before).toEqual(['end']);
  expect(after).toEqual(['{"version":1}', '{"version":2}', '{"version":3}', 'end']);
});

test('connect=false becomes enabled: false (or a null url)', async () => {
  const stream = scriptedStream('/api/status', [...statuses(1), hold]);
  server.use(stream);
  function Paused({ connect }: { connect: boolean }) {
    const old = useRuwEventSource('/api/status', {}, connect);
    const migrated = useEventSource('/api/status', { enabled: connect });
    return <p>{`${old.readyState} ${migrated.status}`}</p>;
  }
  const { rerender } = render(<Paused connect={false} />);
  expect(screen.getByText(`${ReadyState.UNINSTANTIATED} idle`)).toBeTruthy();
  expect(stream.requests).toHaveLength(0);
  rerender(<Paused connect />);
  expect(await screen.findByText(`${ReadyState.OPEN} open`)).toBeTruthy();
  expect(stream.requests).toHaveLength(2);
});
