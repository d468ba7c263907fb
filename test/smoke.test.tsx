import { render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../src';
import { scriptedStream } from '../src/testing';
import { server } from './server';

function Feed() {
  const { status, data } = useEventSource('/feed');
  return <p>{status}:{data ?? '-'}</p>;
}

test('smoke', async () => {
  const stream = scriptedStream('/feed', [{ data: 'hello', id: '1' }, { wait: 20 }, { data: 'world', id: '2' }]);
  server.use(stream);
  const { unmount } = render(<Feed />);
  await screen.findByText('open:world');
  expect(stream.requests).toHaveLength(1);
  expect(stream.openConnections).toBe(1);
  unmount();
  await waitFor(() => expect(stream.openConnections).toBe(0));
  expect(stream.requests[0]?.closedBy).toBe('client');
});
