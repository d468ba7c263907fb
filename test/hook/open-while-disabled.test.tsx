// open() while enabled: false does nothing: the status stays as it was.
import { act, renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

test('open() while enabled:false leaves the status alone', async () => {
  server.use(scriptedStream('/b6', [{ data: 'a' }, { wait: 60_000 }]));
  const { result, rerender } = renderHook(({ enabled }) => useEventSource('/b6', { enabled }), {
    initialProps: { enabled: true },
  });
  await waitFor(() => expect(result.current.status).toBe('open'));
  rerender({ enabled: false });
  expect(result.current.status).toBe('closed');
  act(() => result.current.open());
  expect(result.current.status).toBe('closed');
});
