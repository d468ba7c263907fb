// Recipe (docs/recipes.md, "An AI answer: fold the deltas"). Every delta is folded, in order, into the text, however
// many arrive in one frame; the stream closes on its last event.
import { render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { type SseMessage, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';

// --- recipe ---
type Delta = { delta: string; done?: boolean };

const append = (text: string, { data }: SseMessage<Delta>): string => text + data.delta;

function Answer({ id }: { id: string }) {
  const { state, status } = useEventSource(`/api/answers/${id}`, {
    parse: 'json',
    reduce: append,
    initial: '',
    closeWhen: ({ data }) => data.done === true,
  });
  return <p aria-busy={status !== 'closed'}>{state}</p>;
}
// --- end of recipe ---

test('the answer is every delta, in order, and the stream is closed after the last', async () => {
  const stream = scriptedStream('/api/answers/1', [
    { data: { delta: 'Server-Sent ' } },
    { data: { delta: 'Events ' } },
    { data: { delta: 'are ' } },
    { wait: 20 },
    { data: { delta: 'simple.', done: true } },
    { wait: 60_000 },
  ]);
  server.use(stream);
  render(<Answer id="1" />);
  const answer = await screen.findByText('Server-Sent Events are simple.');
  expect(answer.getAttribute('aria-busy')).toBe('false');
  expect(stream.requests).toHaveLength(1);
});
