// The fetch transport's code is a chunk loaded on first use. This file's module graph is its own (Vitest isolates
// test files), so the first hook here is the one that loads it.
import { renderHook, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

test('while the transport loads the hook is connecting, and unmounted before it is here, nothing is requested', async () => {
  const seen: string[] = [];
  server.use(
    http.get('/api/feed', ({ request }) => {
      seen.push(request.headers.get('authorization') ?? '');
      return new Response('data: one\n\n', { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  );
  const options = { headers: { Authorization: 'Bearer t' }, closeWhen: () => true };
  const first = renderHook(() => useEventSource('/api/feed', options));
  expect(first.result.current.status).toBe('connecting');
  // Past the first connection's microtask, the chunk not yet loaded: the request waits for it.
  await Promise.resolve();
  await Promise.resolve();
  expect(first.result.current.status).toBe('connecting');
  first.unmount();
  // A second hook, after the first let go: it connects once the code is here, and it alone sends a request.
  const second = renderHook(() => useEventSource('/api/feed', options));
  await waitFor(() => expect(second.result.current.data).toBe('one'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(seen).toEqual(['Bearer t']);
});
