// Spec review, item 3 as the hook reports it: `lastEventId` is what the next request would send.
import { act, renderHook } from '@testing-library/react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { fakeEventSourceClass } from '../fakeEventSource';

test('3. after open() on a new EventSource without a resume, the hook reports an empty id', async () => {
  const fake = fakeEventSourceClass();
  const { result } = renderHook(() => useEventSource('/s', { EventSource: fake.EventSource, commit: 'event' }));
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('a', { lastEventId: '7' }));
  expect(result.current.lastEventId).toBe('7');
  act(() => fake.latest().fail());
  act(() => result.current.open());
  expect(fake.instances).toHaveLength(2);
  expect(result.current.lastEventId).toBe('');
});

test('3. with lastEventIdParam the hook keeps the id it resumes from', async () => {
  const fake = fakeEventSourceClass();
  const { result } = renderHook(() =>
    useEventSource('/s', { EventSource: fake.EventSource, commit: 'event', lastEventIdParam: 'lastEventId' }),
  );
  await act(async () => {});
  act(() => fake.latest().announce());
  act(() => fake.latest().emit('a', { lastEventId: '7' }));
  act(() => fake.latest().fail());
  act(() => result.current.open());
  expect(fake.latest().url).toBe('http://localhost:3000/s?lastEventId=7');
  expect(result.current.lastEventId).toBe('7');
});
