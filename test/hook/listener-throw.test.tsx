// A shared connection calls every hook's callbacks: one hook's throwing onOpen/onError is reported and never keeps
// the other hooks from hearing.
import { renderHook, waitFor } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

test("one shared hook's throwing onOpen does not starve the others", async () => {
  vi.stubGlobal('reportError', vi.fn());
  server.use(scriptedStream('/b3a', [{ wait: 60_000 }]));
  const opened: string[] = [];
  renderHook(() => {
    useEventSource('/b3a', {
      share: true,
      onOpen: () => {
        opened.push('a');
        throw new Error('boom');
      },
    });
    useEventSource('/b3a', {
      share: true,
      onOpen: () => {
        opened.push('b');
      },
    });
  });
  await waitFor(() => expect(opened).toEqual(['a', 'b']));
});

test("one shared hook's throwing onError does not starve the others", async () => {
  vi.stubGlobal('reportError', vi.fn());
  server.use(http.get('/b3b', () => new HttpResponse('no', { status: 500 })));
  const errors: string[] = [];
  renderHook(() => {
    useEventSource('/b3b', {
      share: true,
      onError: () => {
        errors.push('a');
        throw new Error('boom');
      },
    });
    useEventSource('/b3b', {
      share: true,
      onError: () => {
        errors.push('b');
      },
    });
  });
  await waitFor(() => expect(errors).toEqual(['a', 'b']));
});
