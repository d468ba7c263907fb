// The fetch transport on its own, against MSW handlers: what the server receives (method, headers, body, the abort)
// and what listeners hear (readyState, open, error, events), per the WHATWG "Server-sent events" section.
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import { type CommentEvent, type FetchErrorEvent, FetchEventSource } from '../../src/transport/fetchSource';
import type { EventSourceConstructor } from '../../src/types';
import { route } from './route';

const opened: FetchEventSource[] = [];
afterEach(() => {
  for (const source of opened.splice(0)) source.close();
  vi.useRealTimers();
});

const encoder = new TextEncoder();
const bytes = (part: string | Uint8Array): Uint8Array => (typeof part === 'string' ? encoder.encode(part) : part);

/**
 * A `text/event-stream` response of these chunks. It stays open (until the client leaves) unless `end` is given: once
 * the client has read the chunks, it ends normally (`'end'`) or drops with an error (`'drop'`), and `onEnd` runs.
 */
function stream(parts: (string | Uint8Array)[], end?: 'end' | 'drop', onEnd?: () => void): Response {
  let sent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!sent) {
          sent = true;
          for (const part of parts) controller.enqueue(bytes(part));
          return;
        }
        if (!end) return;
        onEnd?.();
        if (end === 'end') controller.close();
        else controller.error(new Error('connection reset'));
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

/** A stream that hands out its bytes one per chunk, so every boundary (inside a line, a CRLF, a character) is tried. */
function trickle(text: string): Response {
  const all = encoder.encode(text);
  let i = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (i < all.length) controller.enqueue(all.subarray(i, ++i));
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
}

interface Heard {
  type: string;
  data?: unknown;
  lastEventId?: string;
  origin?: string;
  readyState: number;
}

/** Open a source and record what its listeners hear: open, error and the given event types, in order. */
function open(url: string, init?: ConstructorParameters<typeof FetchEventSource>[1], types = ['message']) {
  const source = new FetchEventSource(url, init);
  opened.push(source);
  const heard: Heard[] = [];
  const errors: FetchErrorEvent[] = [];
  source.addEventListener('open', () => heard.push({ type: 'open', readyState: source.readyState }));
  source.addEventListener('error', (event) => {
    errors.push(event as FetchErrorEvent);
    heard.push({ type: 'error', readyState: source.readyState });
  });
  for (const type of types)
    source.addEventListener(type, (event) => {
      const { data, lastEventId, origin } = event as MessageEvent;
      heard.push({ type: event.type, data, lastEventId, origin, readyState: source.readyState });
    });
  const messages = () => heard.filter((h) => h.type !== 'open' && h.type !== 'error').map((h) => h.data);
  return { source, heard, errors, messages };
}

describe('connecting', () => {
  test('opens on 200 text/event-stream: readyState 1, an open event, the request the spec asks for', async () => {
    const seen = route('/open', () => stream([]));
    const { source, heard } = open('/open');
    expect(source.readyState).toBe(0);
    expect(source.url).toBe('http://localhost:3000/open');
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'open', readyState: 1 }]));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(seen[0]?.headers.get('cache-control')).toBe('no-cache');
    expect(seen[0]?.headers.get('last-event-id')).toBeNull();
    expect(seen[0]?.credentials).toBe('same-origin');
  });

  test('withCredentials sends credentials to other origins too', async () => {
    const seen = route('/credentials', () => stream([]));
    const { source } = open('/credentials', { withCredentials: true });
    expect(source.withCredentials).toBe(true);
    await vi.waitFor(() => expect(seen[0]?.credentials).toBe('include'));
  });

  test('is an EventSource for the connection core: it fits the `EventSource` option', () => {
    expectTypeOf(FetchEventSource).toExtend<EventSourceConstructor>();
  });

  test('a url that does not parse throws a SyntaxError, as EventSource does', () => {
    expect(() => new FetchEventSource('http://[')).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
  });
});

