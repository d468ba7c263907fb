// share: true. close() then open() on a hook whose shared connection failed opens it again (docs/options.md:
// "open() reconnects after close() or failed"), rather than rejoining the failed connection.
import { act, renderHook, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

test('close() then open() on a failed shared connection reconnects', async () => {
  let requests = 0;
  server.use(
    http.get('/b5', () => {
      requests++;
      return new HttpResponse('no', { status: 500 });
    }),
  );
  const { result } = renderHook(() => ({
    a: useEventSource('/b5', { share: true }),
    b: useEventSource('/b5', { share: true }),
  }));
  await waitFor(() => expect(result.current.a.status).toBe('failed'));
  act(() => result.current.a.close());
  expect(result.current.a.status).toBe('closed');
  act(() => result.current.a.open());
  await waitFor(() => expect(requests).toBe(2));
});
