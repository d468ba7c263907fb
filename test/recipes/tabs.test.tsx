// Recipe (docs/tabs.md, "Many tabs, one connection"): `share: 'tabs'`. In jsdom there is one tab only (no
// isSecureContext), where it is `share: true`: the components of the tab share one connection.
import { render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

function Prices() {
  // --- recipe ---
  const { status, data, lastEventId } = useEventSource('/api/prices', {
    share: 'tabs',
    lastEventIdParam: 'lastEventId', // so that a handover resumes (see below)
    parse: 'json',
  });
  // --- end of recipe ---
  return <li>{`${status} ${JSON.stringify(data)} #${lastEventId}`}</li>;
}

test('components of one tab share one connection, and see the same event and id', async () => {
  const stream = scriptedStream('/api/prices', [{ id: '1', data: { ACME: 12.5 } }, { wait: 60_000 }]);
  server.use(stream);
  const { unmount } = render(
    <ul>
      <Prices />
      <Prices />
    </ul>,
  );
  await waitFor(() => expect(screen.getAllByText('open {"ACME":12.5} #1')).toHaveLength(2));
  expect(stream.requests).toHaveLength(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
});
