import type { Meta, StoryObj } from '@storybook/react-vite';
import { type HttpHandler, http } from 'msw';
import { useSyncExternalStore } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ChatAnswer } from './ChatAnswer';
import { mockServer } from './support/msw';

const url = '/api/chat';
/** The one token the mocked chat server accepts. */
const VALID_TOKEN = 'demo-token';
const ANSWER = 'Air scatters short blue wavelengths of sunlight far more than long red ones, so the sky looks blue.';

interface Args {
  /** The token the page sends as `Authorization: Bearer …`; the server accepts only `demo-token`. */
  token: string;
  /** `complete`: the whole answer, then `[DONE]`; `cut-off`: the response ends after `cutAfter` words. */
  outcome: 'complete' | 'cut-off';
  /** Words sent before the response ends, with `cut-off`. */
  cutAfter: number;
  /** Milliseconds between words. */
  interval: number;
}

/** A POST the mocked chat server received. */
interface Post {
  authorization: string | null;
  question: string;
  status: number;
}

/** What the mocked server saw, as a tiny store the page can show. */
interface ChatRecord {
  readonly posts: readonly Post[];
  subscribe(listener: () => void): () => void;
}

const encoder = new TextEncoder();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An OpenAI-style chat endpoint, for MSW's service worker: a POST with a JSON body, answered with `data: {"delta": …}`
 * events and `data: [DONE]`, or a 401 with a JSON error for a token it does not accept. (MSW's `sse()` serves GET
 * only, so this one writes its stream itself.)
 */
