import { type HttpHandler, HttpResponse, sse } from 'msw';
import { closable } from './closable';
import { installEventSource } from './install';
import { type StreamRecord, sleep, Tracker, withRecord } from './track';

/** Send one event. `data` objects are JSON-encoded; a function is called at send time (for a clock, say). */
export interface SendStep {
  data?: unknown;
  id?: string | undefined;
  event?: string | undefined;
}
/** Send a `retry:` field: the reconnection time, in ms, the browser uses after a drop. */
export interface RetryStep {
  retry: number;
}
/** Wait this many ms before the next step. */
export interface WaitStep {
  wait: number;
}
/**
 * Cut the connection mid-stream, as a restarting server or a proxy would. The browser sees the stream end and
 * reconnects after `retry` ms, sending `Last-Event-ID`.
 */
export interface DropStep {
  drop: true;
}
/** End the response normally (the browser still reconnects after `retry`, as the spec says). */
export interface CloseStep {
  close: true;
}
/** One step of a scripted stream. */
export type StreamStep = SendStep | RetryStep | WaitStep | DropStep | CloseStep;

/** Options of {@link scriptedStream}. */
export interface ScriptedStreamOptions {
  /** Answer every request with this HTTP status and no stream (500, 404, 204, …): a terminal failure. */
  status?: number | undefined;
  /** Answer every request with this content type instead of `text/event-stream`: a terminal failure. */
  contentType?: string | undefined;
  /**
   * What a reconnect (a request that carries `Last-Event-ID`) gets. `'continue'`: the script goes on where the
   * previous connection stopped, and once it has finished the reconnect is answered `204 No Content`, which tells
   * the browser to stop. `'replay'`: the script runs again from the start, as a naive server would.
   * A request without `Last-Event-ID` (a new EventSource) always starts the script from the beginning.
   * @defaultValue 'continue'
   */
  onReconnect?: 'continue' | 'replay' | undefined;
}

/** An MSW handler for a mocked stream, with what the mock saw. Pass it to `server.use()` or `setupWorker()`. */
export type SseStreamHandler = HttpHandler & StreamRecord;

/**
 * A mocked stream that plays a script: send events, wait, set `retry`, drop or close the connection.
 *
 * @example
 * const stream = scriptedStream('/api/feed', [{ data: 'one', id: '1' }, { wait: 10 }, { event: 'done', data: '' }, { close: true }]);
 * server.use(stream);
 * // …render, then: expect(stream.requests).toHaveLength(1)
 */
export function scriptedStream(
  url: string,
  steps: readonly StreamStep[],
  options: ScriptedStreamOptions = {},
): SseStreamHandler {
  installEventSource();
  const tracker = new Tracker();
  // Runs the server ended (drop/close) wait for their browser's reconnect, which carries the last id that run sent
  // (none if it sent none). A reconnect continues its own run, so concurrent clients never share a cursor.
  type Run = { cursor: number; lastId: string | null };
  const awaiting: Run[] = [];
  const handler = sse(url, ({ request, client }) => {
    const entry = tracker.record(request);
    if (options.status !== undefined) {
      entry.status = options.status;
      throw new HttpResponse(options.status === 204 ? null : 'mocked failure', { status: options.status });
    }
    if (options.contentType !== undefined) {
      throw new HttpResponse('data: not a stream\n\n', { headers: { 'content-type': options.contentType } });
    }
    const index =
      options.onReconnect === 'replay'
        ? -1
        : awaiting.findIndex(
            (r) => r.lastId === entry.lastEventId && (entry.lastEventId !== null || r.cursor < steps.length),
          );
    const resume = index >= 0;
    const run: Run = resume ? (awaiting.splice(index, 1)[0] as Run) : { cursor: 0, lastId: null };
    if (resume && run.cursor >= steps.length) {
      // The script is over: a reconnect must not replay it. 204 makes the browser stop reconnecting.
      awaiting.push(run);
      entry.status = 204;
      throw new HttpResponse(null, { status: 204 });
    }
    const end = tracker.opened(entry, request.signal);
    // Not awaited: MSW answers only after the resolver returns, so the stream must run on its own.
    void (async () => {
      while (run.cursor < steps.length && entry.open) {
        const step = steps[run.cursor] as StreamStep;
        run.cursor += 1;
        if ('wait' in step) await sleep(step.wait, request.signal);
        else if ('retry' in step) client.send({ retry: step.retry });
        else if ('drop' in step || 'close' in step) {
          // A drop ends the response: MSW's client.error() errors the body with no reason, which the fetch-based
          // EventSource cannot handle in Node. Either way the browser reconnects with Last-Event-ID.
          end('server');
          awaiting.push(run);
          client.close();
        } else {
          const data = typeof step.data === 'function' ? (step.data as () => unknown)() : step.data;
          if (step.id !== undefined) run.lastId = step.id;
          client.send({ id: step.id, event: step.event, data: data ?? '' } as Parameters<typeof client.send>[0]);
        }
      }
    })();
  });
  return withRecord(closable(handler), tracker);
}
