// share: true, and share: 'tabs' (which in jsdom shares within the tab once its code has loaded). close() then open()
// on a hook whose shared connection failed opens it again (docs/options.md: "open() reconnects after close() or
// failed"), rather than rejoining the failed connection.
import { act, renderHook, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

test.each([true, 'tabs'] as const)(
  'share: %s: close() then open() on a failed shared connection reconnects',
  async (share) => {
    let requests = 0;
    const url = `/b5-${share}`;
    server.use(
      http.get(url, () => {
        requests++;
        return new HttpResponse('no', { status: 500 });
      }),
    );
    const { result } = renderHook(() => ({
      a: useEventSource(url, { share }),
      b: useEventSource(url, { share }),
    }));
    await waitFor(() => expect(result.current.a.status).toBe('failed'));
    act(() => result.current.a.close());
    expect(result.current.a.status).toBe('closed');
    act(() => result.current.a.open());
    await waitFor(() => expect(requests).toBe(2));
  },
);
