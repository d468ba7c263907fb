import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, test, vi } from 'vitest';
import { type ParseOption, SseError, type SseMessage, type UseEventSourceOptions, useEventSource } from '../../src';
import { scriptedStream } from '../../src/testing';
import { countingEventSource } from '../countingEventSource';
import { server } from '../server';

const hold = { wait: 60_000 }; // keeps a mocked stream open until the client leaves

function Feed<T>({ url, options }: { url: string | null; options?: UseEventSourceOptions<T> }) {
  const { status, data, error, lastEventId } = useEventSource<T>(
    url,
    options as UseEventSourceOptions<T> & { parse: ParseOption<T> },
  );
  return (
    <dl>
      <dt>status</dt>
      <dd data-testid="status">{status}</dd>
      <dt>data</dt>
      <dd data-testid="data">{data === undefined ? '' : JSON.stringify(data)}</dd>
      <dt>id</dt>
      <dd data-testid="id">{lastEventId}</dd>
      <dt>error</dt>
      <dd data-testid="error">{error ? `${error.kind}: ${error.message}` : ''}</dd>
    </dl>
  );
}
const text = (id: string) => screen.getByTestId(id).textContent;

describe('useEventSource', () => {
  test('connects, reports open and delivers every event in order', async () => {
    const stream = scriptedStream('/feed', [
      { data: 'one', id: '1' },
      { data: 'two', id: '2' },
      { wait: 10 },
      { data: 'three' },
      hold,
    ]);
    server.use(stream);
    const seen: SseMessage[] = [];
    render(<Feed<string> url="/feed" options={{ onMessage: (m) => seen.push(m) }} />);
    expect(text('status')).toBe('connecting');
    await waitFor(() => expect(text('data')).toBe('"three"'));
    expect(text('status')).toBe('open');
    expect(seen.map((m) => [m.type, m.data, m.lastEventId])).toEqual([
      ['message', 'one', '1'],
      ['message', 'two', '2'],
      // [spec] the last event ID persists across events that carry no id
      ['message', 'three', '2'],
    ]);
    expect(text('id')).toBe('2');
    expect(stream.requests).toHaveLength(1);
  });

  test('listens to the named events it is given, and only to those', async () => {
    server.use(
      scriptedStream('/named', [
        { event: 'price', data: '42' },
        { event: 'ignored', data: 'x' },
        { event: 'done', data: 'end' },
        hold,
      ]),
    );
    const seen: string[] = [];
    render(
      <Feed url="/named" options={{ events: ['price', 'done'], onMessage: (m) => seen.push(`${m.type}=${m.data}`) }} />,
    );
    await waitFor(() => expect(seen).toEqual(['price=42', 'done=end']));
    expect(text('data')).toBe('"end"');
  });

  test("parse: 'json' surfaces a malformed event as a parse error and keeps the stream going", async () => {
    server.use(
      scriptedStream('/json', [{ data: { n: 1 } }, { data: '{oops' }, { wait: 10 }, { data: { n: 3 } }, hold]),
    );
    const errors: SseError[] = [];
    const seen: unknown[] = [];
    render(
      <Feed<{ n: number }>
        url="/json"
        options={{ parse: 'json', onError: (e) => errors.push(e), onMessage: (m) => seen.push(m.data) }}
      />,
    );
    await waitFor(() => expect(seen).toEqual([{ n: 1 }, { n: 3 }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SseError);
    expect(errors[0]?.kind).toBe('parse');
    expect(errors[0]?.raw).toBe('{oops');
    expect(errors[0]?.cause).toBeInstanceOf(SyntaxError);
    await waitFor(() => expect(text('data')).toBe('{"n":3}'));
    expect(text('status')).toBe('open');
  });

  test('a parse error shows until a later event parses: then the stream is healthy and the error is gone', async () => {
    server.use(scriptedStream('/json-heal', [{ data: '{oops' }, { wait: 50 }, { data: { n: 2 } }, hold]));
    render(<Feed url="/json-heal" options={{ parse: 'json' }} />);
    await waitFor(() => expect(text('error')).toMatch(/^parse: Could not parse "message" data: /));
    expect(text('data')).toBe('');
    await waitFor(() => expect(text('data')).toBe('{"n":2}'));
    expect(text('error')).toBe('');
    expect(text('status')).toBe('open');
  });

  test("the lastEventId option is the result's lastEventId before the hook connects, and what it resumes from", async () => {
    const stream = scriptedStream('/resume-from', [{ data: 'next', id: '43' }, hold]);
    server.use(stream);
    const seen: string[] = [];
    function Resuming({ enabled }: { enabled: boolean }) {
      const { lastEventId } = useEventSource('/resume-from', { enabled, lastEventId: '42', lastEventIdParam: 'from' });
      seen.push(lastEventId);
      return <p data-testid="id">{lastEventId}</p>;
    }
    const { rerender } = render(<Resuming enabled={false} />);
    expect(text('id')).toBe('42'); // enabled: false
    rerender(<Resuming enabled />);
    await waitFor(() => expect(text('id')).toBe('43'));
    expect(seen[0]).toBe('42'); // the first render
    expect(seen).not.toContain('');
    expect(new URL(stream.requests[0]?.url ?? '').searchParams.get('from')).toBe('42');
  });

  test('a custom parse function that throws is a parse error, not a crash', async () => {
    server.use(scriptedStream('/custom', [{ data: '7' }, { data: 'x' }, { data: '9' }, hold]));
    const parse = (raw: string) => {
      const n = Number(raw);
      if (Number.isNaN(n)) throw new Error(`not a number: ${raw}`);
      return n;
    };
    const errors: SseError[] = [];
    const onError = (error: SseError) => errors.push(error);
    const { result } = renderHook(() => useEventSource('/custom', { parse, history: 5, onError }));
    await waitFor(() => expect(result.current.history.map((m) => m.data)).toEqual([7, 9]));
    expect(errors.map((e) => [e.kind, e.raw])).toEqual([['parse', 'x']]);
    expect(errors[0]?.message).toContain('not a number: x');
    expect(result.current.error).toBeUndefined(); // '9' parsed after it
  });

  test('closeWhen closes the connection after the matching event, and the server is not asked again', async () => {
    const stream = scriptedStream(
      '/job',
      [{ retry: 10 }, { data: 'working', id: '1' }, { data: 'finished', id: 'CLOSE' }, { close: true }],
      {
        onReconnect: 'replay',
      },
    );
    server.use(stream);
    const seen: string[] = [];
    render(
      <Feed
        url="/job"
        options={{ closeWhen: (m) => m.lastEventId === 'CLOSE', onMessage: (m) => seen.push(m.data as string) }}
      />,
    );
    await waitFor(() => expect(text('status')).toBe('closed'));
    expect(seen).toEqual(['working', 'finished']);
    expect(text('data')).toBe('"finished"');
    // A naive server replays on reconnect (retry: 10 ms). Give the browser many retry intervals to try.
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.requests).toHaveLength(1);
    expect(stream.openConnections).toBe(0);
  });

  test('close() closes the connection on the server side, open() opens a new one', async () => {
    const stream = scriptedStream('/toggle', [{ data: 'hi' }, hold]);
    server.use(stream);
    const { result } = renderHook(() => useEventSource('/toggle'));
    await waitFor(() => expect(result.current.data).toBe('hi'));
    const { close, open } = result.current;
    act(() => result.current.close());
    expect(result.current.status).toBe('closed');
    expect(result.current.readyState).toBe(2);
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests[0]?.closedBy).toBe('client');
    act(() => result.current.open());
    await waitFor(() => expect(result.current.status).toBe('open'));
    expect(stream.requests).toHaveLength(2);
    expect(stream.openConnections).toBe(1);
    // stable identities
    expect(result.current.close).toBe(close);
    expect(result.current.open).toBe(open);
  });

  test('unmounting closes the connection, as the server sees it', async () => {
    const stream = scriptedStream('/live', [{ data: 'hi' }, hold]);
    server.use(stream);
    const { unmount } = render(<Feed url="/live" />);
    await waitFor(() => expect(text('status')).toBe('open'));
    expect(stream.openConnections).toBe(1);
    unmount();
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests[0]?.closedBy).toBe('client');
  });

  test('unmounting while the request is in flight aborts it and reports nothing', async () => {
    const stream = scriptedStream('/slow', [hold]);
    server.use(stream);
    const onError = vi.fn();
    const onOpen = vi.fn();
    const { unmount } = render(<Feed url="/slow" options={{ onError, onOpen }} />);
    await waitFor(() => expect(stream.requests).toHaveLength(1));
    unmount();
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(onError).not.toHaveBeenCalled();
  });

  test('changing the url closes the old connection before opening the new one, and drops the old data', async () => {
    const a = scriptedStream('/a', [{ data: 'from a', id: 'a1' }, hold]);
    const b = scriptedStream('/b', [{ wait: 20 }, { data: 'from b' }, hold]);
    server.use(a, b);
    const { rerender } = render(<Feed url="/a" />);
    await waitFor(() => expect(text('data')).toBe('"from a"'));
    rerender(<Feed url="/b" />);
    expect(text('data')).toBe('');
    expect(text('id')).toBe('');
    await waitFor(() => expect(a.openConnections).toBe(0));
    expect(a.requests[0]?.closedBy).toBe('client');
    await waitFor(() => expect(text('data')).toBe('"from b"'));
    expect(b.requests).toHaveLength(1);
    expect(b.requests[0]?.lastEventId).toBeNull();
  });

  test('a null url is idle and requests nothing', () => {
    const { result } = renderHook(() => useEventSource(null));
    expect(result.current.status).toBe('idle');
    expect(result.current.readyState).toBe(2);
  });

  test('enabled: false stays idle, enabling connects, disabling again closes', async () => {
    const stream = scriptedStream('/gate', [{ data: 'hi' }, hold]);
    server.use(stream);
    const { result, rerender } = renderHook(({ enabled }) => useEventSource('/gate', { enabled }), {
      initialProps: { enabled: false },
    });
    expect(result.current.status).toBe('idle');
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(stream.requests).toHaveLength(0);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.status).toBe('open'));
    rerender({ enabled: false });
    expect(result.current.status).toBe('closed');
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests).toHaveLength(1);
  });

  test('StrictMode mount, unmount, mount sends exactly one request', async () => {
    const stream = scriptedStream('/strict', [{ data: 'once' }, hold]);
    server.use(stream);
    const counting = countingEventSource();
    render(
      <StrictMode>
        <Feed url="/strict" options={{ EventSource: counting.EventSource }} />
      </StrictMode>,
    );
    await waitFor(() => expect(text('data')).toBe('"once"'));
    expect(counting.urls).toHaveLength(1);
    expect(stream.requests).toHaveLength(1);
    expect(stream.maxOpenConnections).toBe(1);
  });

  test('without an EventSource the hook reports unsupported and never throws', async () => {
    vi.stubGlobal('EventSource', undefined);
    const onError = vi.fn();
    const { result } = renderHook(() => useEventSource('/anything', { onError }));
    expect(result.current.status).toBe('unsupported');
    expect(result.current.isSupported).toBe(false);
    await waitFor(() => expect(result.current.error?.kind).toBe('unsupported'));
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'unsupported' }));
    vi.unstubAllGlobals();
  });

  test('renders on the server without throwing or constructing an EventSource', () => {
    const counting = countingEventSource();
    vi.stubGlobal('document', undefined); // as on a server
    const html = renderToString(<Feed url="/ssr" options={{ EventSource: counting.EventSource }} />);
    vi.unstubAllGlobals();
    expect(html).toContain('connecting');
    expect(counting.urls).toHaveLength(0);
  });

  test('a 500 answer fails the connection: status failed, kind connection, no reconnect', async () => {
    const stream = scriptedStream('/broken', [], { status: 500 });
    server.use(stream);
    const { result } = renderHook(() => useEventSource('/broken'));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error).toBeInstanceOf(SseError);
    expect(result.current.error?.kind).toBe('connection');
    expect(result.current.error?.status).toBe(500);
    expect(result.current.readyState).toBe(2);
    expect(stream.requests).toHaveLength(1);
  });

  test('a wrong content type fails the connection', async () => {
    server.use(scriptedStream('/html', [], { contentType: 'text/html' }));
    const { result } = renderHook(() => useEventSource('/html'));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.kind).toBe('connection');
    expect(result.current.error?.message).toMatch(/content type/i);
  });

  test('reconnect: { attempts: 2 } makes exactly three requests, then fails with retries-exhausted', async () => {
    const stream = scriptedStream('/down', [], { status: 503 });
    server.use(stream);
    const statuses: string[] = [];
    const { result } = renderHook(() => {
      const r = useEventSource('/down', { reconnect: { attempts: 2, delay: 10 } });
      if (statuses.at(-1) !== r.status) statuses.push(r.status);
      return r;
    });
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(stream.requests).toHaveLength(3);
    expect(result.current.error?.kind).toBe('retries-exhausted');
    expect(result.current.error?.cause).toBeInstanceOf(SseError);
    expect(statuses).toContain('reconnecting');
    await new Promise((r) => setTimeout(r, 50));
    expect(stream.requests).toHaveLength(3);
  });

  test('open() after failed tries again', async () => {
    const stream = scriptedStream('/fail-once', [], { status: 500 });
    server.use(stream);
    const { result } = renderHook(() => useEventSource('/fail-once'));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    server.use(scriptedStream('/fail-once', [{ data: 'back' }, hold]));
    act(() => result.current.open());
    await waitFor(() => expect(result.current.data).toBe('back'));
    expect(result.current.status).toBe('open');
    expect(result.current.error).toBeUndefined();
  });

  test('a dropped stream is reconnecting, then open again, and the server saw Last-Event-ID', async () => {
    const stream = scriptedStream('/drop', [
      { retry: 20 },
      { data: 'a', id: '1' },
      { data: 'b', id: '2' },
      { drop: true },
      { data: 'c', id: '3' },
      hold,
    ]);
    server.use(stream);
    const statuses: string[] = [];
    const { result } = renderHook(() => {
      const r = useEventSource('/drop', { history: 10, commit: 'event' });
      if (statuses.at(-1) !== r.status) statuses.push(r.status);
      // The render reads every field the test asserts on (a spread reads them all): a component re-renders only for
      // the fields it read during render, and this one reads status.
      return { ...r };
    });
    await waitFor(() => expect(result.current.data).toBe('c'));
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(stream.requests.map((r) => r.lastEventId)).toEqual([null, '2']);
    expect(result.current.history.map((m) => m.lastEventId)).toEqual(['1', '2', '3']);
    expect(result.current.error).toBeUndefined();
  });

  test('history keeps only the last N messages, oldest first', async () => {
    const steps = Array.from({ length: 30 }, (_, i) => ({ data: String(i + 1), id: String(i + 1) }));
    server.use(scriptedStream('/many', [...steps, hold]));
    const { result } = renderHook(() => useEventSource('/many', { history: 5 }));
    await waitFor(() => expect(result.current.data).toBe('30'));
    expect(result.current.history.map((m) => m.data)).toEqual(['26', '27', '28', '29', '30']);
  });

  test('three hooks with share: true open one connection, closed when the last unmounts', async () => {
    const stream = scriptedStream('/shared', [{ data: 'tick' }, hold]);
    server.use(stream);
    function Three({ count }: { count: number }) {
      return (
        <>
          {Array.from({ length: count }, (_, i) => (
            <Feed key={i} url="/shared" options={{ share: true }} />
          ))}
        </>
      );
    }
    const { rerender, unmount } = render(<Three count={3} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('data').map((e) => e.textContent)).toEqual(['"tick"', '"tick"', '"tick"']),
    );
    expect(stream.requests).toHaveLength(1);
    rerender(<Three count={1} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(stream.openConnections).toBe(1);
    unmount();
    await waitFor(() => expect(stream.openConnections).toBe(0));
    expect(stream.requests).toHaveLength(1);
  });

  test('changing onMessage, parse or closeWhen never reconnects; the latest callback is called', async () => {
    const stream = scriptedStream('/cb', [{ data: 'first' }, { wait: 30 }, { data: 'second' }, hold]);
    server.use(stream);
    const calls: string[] = [];
    function Component() {
      const [n, setN] = useState(0);
      useEventSource('/cb', {
        onMessage: (m) => {
          calls.push(`v${n}:${m.data}`);
          setN((x) => x + 1);
        },
        closeWhen: () => false,
      });
      return <p>{n}</p>;
    }
    render(<Component />);
    await waitFor(() => expect(calls).toEqual(['v0:first', 'v1:second']));
    expect(stream.requests).toHaveLength(1);
  });

  test('an exception in onMessage does not break delivery', async () => {
    const reportError = vi.fn();
    vi.stubGlobal('reportError', reportError);
    server.use(scriptedStream('/throws', [{ data: '1' }, { data: '2' }, hold]));
    const seen: string[] = [];
    const { result } = renderHook(() =>
      useEventSource('/throws', {
        onMessage: (m) => {
          seen.push(m.data);
          if (m.data === '1') throw new Error('user bug');
        },
      }),
    );
    await waitFor(() => expect(result.current.data).toBe('2'));
    expect(seen).toEqual(['1', '2']);
    // reported as an uncaught error would be (window.onerror), not swallowed
    expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ message: 'user bug' }));
    vi.unstubAllGlobals();
  });
});
