// Lowering the `history` option trims result.history at once, not at the next event.
import { renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

test('lowering history trims result.history at once', async () => {
  server.use(scriptedStream('/b7', [{ data: '1' }, { data: '2' }, { data: '3' }, { wait: 60_000 }]));
  const { result, rerender } = renderHook(({ n }) => useEventSource('/b7', { history: n }), { initialProps: { n: 3 } });
  await waitFor(() => expect(result.current.history).toHaveLength(3));
  rerender({ n: 1 });
  expect(result.current.history.map((m) => m.data)).toEqual(['3']);
  rerender({ n: 0 });
  expect(result.current.history).toEqual([]);
});
