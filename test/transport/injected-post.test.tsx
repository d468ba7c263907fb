// Injection (docs/options.md, the `EventSource` option): POST a question with the `eventsource` package injected and a
// `fetch` of its own that sets the method and the body (once a recipe; now docs/headers-post-auth.md uses `method` and
// `body`). The library cannot see the body there, so `resume: false` is the user's to give; `closeWhen` ends the
// stream so the question is never POSTed twice.
import { render, screen, waitFor } from '@testing-library/react';
import { EventSource, type FetchLike } from 'eventsource';
import { HttpResponse, http } from 'msw';
import { useState } from 'react';
import { expect, test } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

function Answer({ question }: { question: string }) {
  const [text, setText] = useState('');
  const post: FetchLike = (url, init) =>
    fetch(url, {
      ...init,
      method: 'POST',
      headers: { ...init.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ question }),
    });
  const { status } = useEventSource('/api/answer', {
    EventSource,
    eventSourceInit: { fetch: post },
    events: ['done'],
    onMessage: (message) => {
      if (message.type === 'message') setText((previous) => previous + message.data);
    },
    // The answer is complete: close, or the client would reconnect and POST the question again.
    closeWhen: (message) => message.type === 'done',
    // Cut off before `done`: end here (status `failed`) instead of reconnecting, which would POST it again.
    resume: false,
  });
  if (status === 'failed') return <p role="alert">{`${text}… (the answer was cut off)`}</p>;
  return <p>{status === 'closed' ? text : `${text}…`}</p>;
}

// A new question is a new request: the `key` gives it a fresh hook.
function Ask({ question }: { question: string }) {
  return <Answer key={question} question={question} />;
}

interface Posted {
  method: string;
  contentType: string | null;
  body: unknown;
  closedByClient: boolean;
}

/**
 * A POST endpoint that answers with a stream. MSW's `sse()` (and so `scriptedStream`) only serves GET, so this one
 * writes its few events itself, and keeps the response open until the client leaves.
 */
function answerEndpoint(url: string, words: string[], { cut = false } = {}) {
  const posted: Posted[] = [];
  const handler = http.post(url, async ({ request }) => {
    const entry: Posted = {
      method: request.method,
      contentType: request.headers.get('content-type'),
      body: await request.json(),
      closedByClient: false,
    };
    posted.push(entry);
    request.signal.addEventListener('abort', () => {
      entry.closedByClient = true;
    });
    const events = ['retry: 10\n\n', ...words.map((word) => `data: ${word}\n\n`)];
    if (!cut) events.push('event: done\ndata:\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(new TextEncoder().encode(event));
        // `cut`: the response ends before `done`, as a dropped connection or a crashed server would end it.
        if (cut) controller.close();
      },
    });
    return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
  });
  return { handler, posted };
}

test('POSTs the question once and streams the answer until the done event', async () => {
  const endpoint = answerEndpoint('/api/answer', ['Server-Sent ', 'Events ', 'over ', 'POST.']);
  server.use(endpoint.handler);
  render(<Ask question="Can EventSource POST?" />);
  expect(await screen.findByText('Server-Sent Events over POST.')).toBeTruthy();
  // closeWhen closed the stream from the client's side: no reconnect, so no second POST.
  await waitFor(() => expect(endpoint.posted[0]?.closedByClient).toBe(true));
  expect(endpoint.posted).toEqual([
    {
      method: 'POST',
      contentType: 'application/json',
      body: { question: 'Can EventSource POST?' },
      closedByClient: true,
    },
  ]);
});

test('a new question is a new POST', async () => {
  const endpoint = answerEndpoint('/api/answer', ['ok']);
  server.use(endpoint.handler);
  const { rerender } = render(<Ask question="first?" />);
  await screen.findByText('ok');
  rerender(<Ask question="second?" />);
  await waitFor(() =>
    expect(endpoint.posted.map((p) => p.body)).toEqual([{ question: 'first?' }, { question: 'second?' }]),
  );
  expect(await screen.findByText('ok')).toBeTruthy();
});

test('an answer cut off before done is not asked again: one POST, and the user is told', async () => {
  const endpoint = answerEndpoint('/api/answer', ['Half ', 'an '], { cut: true });
  server.use(endpoint.handler);
  render(<Ask question="Will it repeat?" />);
  expect((await screen.findByRole('alert')).textContent).toBe('Half an … (the answer was cut off)');
  // Ten `retry:` intervals: a reconnect would have POSTed again by now.
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(endpoint.posted.map((p) => p.body)).toEqual([{ question: 'Will it repeat?' }]);
});
