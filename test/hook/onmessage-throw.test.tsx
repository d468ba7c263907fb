// useEventSource: an exception in onMessage is reported, and closeWhen and the commit still happen.
import { act, renderHook, waitFor } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

const settle = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

test('closeWhen still closes when onMessage throws on the final event', async () => {
  vi.stubGlobal('reportError', vi.fn());
  const s = scriptedStream('/b2a', [{ retry: 10 }, { data: 'done', id: '1' }, { close: true }]);
  server.use(s);
  const { result } = renderHook(() =>
    useEventSource('/b2a', {
      onMessage: () => {
        throw new Error('user bug');
      },
      closeWhen: (m) => m.data === 'done',
    }),
  );
  await waitFor(() => expect(result.current.status).toBe('closed'));
  await settle(100); // ten retry intervals: time for the browser to re-request a stream it had not closed
  expect(s.requests).toHaveLength(1);
});

test('the event is committed even when onMessage throws', async () => {
  vi.stubGlobal('reportError', vi.fn());
  server.use(scriptedStream('/b2b', [{ data: 'last' }, { wait: 60_000 }]));
  const { result } = renderHook(() =>
    useEventSource('/b2b', {
      onMessage: () => {
        throw new Error('user bug');
      },
    }),
  );
  await waitFor(() => expect(result.current.data).toBe('last'));
  expect(result.current.status).toBe('open');
});
