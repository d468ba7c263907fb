import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, test, vi } from 'vitest';
import { SseError, useSseProgress } from '../../src';
import { progressStream, scriptedStream } from '../../src/testing';
import { countingEventSource } from '../countingEventSource';
import { server } from '../server';

const hold = { wait: 60_000 };
const settle = (ms = 80) => act(() => new Promise((r) => setTimeout(r, ms)));

function Task({ url, autoStart = false }: { url: string; autoStart?: boolean }) {
  const task = useSseProgress(url, { autoStart });
  return (
    <section>
      <button type="button" onClick={task.start}>
        Start
      </button>
      <button type="button" onClick={task.stop}>
        Stop
      </button>
      <progress aria-label="progress" max={100} value={task.progress} />
      <output data-testid="status">{task.status}</output>
      <output data-testid="percent">{task.progress}%</output>
      <ol aria-label="log">
        {task.log.map((entry) => (
          <li key={`${entry.at}-${entry.id}-${entry.message}`}>{entry.message}</li>
        ))}
      </ol>
    </section>
  );
}

describe('useSseProgress', () => {
  test('runs a task to done with the log in order, in exactly one request, and never re-requests it', async () => {
    // A naive server that replays on reconnect: only the client closing on CLOSE keeps the task from running twice.
    const task = progressStream('/task', { steps: 10, interval: 2, retry: 10, onReconnect: 'replay' });
    server.use(task);
    render(<Task url="/task" />);
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(task.requests).toHaveLength(0);
    act(() => screen.getByText('Start').click());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'));
    expect(screen.getByTestId('percent').textContent).toBe('100%');
    const log = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(log).toEqual([...Array.from({ length: 10 }, (_, i) => `on iteration ${i + 1} of 10`), 'Process complete']);
    await settle();
    expect(task.requests).toHaveLength(1);
    expect(task.openConnections).toBe(0);
  });

  test('reports progress, message and lastEventId as events arrive, and calls onProgress and onComplete', async () => {
    server.use(progressStream('/steps', { steps: 4, interval: 1 }));
    const onProgress = vi.fn();
    const onComplete = vi.fn();
    const { result } = renderHook(() => useSseProgress('/steps', { autoStart: true, onProgress, onComplete }));
    await waitFor(() => expect(result.current.status).toBe('done'));
    expect(onProgress.mock.calls.map((c) => c[0])).toEqual([25, 50, 75, 100]);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(onComplete.mock.calls[0]?.[0]).toMatchObject({
      lastEventId: 'CLOSE',
      data: { message: 'Process complete' },
    });
    expect(result.current.message).toBe('Process complete');
    expect(result.current.lastEventId).toBe('CLOSE');
    expect(result.current.log.map((e) => [e.id, e.progress, e.kind])).toEqual([
      ['1', 25, 'progress'],
      ['2', 50, 'progress'],
      ['3', 75, 'progress'],
      ['4', 100, 'progress'],
      ['CLOSE', undefined, 'complete'],
    ]);
  });

  test('stop() midway closes the connection, as the server sees it', async () => {
    const task = progressStream('/stoppable', { steps: 10, interval: 30 });
    server.use(task);
    const { result } = renderHook(() => useSseProgress('/stoppable'));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.progress).toBeGreaterThanOrEqual(20));
    act(() => result.current.stop());
    expect(result.current.status).toBe('stopped');
    const at = result.current.progress;
    await waitFor(() => expect(task.openConnections).toBe(0));
    expect(task.requests[0]?.closedBy).toBe('client');
    await settle(100);
    expect(result.current.progress).toBe(at);
    expect(task.requests).toHaveLength(1);
  });

  test('resume: false — a drop midway fails the task and the server is never asked again', async () => {
    const task = progressStream('/drops', { steps: 10, interval: 2, failAt: 4, retry: 10 });
    server.use(task);
    const { result } = renderHook(() => useSseProgress('/drops', { autoStart: true }));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.progress).toBe(30);
    expect(result.current.error).toBeInstanceOf(SseError);
    expect(result.current.error?.kind).toBe('connection');
    expect(result.current.error?.message).toBe('The connection was lost; not reconnecting');
    expect(result.current.log.at(-1)?.kind).toBe('error');
    expect(result.current.connection).toBe('failed');
    await settle(100); // ten retry intervals
    expect(task.requests).toHaveLength(1);
  });

  test('resume: true — after a drop the browser reconnects with Last-Event-ID and the task finishes', async () => {
    const task = progressStream('/resumable', { steps: 6, interval: 2, failAt: 3, retry: 10 });
    server.use(task);
    const { result } = renderHook(() => useSseProgress('/resumable', { autoStart: true, resume: true }));
    await waitFor(() => expect(result.current.status).toBe('done'));
    expect(task.requests.map((r) => r.lastEventId)).toEqual([null, '2']);
    // The drop is in the log, between the last event before it and the first one after.
    expect(result.current.log.map((e) => e.id || e.kind)).toEqual(['1', '2', 'error', '3', '4', '5', '6', 'CLOSE']);
    expect(result.current.error).toBeUndefined();
  });

  test('start() twice makes two separate requests; the first one is closed', async () => {
    const task = progressStream('/twice', { steps: 10, interval: 20 });
    server.use(task);
    const { result } = renderHook(() => useSseProgress('/twice'));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.progress).toBeGreaterThan(0));
    act(() => result.current.start());
    expect(result.current.progress).toBe(0);
    expect(result.current.log).toEqual([]);
    await waitFor(() => expect(task.requests).toHaveLength(2));
    expect(task.requests[1]?.lastEventId).toBeNull();
    await waitFor(() => expect(task.requests[0]?.open).toBe(false));
    expect(task.requests[0]?.closedBy).toBe('client');
  });

  test('select maps other payload shapes ({loaded, total})', async () => {
    server.use(
      scriptedStream('/bytes', [
        { id: '1', data: { loaded: 25, total: 200 } },
        { id: '2', data: { loaded: 150, total: 200 } },
        { id: 'CLOSE', data: { loaded: 200, total: 200 } },
        hold,
      ]),
    );
    const { result } = renderHook(() =>
      useSseProgress<{ loaded: number; total: number }>('/bytes', {
        autoStart: true,
        select: (d) => ({ progress: (d.loaded / d.total) * 100, message: `${d.loaded} of ${d.total} bytes` }),
      }),
    );
    await waitFor(() => expect(result.current.status).toBe('done'));
    expect(result.current.log.map((e) => [e.progress, e.message])).toEqual([
      [12.5, '25 of 200 bytes'],
      [75, '150 of 200 bytes'],
      [100, '200 of 200 bytes'],
    ]);
  });

  test('bad payloads are errors in error and in the log, never a crash or NaN; the task goes on', async () => {
    server.use(
      scriptedStream('/bad', [
        { id: '1', data: '{"progress": 10, "message": "ok"' },
        { id: '2', data: { progress: 'thirty', message: 'words' } },
        { id: '3', data: { progress: 250, message: 'too much' } },
        { id: '4', data: { progress: -4, message: 'too little' } },
        { id: '5', data: { progress: null, message: 'no number' } },
        { id: 'CLOSE', data: 'Process complete (not JSON)' },
        hold,
      ]),
    );
    const errors: SseError[] = [];
    const { result } = renderHook(() => useSseProgress('/bad', { autoStart: true, onError: (e) => errors.push(e) }));
    await waitFor(() => expect(result.current.status).toBe('done'));
    expect(errors.map((e) => e.kind)).toEqual(['parse', 'parse']);
    expect(errors[0]?.raw).toBe('{"progress": 10, "message": "ok"');
    expect(errors[1]?.message).toContain('progress is not a finite number: "thirty"');
    expect(result.current.log.map((e) => [e.kind, e.progress])).toEqual([
      ['error', undefined],
      ['error', undefined],
      ['progress', 100],
      ['progress', 0],
      ['progress', undefined],
      ['complete', undefined],
    ]);
    expect(result.current.log.at(-1)?.message).toBe('Process complete (not JSON)');
    expect(result.current.progress).toBe(100);
  });

  test('isComplete finishes on another signal (event: done)', async () => {
    const stream = scriptedStream('/named-done', [
      { id: '1', data: { progress: 50 } },
      { event: 'done', data: {} },
      hold,
    ]);
    server.use(stream);
    const { result } = renderHook(() =>
      useSseProgress('/named-done', { autoStart: true, events: ['done'], isComplete: (m) => m.type === 'done' }),
    );
    await waitFor(() => expect(result.current.status).toBe('done'));
    await waitFor(() => expect(stream.openConnections).toBe(0));
  });

  test('unmounting while running closes the connection', async () => {
    const task = progressStream('/unmount', { steps: 10, interval: 30 });
    server.use(task);
    const { unmount } = render(<Task url="/unmount" autoStart />);
    await waitFor(() => expect(task.openConnections).toBe(1));
    unmount();
    await waitFor(() => expect(task.openConnections).toBe(0));
    expect(task.requests[0]?.closedBy).toBe('client');
  });

  test('autoStart under StrictMode starts the task once', async () => {
    const task = progressStream('/strict-task', { steps: 3, interval: 1 });
    server.use(task);
    const counting = countingEventSource();
    function StrictTask() {
      const t = useSseProgress('/strict-task', { autoStart: true, EventSource: counting.EventSource });
      return <output data-testid="status">{t.status}</output>;
    }
    render(
      <StrictMode>
        <StrictTask />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('done'));
    expect(counting.urls).toHaveLength(1);
    expect(task.requests).toHaveLength(1);
  });

  test('autoStart waits for a url that arrives after mount, starts once, and never again after reset()', async () => {
    const task = progressStream('/later', { steps: 2, interval: 1 });
    server.use(task);
    const { result, rerender } = renderHook(({ url }) => useSseProgress(url, { autoStart: true }), {
      initialProps: { url: null as string | null },
    });
    expect(result.current.status).toBe('idle');
    rerender({ url: '/later' });
    await waitFor(() => expect(result.current.status).toBe('done'));
    act(() => result.current.reset());
    rerender({ url: '/later' });
    await settle();
    expect(result.current.status).toBe('idle');
    expect(task.requests).toHaveLength(1);
  });

  test('a 500 fails the task with kind connection', async () => {
    server.use(scriptedStream('/task-500', [], { status: 500 }));
    const { result } = renderHook(() => useSseProgress('/task-500', { autoStart: true }));
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.kind).toBe('connection');
    expect(result.current.connection).toBe('failed');
    expect(result.current.log).toHaveLength(1);
  });

  test('without an EventSource the task is unsupported and start() does not throw', async () => {
    vi.stubGlobal('EventSource', undefined);
    const { result } = renderHook(() => useSseProgress('/nowhere'));
    expect(result.current.status).toBe('unsupported');
    act(() => result.current.start());
    await waitFor(() => expect(result.current.error?.kind).toBe('unsupported'));
    expect(result.current.status).toBe('unsupported');
  });

  test('reset() returns to idle and closes the connection', async () => {
    const task = progressStream('/resettable', { steps: 10, interval: 30 });
    server.use(task);
    const { result } = renderHook(() => useSseProgress('/resettable', { autoStart: true }));
    await waitFor(() => expect(result.current.progress).toBeGreaterThan(0));
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', progress: 0, log: [], message: undefined });
    await waitFor(() => expect(task.openConnections).toBe(0));
  });

  test('the log keeps at most logLimit entries, the newest', async () => {
    server.use(progressStream('/long', { steps: 20, interval: 0 }));
    const { result } = renderHook(() => useSseProgress('/long', { autoStart: true, logLimit: 3 }));
    await waitFor(() => expect(result.current.status).toBe('done'));
    expect(result.current.log.map((e) => e.id)).toEqual(['19', '20', 'CLOSE']);
  });
});
