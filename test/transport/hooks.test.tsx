// The fetch transport under the hooks, against MSW: what the server receives (method, body, headers, the abort) and
// what a component shows (status, data, error), for the options that choose it (`headers`, `method`, `body`).
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { SseError, useEventSource, useSseProgress } from '../../src';
import { scriptedStream } from '../../src/testing';
import { server } from '../server';
import { live, route } from './route';

/** An answer of these events, then the stream stays open. */
const answer = (text: string) => {
  const stream = live();
  stream.send(text);
  return stream.response;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('requests with a method, a body and headers', () => {
  test('streams the answer to a POST: the server gets the method, the body and the SSE headers', async () => {
    const seen = route('/api/chat', (_, { body }) => {
      const { question } = JSON.parse(body) as { question: string };
      return answer(
        `${question
          .split(' ')
          .map((word) => `data: ${word}\n\n`)
          .join('')}data: [DONE]\n\n`,
      );
    });
    const { result } = renderHook(() =>
      useEventSource('/api/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: 'why is the sky blue' }),
        history: 10,
        closeWhen: (message) => message.data === '[DONE]',
      }),
    );
    await waitFor(() => expect(result.current.status).toBe('closed'));
    expect(result.current.history.map((message) => message.data)).toEqual([
      'why',
      'is',
      'the',
      'sky',
      'blue',
      '[DONE]',
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ question: 'why is the sky blue' });
    expect(seen[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    // Closed by closeWhen: the server sees the client leave.
    await waitFor(() => expect(seen[0]?.aborted).toBe(true));
  });

  test('a 401 fails (status failed) with its status and the response, whose JSON body is readable', async () => {
    const seen = route('/api/private', () =>
      Response.json({ error: 'token expired' }, { status: 401, statusText: 'Unauthorized' }),
    );
    const { result } = renderHook(() => useEventSource('/api/private', { headers: { Authorization: 'Bearer old' } }));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    const error = result.current.error as SseError;
    expect(error).toBeInstanceOf(SseError);
    expect(error.kind).toBe('connection');
    expect(error.status).toBe(401);
    expect(error.message).toBe('The server answered 401 Unauthorized');
    expect(error.willReconnect).toBe(false);
    expect(await error.response?.json()).toEqual({ error: 'token expired' });
    await sleep(50);
    expect(seen).toHaveLength(1); // terminal: never asked again without `reconnect`
  });

  test('a headers function is called for every request: after a 401, a `reconnect` retry sends the new token', async () => {
    let token = 'old';
    const headers = vi.fn(() => ({ Authorization: `Bearer ${token}` }));
    const seen = route('/api/private', (_, { headers }) =>
      headers.get('authorization') === 'Bearer new'
        ? answer('id: 1\ndata: secret\n\n')
        : Response.json({ error: 'token expired' }, { status: 401 }),
    );
    const { result } = renderHook(() =>
      useEventSource('/api/private', {
        headers,
        reconnect: { attempts: 2, delay: 10 },
        onError: (error) => {
          if (error.status === 401) token = 'new'; // the app refreshes its token
        },
      }),
    );
    await waitFor(() => expect(result.current.data).toBe('secret'));
    expect(result.current.status).toBe('open');
    expect(seen.map((request) => request.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
    expect(headers).toHaveBeenCalledTimes(2);
  });

  test('a new headers object from a render is the one the next request sends', async () => {
    const seen = route('/api/private', (_, { headers }) =>
      headers.get('authorization') === 'Bearer new' ? answer('data: in\n\n') : Response.json({}, { status: 401 }),
    );
    const { result, rerender } = renderHook(
      ({ token }) =>
        useEventSource('/api/private', {
          headers: { Authorization: `Bearer ${token}` },
          reconnect: { attempts: 1, delay: 300 },
        }),
      { initialProps: { token: 'old' } },
    );
    await waitFor(() => expect(result.current.status).toBe('reconnecting'));
    rerender({ token: 'new' });
    await waitFor(() => expect(result.current.data).toBe('in'));
    expect(seen.map((request) => request.headers.get('authorization'))).toEqual(['Bearer old', 'Bearer new']);
  });
});

describe('a request is never sent twice without the user saying so', () => {
  test('a POST cut mid-answer is not sent again: status failed, with a message that says so', async () => {
    const first = live();
    const seen = route('/api/chat', () => first.response);
    const { result } = renderHook(() => useEventSource('/api/chat', { method: 'POST', body: 'question' }));
    // `retry: 10`: were the transport to reconnect, it would do so within the test.
    first.send('retry: 10\nid: 1\ndata: The answer\n\n');
    await waitFor(() => expect(result.current.data).toBe('The answer'));
    first.drop();
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.message).toBe(
      'The connection was lost: the answer ended early and was not requested again',
    );
    await sleep(100);
    expect(seen).toHaveLength(1);
    expect(result.current.status).toBe('failed');
  });

  test('with resume: true it is sent again once, with the same body and Last-Event-ID', async () => {
    const first = live();
    const seen = route('/api/chat', (n) =>
      n === 1 ? first.response : answer('id: 2\ndata: rest\n\ndata: [DONE]\n\n'),
    );
    const { result } = renderHook(() =>
      useEventSource('/api/chat', {
        method: 'POST',
        body: 'question',
        resume: true,
        closeWhen: (message) => message.data === '[DONE]',
        history: 10,
      }),
    );
    first.send('retry: 10\nid: 1\ndata: start\n\n');
    await waitFor(() => expect(result.current.data).toBe('start'));
    first.drop();
    await waitFor(() => expect(result.current.status).toBe('closed'));
    expect(result.current.history.map((message) => message.data)).toEqual(['start', 'rest', '[DONE]']);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.method).toBe('POST');
    expect(seen[1]?.body).toBe('question');
    expect(seen[0]?.headers.get('last-event-id')).toBeNull();
    expect(seen[1]?.headers.get('last-event-id')).toBe('1');
  });

  test('a POST is never shared: two hooks with share: true send two requests', async () => {
    const seen = route('/api/chat', () => answer('data: yes\n\n'));
    const options = { method: 'POST', body: 'question', share: true } as const;
    const { result } = renderHook(() => [useEventSource('/api/chat', options), useEventSource('/api/chat', options)]);
    await waitFor(() => expect(result.current.map((hook) => hook.data)).toEqual(['yes', 'yes']));
    expect(seen).toHaveLength(2);
  });

  test('useSseProgress starts its task with a POST, and a drop never runs it again', async () => {
    const first = live();
    const seen = route('/api/imports', () => first.response);
    const { result } = renderHook(() => useSseProgress('/api/imports', { method: 'POST', body: 'file=a.csv' }));
    act(() => result.current.start());
    first.send('retry: 10\nid: 1\ndata: {"progress": 40, "message": "rows"}\n\n');
    await waitFor(() => expect(result.current.progress).toBe(40));
    first.drop();
    await waitFor(() => expect(result.current.status).toBe('failed'));
    await sleep(100);
    expect(seen.map((request) => [request.method, request.body])).toEqual([['POST', 'file=a.csv']]);
  });
});

describe('what fetch can see', () => {
  test('comment lines keep a heartbeatTimeout stream alive, and silence stalls it', async () => {
    const first = live();
    const seen = route('/api/quiet', (n) => (n === 1 ? first.response : answer('data: back\n\n')));
    const { result } = renderHook(() => useEventSource('/api/quiet', { transport: 'fetch', heartbeatTimeout: 300 }));
    await waitFor(() => expect(result.current.status).toBe('open'));
    // Only keep-alive comments for 750 ms, two and a half times the timeout: the stream is alive.
    for (let i = 0; i < 25; i++) {
      first.send(': keep-alive\n\n');
      await sleep(30);
    }
    expect(seen).toHaveLength(1);
    expect(result.current.status).toBe('open');
    // Then nothing: the watchdog notices, and a new request resumes.
    await waitFor(() => expect(seen).toHaveLength(2), { timeout: 2000 });
    await waitFor(() => expect(result.current.data).toBe('back'));
  });

  test('unmount aborts the request: the server sees the client leave at once', async () => {
    const seen = route('/api/feed', () => answer('data: one\n\n'));
    const { result, unmount } = renderHook(() => useEventSource('/api/feed', { transport: 'fetch' }));
    await waitFor(() => expect(result.current.data).toBe('one'));
    expect(seen[0]?.aborted).toBe(false);
    unmount();
    await waitFor(() => expect(seen[0]?.aborted).toBe(true));
  });

  test('StrictMode mount, unmount, mount sends one request', async () => {
    const seen = route('/api/feed', () => answer('data: one\n\n'));
    const { result } = renderHook(() => useEventSource('/api/feed', { headers: { 'X-Client': 'test' } }), {
      wrapper: StrictMode,
    });
    await waitFor(() => expect(result.current.data).toBe('one'));
    await sleep(50);
    expect(seen).toHaveLength(1);
  });
});

function Quote() {
  const { status, data, error } = useEventSource('/api/quote', { headers: { Authorization: 'Bearer t0ken' } });
  return (
    <p>
      {status}: {data ?? ''} {error?.message ?? ''}
    </p>
  );
}

test('a component test with the kit: a scripted stream serves the fetch transport, with no EventSource at all', async () => {
  const stream = scriptedStream('/api/quote', [
    { data: 'first', id: '1' },
    { wait: 10 },
    { data: 'second', id: '2' },
    { wait: 60_000 },
  ]);
  server.use(stream);
  // No EventSource in this environment: what serves the hook is `fetch`.
  vi.stubGlobal('EventSource', undefined);
  render(<Quote />);
  expect(await screen.findByText('open: second')).toBeTruthy();
  expect(stream.requests).toHaveLength(1);
  expect(stream.requests[0]?.headers.get('authorization')).toBe('Bearer t0ken');
});