describe('events', () => {
  test('events carry data, the persisted last event id and the origin; an empty id resets it, a NUL id is ignored', async () => {
    route('/ids', () =>
      stream([
        'id: 1\ndata: a\n\n',
        'data: b\n\n', // no id: still 1
        'data: multi\ndata: line\n\n',
        'id\ndata: c\n\n', // an empty id resets it
        'id: 2\ndata: d\n\n',
        'id: x\0y\ndata: e\n\n', // an id with NUL is ignored: still 2
        'data:\n\n', // empty data is still an event
        'event: nothing\n\n', // no data: nothing is dispatched
        'data: f\n\n',
      ]),
    );
    const { heard } = open('/ids');
    await vi.waitFor(() => expect(heard.filter((h) => h.type === 'message')).toHaveLength(8));
    expect(heard.filter((h) => h.type === 'message')).toEqual(
      [
        ['a', '1'],
        ['b', '1'],
        ['multi\nline', '1'],
        ['c', ''],
        ['d', '2'],
        ['e', '2'],
        ['', '2'],
        ['f', '2'],
      ].map(([data, lastEventId]) => ({
        type: 'message',
        data,
        lastEventId,
        origin: 'http://localhost:3000',
        readyState: 1,
      })),
    );
  });

  test('the type comes from event:, and an empty event: is a message', async () => {
    route('/named', () => stream(['event: update\ndata: u\n\n', 'event:\ndata: m\n\n', 'data: plain\n\n']));
    const { heard, messages } = open('/named', {}, ['message', 'update']);
    await vi.waitFor(() => expect(messages()).toHaveLength(3));
    expect(heard.slice(1).map((h) => [h.type, h.data])).toEqual([
      ['update', 'u'],
      ['message', 'm'],
      ['message', 'plain'],
    ]);
  });

  test('comment lines are comment events (a keep-alive is heard), never messages', async () => {
    route('/comments', () => stream([': keep-alive\n\n', ':\n', 'data: a\n\n']));
    const { source, messages } = open('/comments');
    const comments: string[] = [];
    source.addEventListener('comment', (event) => comments.push((event as CommentEvent).comment));
    await vi.waitFor(() => expect(messages()).toEqual(['a']));
    expect(comments).toEqual(['keep-alive', '']);
  });

  test('a close() in a listener stops the events already received in the same chunk', async () => {
    route('/close-inside', () => stream(['data: a\n\ndata: b\n\n']));
    const { source, messages } = open('/close-inside');
    source.addEventListener('message', () => source.close());
    await vi.waitFor(() => expect(messages()).toEqual(['a']));
    expect(source.readyState).toBe(2);
  });

  test('lastEventId in the options is the starting id: sent on the first request, on events until one is set', async () => {
    const seen = route('/start-id', () => stream(['data: a\n\n', 'id: 8\ndata: b\n\n']));
    const { heard } = open('/start-id', { lastEventId: '7' });
    await vi.waitFor(() =>
      expect(heard.filter((h) => h.type === 'message').map((h) => h.lastEventId)).toEqual(['7', '8']),
    );
    expect(seen[0]?.headers.get('last-event-id')).toBe('7');
  });

  // [spec] "dispatch the event": "Set the last event ID string of the event source to the value of the last event ID
  // buffer" comes before "If the data buffer is an empty string ... return", and browsers keep it. (eventsource-parser
  // 3.1.1 never reported such an id; 4.1 does, through `onId`.)
  test('an id in a block without data still becomes the last event id', async () => {
    route('/id-only', () => stream(['id: 5\n\n', 'data: a\n\n']));
    const { heard } = open('/id-only');
    await vi.waitFor(() => expect(heard.filter((h) => h.type === 'message')).toHaveLength(1));
    expect(heard.find((h) => h.type === 'message')?.lastEventId).toBe('5');
  });
});