function chatServer(args: Args): HttpHandler & ChatRecord {
  let posts: readonly Post[] = [];
  const listeners = new Set<() => void>();
  const record = (post: Post) => {
    posts = [...posts, post];
    for (const listener of listeners) listener();
  };
  const handler = http.post(url, async ({ request }) => {
    const authorization = request.headers.get('authorization');
    const { messages } = (await request.json()) as { messages: { content: string }[] };
    const question = messages[0]?.content ?? '';
    if (authorization !== `Bearer ${VALID_TOKEN}`) {
      record({ authorization, question, status: 401 });
      return Response.json(
        { error: { message: 'Your token has expired.', type: 'invalid_request_error' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    }
    record({ authorization, question, status: 200 });
    const words = ANSWER.split(' ').map((word, i) => (i ? ` ${word}` : word));
    const sending = args.outcome === 'cut-off' ? words.slice(0, args.cutAfter) : words;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          // A short `retry:`: a client that asked again after a cut would do so while the story watches.
          controller.enqueue(encoder.encode('retry: 100\n\n'));
          for (const delta of sending) {
            await pause(args.interval);
            controller.enqueue(encoder.encode(`data: ${JSON.stringify({ delta })}\n\n`));
          }
          if (args.outcome === 'cut-off') controller.close();
          else controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        } catch {
          // The page went away first.
        }
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  });
  const view: ChatRecord = {
    get posts() {
      return posts;
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Descriptors, not Object.assign, which would copy the getter's value of now.
  return Object.defineProperties(handler, Object.getOwnPropertyDescriptors(view)) as HttpHandler & ChatRecord;
}

const server = mockServer((args: Args) => ({ chat: chatServer(args) }));

/** The POSTs the mocked server received: who asked (the token), what, and its answer's status. */
function ChatServerView({ record }: { record: ChatRecord }) {
  const posts = useSyncExternalStore(record.subscribe, () => record.posts);
  return (
    <section className="panel panel--server" aria-label="Mock server">
      <h3 className="panel__title">What the mock server saw</h3>
      <dl className="facts">
        <dt>POSTs</dt>
        <dd>{posts.length}</dd>
      </dl>
      {posts.length > 0 && (
        <ol className="requests">
          {posts.map((post, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows
            <li key={i}>
              <span className="mono">POST {url}</span> → {post.status} · Authorization:{' '}
              <span className="mono">{post.authorization ?? '(none)'}</span> · “{post.question}”
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const meta = {
  title: 'Demos/Chat answer',
  args: { token: VALID_TOKEN, outcome: 'complete', cutAfter: 6, interval: 120 },
  argTypes: {
    token: { control: 'text', description: 'Sent as `Authorization: Bearer …`; the server accepts only `demo-token`' },
    outcome: {
      control: 'inline-radio',
      options: ['complete', 'cut-off'],
      description: '`complete`: the whole answer and `[DONE]`; `cut-off`: the response ends midway',
    },
    cutAfter: { control: { type: 'number', min: 0 }, description: 'Words sent before a cut-off response ends' },
    interval: { control: { type: 'range', min: 20, max: 1000, step: 20 }, description: 'Milliseconds between words' },
  },
  loaders: [server.loader],
  render: (args, context) => (
    <div className="stack">
      <ChatAnswer url={url} token={args.token} />
      <ChatServerView record={server.get(context).chat} />
    </div>
  ),
  parameters: {
    docs: {
      description: {
        component:
          'The fetch transport under `useEventSource`: the question is POSTed as JSON with an `Authorization` header, ' +
          'the answer streams in from `data: {"delta": …}` events and closes on `data: [DONE]`. A 401 (an expired ' +
          'token) and an answer cut off midway show different messages, and a cut-off question is never POSTed again.',
      },
    },
  },
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

/** Type a question and press "Ask". */
async function ask(canvasElement: HTMLElement, question: string) {
  const canvas = within(canvasElement);
  const input = canvas.getByRole('textbox', { name: 'Question' });
  await userEvent.clear(input);
  await userEvent.type(input, question);
  await userEvent.click(canvas.getByRole('button', { name: 'Ask' }));
}

/** The answer's text as shown; `''` when no text is shown at all. */
const answerText = (canvasElement: HTMLElement) =>
  within(canvasElement).getByRole('region', { name: 'Answer' }).querySelector('.chat__text')?.textContent ?? '';

/** The answer streams in word by word, then the stream closes on `[DONE]`: one POST, with the question and the token. */
export const Complete: Story = {
  name: 'Answer streamed in',
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await ask(canvasElement, 'Why is the sky blue?');
    // Part of the answer first, while the stream is open…
    await waitFor(() => expect(answerText(canvasElement)).toMatch(/^Air scatters/));
    expect(answerText(canvasElement)).not.toBe(ANSWER);
    expect(canvas.getByRole('status')).toHaveTextContent('Stream: open');
    // …then all of it, and the stream closed by `[DONE]`.
    await waitFor(() => expect(answerText(canvasElement)).toBe(ANSWER));
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Stream: closed'));
    expect(canvas.queryByRole('alert')).toBeNull();
    const { posts } = server.get({ loaded }).chat;
    expect(posts).toEqual([{ authorization: `Bearer ${VALID_TOKEN}`, question: 'Why is the sky blue?', status: 200 }]);
  },
};

/**
 * The response ends after six words, before `[DONE]`: the page keeps what came, says the answer was cut off, and
 * does not POST the question again (a POST is never re-sent unless `resume: true`).
 */
export const CutOff: Story = {
  name: 'Answer cut off',
  args: { outcome: 'cut-off' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await ask(canvasElement, 'Why is the sky blue?');
    const alert = await canvas.findByRole('alert');
    expect(alert).toHaveTextContent('The answer was cut off.');
    expect(alert).not.toHaveTextContent('sign in');
    expect(answerText(canvasElement)).toBe('Air scatters short blue wavelengths of…');
    expect(canvas.getByRole('status')).toHaveTextContent('Stream: failed');
    // The server sent `retry: 100`: a client that asked again would have done so several times by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(server.get({ loaded }).chat.posts).toHaveLength(1);
    expect(canvas.getByRole('alert')).toHaveTextContent('The answer was cut off.');
  },
};

/** An expired token: the server answers 401, and the page asks the user to sign in again, with the server's reason. */
export const Unauthorized: Story = {
  name: 'Expired token (401)',
  args: { token: 'expired-token' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement);
    await ask(canvasElement, 'Are you there?');
    const alert = await canvas.findByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent('Please sign in again. Your token has expired.'));
    expect(alert).not.toHaveTextContent('cut off');
    expect(answerText(canvasElement)).toBe('');
    expect(canvas.getByRole('status')).toHaveTextContent('Stream: failed');
    expect(server.get({ loaded }).chat.posts).toEqual([
      { authorization: 'Bearer expired-token', question: 'Are you there?', status: 401 },
    ]);
  },
};
