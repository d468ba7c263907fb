// Recipe (docs/headers-post-auth.md, "An AI chat answer"): POST a question with a JSON body and an Authorization
// header, stream an OpenAI-style answer (`data: {"delta": …}` events, then `data: [DONE]`), and tell a refusal (401)
// from an answer cut off midway. The fetch transport, chosen by `method`, `headers` and `body`; no EventSource at all.
import { render, screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { useState } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useEventSource } from '../../src';
import { server } from '../server';

// In an app this reads your auth store.
let token = 'valid';
function getToken(): string {
  return token;
}

// --- recipe ---
type Chunk = { delta: string };
type Refusal = { error?: { message?: string } }; // OpenAI's error body

function Answer({ question }: { question: string }) {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const { status, error } = useEventSource('/api/chat', {
    method: 'POST',
    headers: () => ({ Authorization: `Bearer ${getToken()}`, 'Content-Type': 'application/json' }),
    body: JSON.stringify({ messages: [{ role: 'user', content: question }] }),
    // `[DONE]` is the end of the answer, not JSON.
    parse: (raw) => (raw === '[DONE]' ? undefined : (JSON.parse(raw) as Chunk)),
    onMessage: ({ data }) => {
      if (data) setText((previous) => previous + data.delta);
    },
    // Close on `[DONE]`: the answer is complete.
    closeWhen: ({ raw }) => raw === '[DONE]',
    onError: async (error) => {
      // A refusal's body is left unread for you: read the server's reason.
      const body = (await error.response?.json().catch(() => undefined)) as Refusal | undefined;
      setReason(body?.error?.message ?? '');
    },
  });
  // The server refused the question: nothing was answered, and asking again will not help until the user signs in.
  if (error?.status === 401) return <p role="alert">{`Please sign in again. ${reason}`}</p>;
  // Another refusal (a 429, a 500): the message says which ("The server answered 429 Too Many Requests").
  if (status === 'failed' && error?.status) return <p role="alert">{error.message}</p>;
  // No status: the answer began and ended early. It is not asked again (that would run the question twice).
  if (status === 'failed') return <p role="alert">{`${text}… (the answer was cut off)`}</p>;
  return <p aria-busy={status !== 'closed'}>{text}</p>;
}

// A new question is a new request: the `key` gives it a fresh hook.
function Ask({ question }: { question: string }) {
  return <Answer key={question} question={question} />;
}
// --- end of recipe ---

/** A request as the mocked chat server saw it. */
interface Seen {
  method: string;
  authorization: string | null;
  accept: string | null;
  contentType: string | null;
  body: unknown;
  /** The client went away (`msw/node` aborts the request's signal when the fetch is aborted). */
  aborted: boolean;
}

const encoder = new TextEncoder();

/**
 * An OpenAI-style chat endpoint: a 401 with a JSON error for any token but `valid`; otherwise the question's words
 * as `{"delta": …}` events, then `[DONE]` (the response stays open until the client leaves), or with `cut`, the
 * response ends after `cut` words, as a crashed server or a dropped connection would end it.
 */
function chatServer({ cut }: { cut?: number } = {}) {
  const seen: Seen[] = [];
  server.use(
    http.post('/api/chat', async ({ request }) => {
      const entry: Seen = {
        method: request.method,
        authorization: request.headers.get('authorization'),
        accept: request.headers.get('accept'),
        contentType: request.headers.get('content-type'),
        body: await request.json(),
        aborted: false,
      };
      request.signal.addEventListener('abort', () => {
        entry.aborted = true;
      });
      seen.push(entry);
      if (entry.authorization !== 'Bearer valid') {
        return Response.json(
          { error: { message: 'Your token has expired.', type: 'invalid_request_error' } },
          { status: 401, statusText: 'Unauthorized' },
        );
      }
      const { messages } = entry.body as { messages: { content: string }[] };
      const words = (messages[0]?.content ?? '').split(' ').map((word, i) => (i ? ` ${word}` : word));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // `retry: 10`: a client that reconnected would do so within the test.
          controller.enqueue(encoder.encode('retry: 10\n\n'));
          for (const delta of words.slice(0, cut))
            controller.enqueue(encoder.encode(`data: ${JSON.stringify({ delta })}\n\n`));
          if (cut === undefined) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          else controller.close();
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  );
  return seen;
}

beforeEach(() => {
  token = 'valid';
  // The fetch transport needs no EventSource: there is none here.
  vi.stubGlobal('EventSource', undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

test('POSTs the question once, with its body and token, and shows the answer as it streams in', async () => {
  const seen = chatServer();
  render(<Ask question="Why is the sky blue?" />);
  const answer = await screen.findByText('Why is the sky blue?');
  await waitFor(() => expect(answer.getAttribute('aria-busy')).toBe('false'));
  // Closed on [DONE], from the client's side: the server sees the client leave, and no second request.
  await waitFor(() => expect(seen[0]?.aborted).toBe(true));
  expect(seen).toEqual([
    {
      method: 'POST',
      authorization: 'Bearer valid',
      accept: 'text/event-stream',
      contentType: 'application/json',
      body: { messages: [{ role: 'user', content: 'Why is the sky blue?' }] },
      aborted: true,
    },
  ]);
});

test('a 401 shows "sign in again" with the reason from the response body, not a cut-off answer', async () => {
  token = 'expired';
  const seen = chatServer();
  render(<Ask question="Are you there?" />);
  // The reason comes from the response's body, read after the failure shows.
  expect(await screen.findByText('Please sign in again. Your token has expired.')).toBeTruthy();
  expect(screen.queryByText(/cut off/)).toBeNull();
  expect(seen.map((request) => request.authorization)).toEqual(['Bearer expired']);
});

test('an answer cut off before [DONE] shows what came and says so; the question is not POSTed again', async () => {
  const seen = chatServer({ cut: 2 });
  render(<Ask question="Will it repeat itself?" />);
  expect((await screen.findByRole('alert')).textContent).toBe('Will it… (the answer was cut off)');
  // Ten `retry:` intervals: a reconnect would have POSTed again by now. (An absence: there is nothing to wait for.)
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(seen).toHaveLength(1);
  expect(screen.getByRole('alert').textContent).toBe('Will it… (the answer was cut off)');
});

test('a new question is a new POST', async () => {
  const seen = chatServer();
  const { rerender } = render(<Ask question="first question" />);
  await screen.findByText('first question');
  rerender(<Ask question="second question" />);
  expect(await screen.findByText('second question')).toBeTruthy();
  expect(seen.map((request) => request.body)).toEqual([
    { messages: [{ role: 'user', content: 'first question' }] },
    { messages: [{ role: 'user', content: 'second question' }] },
  ]);
});