describe('the stream format', () => {
  test('chunks split anywhere (one byte a chunk): inside fields, CRLFs and UTF-8 characters', async () => {
    route('/trickle', () => trickle('\uFEFFid: é1\r\ndata: über ✓\r\n\r\nevent: x\rdata: 2\r\rdata: 3\n\n: c\n'));
    const { heard, source } = open('/trickle', {}, ['message', 'x']);
    const comments: string[] = [];
    source.addEventListener('comment', (event) => comments.push((event as CommentEvent).comment));
    await vi.waitFor(() => expect(comments).toEqual(['c']));
    expect(heard.slice(1).map((h) => [h.type, h.data, h.lastEventId])).toEqual([
      ['message', 'über ✓', 'é1'],
      ['x', '2', 'é1'],
      ['message', '3', 'é1'],
    ]);
  });

  test('one leading BOM is skipped; a second one is part of the field name', async () => {
    route('/bom', () => stream(['\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n', 'data: c\n\n']));
    const { messages } = open('/bom');
    await vi.waitFor(() => expect(messages()).toEqual(['a', 'c']));
  });

  test('two BOMs at the start: the first is skipped, the second is part of the first field name', async () => {
    route('/bom-twice', () => stream(['\uFEFF\uFEFFdata: a\n\n', 'data: b\n\n']));
    const { messages } = open('/bom-twice');
    await vi.waitFor(() => expect(messages()).toEqual(['b']));
  });

  test('a BOM split across chunks is skipped too', async () => {
    route('/bom-split', () => stream([new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), 'data: a\n\n']));
    const { messages } = open('/bom-split');
    await vi.waitFor(() => expect(messages()).toEqual(['a']));
  });

  test('lines end at CR, LF or CRLF', async () => {
    route('/eol', () => stream(['data: a\rdata: b\r\rdata: c\n\ndata: d\r\ndata: e\r\n\r\n']));
    const { messages } = open('/eol');
    await vi.waitFor(() => expect(messages()).toEqual(['a\nb', 'c', 'd\ne']));
  });

  test('a CR that ends a chunk ends its line at once, and the LF after it in the next chunk is no second line', async () => {
    // The stream then stays silent: nothing else would push the last event out.
    route('/cr-end', () =>
      stream(['data: a\r', '\n', '\r', '\ndata: b\r', '\r', 'data: c\r', new Uint8Array(0), '\ndata: d\r', '\r']),
    );
    const { messages } = open('/cr-end');
    await vi.waitFor(() => expect(messages()).toEqual(['a', 'b', 'c\nd']));
  });

  test('data without a final blank line is not dispatched when the stream ends', async () => {
    const seen = route('/unterminated', (n) =>
      n === 1 ? stream(['retry: 10\ndata: a\n\ndata: cut'], 'end') : stream(['data: next\n\n']),
    );
    const { messages } = open('/unterminated');
    await vi.waitFor(() => expect(messages()).toEqual(['a', 'next']));
    expect(seen).toHaveLength(2);
  });
});

describe('reconnecting', () => {
  test('after a drop: readyState 0, an error, then the same request again with Last-Event-ID', async () => {
    const seen = route('/drop', (n) =>
      n === 1 ? stream(['retry: 10\n', 'id: 1\ndata: a\n\n'], 'drop') : stream(['id: 2\ndata: b\n\n']),
    );
    const { heard, errors } = open('/drop');
    await vi.waitFor(() => expect(heard.filter((h) => h.type === 'message')).toHaveLength(2));
    expect(heard.map((h) => [h.type, h.readyState, h.lastEventId])).toEqual([
      ['open', 1, undefined],
      ['message', 1, '1'],
      ['error', 0, undefined],
      ['open', 1, undefined],
      ['message', 1, '2'],
    ]);
    expect(errors[0]?.message).toBe('The connection was lost; reconnecting in 10 ms');
    expect(errors[0]?.status).toBeUndefined();
    expect(seen.map((s) => s.headers.get('last-event-id'))).toEqual([null, '1']);
  });

  test('after the response ends, with the id sent as UTF-8 (one character a byte)', async () => {
    const seen = route('/ended', (n) =>
      n === 1 ? stream(['retry: 10\nid: über-✓\ndata: a\n\n'], 'end') : stream(['data: b\n\n']),
    );
    const { heard, errors } = open('/ended');
    await vi.waitFor(() => expect(heard.filter((h) => h.type === 'message')).toHaveLength(2));
    expect(errors.map((e) => e.message)).toEqual(['The server ended the stream; reconnecting in 10 ms']);
    expect(seen[1]?.headers.get('last-event-id')).toBe('Ã¼ber-â\u009c\u0093');
    expect(heard.at(-1)?.lastEventId).toBe('über-✓');
  });

  test('after a network error (fetch rejects), as after a drop', async () => {
    const seen = route('/network', (n) =>
      n === 1 ? stream(['retry: 10\n'], 'end') : n === 2 ? HttpResponse.error() : stream(['data: back\n\n']),
    );
    const { messages, heard } = open('/network');
    await vi.waitFor(() => expect(messages()).toEqual(['back']));
    expect(seen).toHaveLength(3);
    expect(heard.map((h) => [h.type, h.readyState])).toEqual([
      ['open', 1],
      ['error', 0],
      ['error', 0],
      ['open', 1],
      ['message', 1],
    ]);
  });

  test('retry: sets the wait before reconnecting; a retry: that is not all digits is ignored', async () => {
    let endedAt = 0;
    const seen = route('/retry', (n) =>
      n === 1
        ? stream(['retry: 300\nretry: 1e3\nretry: 50ms\n'], 'end', () => {
            endedAt = Date.now();
          })
        : stream([]),
    );
    open('/retry');
    // The default (3 s) would be over the 2.5 s allowed here.
    await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 2500 });
    expect((seen[1]?.at ?? 0) - endedAt).toBeGreaterThanOrEqual(300);
  });

  test('close() while waiting to reconnect: no request after it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = route('/close-waiting', () => stream(['retry: 1000\n'], 'end'));
    const { source, errors } = open('/close-waiting');
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    source.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toHaveLength(1);
  });

  test('close() in the drop error listener: never reconnects', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen = route('/close-in-error', () => stream(['retry: 10\n'], 'end'));
    const { source, errors } = open('/close-in-error');
    source.addEventListener('error', () => source.close());
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toHaveLength(1);
    expect(source.readyState).toBe(2);
  });
});

/**
 * MSW's answer with the abort of a real fetch: in Node and browsers, aborting the request errors the body not yet
 * read, even after the response arrived (MSW's mocked body ignores the abort).
 */
const fetchLikeReal = async (request: Request): Promise<Response> => {
  const response = await fetch(request);
  const reader = response.body?.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      request.signal.addEventListener('abort', () => controller.error(request.signal.reason));
    },
    async pull(controller) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) controller.close();
      else controller.enqueue(chunk.value);
    },
  });
  const { status, statusText, headers } = response;
  return new Response(status === 204 ? null : body, { status, statusText, headers });
};

describe('failing', () => {
  /** Open `url`, wait for its error, then let a minute pass on a fake clock: a reconnect would have happened. */
  async function failure(url: string) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const opened = open(url, { fetch: fetchLikeReal });
    await vi.waitFor(() => expect(opened.errors).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(60_000);
    return { ...opened, error: opened.errors[0] as FetchErrorEvent };
  }

  test('a 401: readyState 2, the status, the JSON body readable from the response, never requested again', async () => {
    const seen = route('/401', () => HttpResponse.json({ error: 'token expired' }, { status: 401 }));
    const { heard, error, source, errors } = await failure('/401');
    expect(heard).toEqual([{ type: 'error', readyState: 2 }]);
    expect(error.status).toBe(401);
    expect(error.code).toBe(401);
    expect(error.message).toBe('The server answered 401 Unauthorized');
    // Closing (as a connection does inside its error listener) leaves the body readable.
    source.close();
    expect(await error.response?.json()).toEqual({ error: 'token expired' });
    expect(seen).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  test('a 500: readyState 2 with its status, never requested again', async () => {
    const seen = route('/500', () => new HttpResponse('oops', { status: 500, statusText: 'Internal Server Error' }));
    const { error, source } = await failure('/500');
    expect(source.readyState).toBe(2);
    expect([error.status, error.message]).toEqual([500, 'The server answered 500 Internal Server Error']);
    expect(seen).toHaveLength(1);
  });

  test('a 204: readyState 2 with status 204 (the server has nothing more), never requested again', async () => {
    const seen = route('/204', () => new HttpResponse(null, { status: 204 }));
    const { error, source } = await failure('/204');
    expect([source.readyState, error.status, error.code]).toEqual([2, 204, 204]);
    expect(seen).toHaveLength(1);
  });

  test('a 200 of another content type: readyState 2, a message naming the type, never requested again', async () => {
    const seen = route('/json', () => HttpResponse.json({ data: 'not a stream' }));
    const { error, source } = await failure('/json');
    expect(source.readyState).toBe(2);
    expect(error.status).toBe(200);
    expect(error.message).toBe('The server answered with the content type application/json, not text/event-stream');
    source.close();
    expect(await error.response?.json()).toEqual({ data: 'not a stream' });
    expect(seen).toHaveLength(1);
  });

  test('a request that cannot be made (a GET with a body) fails at once instead of being tried again', async () => {
    const seen = route('/get-body', () => stream([]));
    const { errors, source } = open('/get-body', { body: 'question' });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(source.readyState).toBe(2);
    expect(errors[0]?.message).toMatch(/^The request could not be made: TypeError/);
    expect(seen).toHaveLength(0);
  });

  test('a headers function that throws fails the source with the cause, and nothing is requested', async () => {
    const seen = route('/no-token', () => stream([]));
    const cause = new Error('no token');
    const { errors, source } = open('/no-token', {
      headers: () => {
        throw cause;
      },
    });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect([source.readyState, errors[0]?.cause, errors[0]?.message]).toEqual([
      2,
      cause,
      'The request could not be made: Error: no token',
    ]);
    expect(seen).toHaveLength(0);
  });
});

describe('requests', () => {
  test('a headers function is called for every request: a refreshed token is the one sent on the reconnect', async () => {
    const seen = route('/token', (n) =>
      stream(n === 1 ? ['retry: 10\nid: 1\ndata: a\n\n'] : ['data: b\n\n'], n === 1 ? 'end' : undefined),
    );
    let token = 0;
    const { messages } = open('/token', {
      headers: async () => ({ Authorization: `Bearer t${++token}`, Accept: 'text/html' }),
    });
    await vi.waitFor(() => expect(messages()).toEqual(['a', 'b']));
    expect(seen.map((s) => s.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
    // The source's own headers win over the caller's.
    expect(seen.map((s) => s.headers.get('accept'))).toEqual(['text/event-stream', 'text/event-stream']);
    expect(seen[1]?.headers.get('last-event-id')).toBe('1');
  });

  test('a POST with a body reaches the server, and a body function is called again for a reconnect', async () => {
    const seen = route('/chat', (n) =>
      stream(n === 1 ? ['retry: 10\n', 'data: half\n\n'] : ['data: rest\n\n'], n === 1 ? 'drop' : undefined),
    );
    let asked = 0;
    const { messages } = open('/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: () => JSON.stringify({ question: 'why?', attempt: ++asked }),
    });
    await vi.waitFor(() => expect(messages()).toEqual(['half', 'rest']));
    expect(seen.map((s) => [s.method, s.headers.get('content-type'), s.body])).toEqual([
      ['POST', 'application/json', '{"question":"why?","attempt":1}'],
      ['POST', 'application/json', '{"question":"why?","attempt":2}'],
    ]);
  });

  test('close() aborts the request: the server sees the client leave, and no error is fired', async () => {
    const seen = route('/abort', () => stream(['data: a\n\n']));
    const { source, messages, errors } = open('/abort');
    await vi.waitFor(() => expect(messages()).toEqual(['a']));
    expect(seen[0]?.aborted).toBe(false);
    source.close();
    expect(source.readyState).toBe(2);
    await vi.waitFor(() => expect(seen[0]?.aborted).toBe(true));
    expect(errors).toHaveLength(0);
  });

  test('close() before the response: the request is aborted, nothing is heard', async () => {
    let answer: (response: Response) => void = () => {};
    const seen = route('/slow', () => new Promise<Response>((resolve) => (answer = resolve)));
    const { source, heard } = open('/slow');
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    source.close();
    await vi.waitFor(() => expect(seen[0]?.aborted).toBe(true));
    answer(stream(['data: late\n\n']));
    expect(heard).toEqual([]);
  });

  test('close() right after the constructor: nothing is requested', async () => {
    const fetchSpy = vi.fn(async () => stream([]));
    const { source, heard } = open('/never', { fetch: fetchSpy });
    source.close();
    // The request would start within the constructor's task: one macrotask later is after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(heard).toEqual([]);
  });

  test('an injected fetch is used, with a Request', async () => {
    const fetchSpy = vi.fn(async (request: Request) => {
      expect(request.url).toBe('http://localhost:3000/injected');
      return stream(['data: from the spy\n\n']);
    });
    const { messages } = open('/injected', { fetch: fetchSpy });
    await vi.waitFor(() => expect(messages()).toEqual(['from the spy']));
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });
});
