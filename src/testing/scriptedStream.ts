import { type HttpHandler, HttpResponse, sse } from 'msw';
import { closable } from './closable';
import { CLIENT_HEADER, installEventSource } from './install';
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
   * A new EventSource always starts the script from the beginning. Clients are told apart by a header that the kit's
   * EventSource ({@link installEventSource}) sends, so this holds before any id was sent; another EventSource's
   * reconnect is recognised by its `Last-Event-ID`.
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
  // Each client has its own run of the script, so concurrent clients never share a cursor. A client is known by the
  // kit's EventSource tag (CLIENT_HEADER): its reconnect continues its run, also before any id was sent, and a new
  // EventSource starts from the beginning. An untagged request (another EventSource) is a reconnect when it carries
  // the Last-Event-ID of a run the server ended.
  type Run = { cursor: number; lastId: string | null };
  const runs = new Map<string, Run>();
  const ended: Run[] = [];
  const handler = sse(url, ({ request, client }) => {
    const entry = tracker.record(request);
    if (options.status !== undefined) {
      entry.status = options.status;
      throw new HttpResponse(options.status === 204 ? null : 'mocked failure', { status: options.status });
    }
    if (options.contentType !== undefined) {
      throw new HttpResponse('data: not a stream\n\n', { headers: { 'content-type': options.contentType } });
    }
    const tag = request.headers.get(CLIENT_HEADER);
    const replay = options.onReconnect === 'replay';
    let run: Run | undefined;
    if (!replay && tag !== null) run = runs.get(tag);
    else if (!replay && entry.lastEventId !== null) {
      const index = ended.findIndex((r) => r.lastId === entry.lastEventId);
      if (index >= 0) run = ended.splice(index, 1)[0];
    }
    if (run && run.cursor >= steps.length) {
      // The script is over: a reconnect must not replay it. 204 makes the browser stop reconnecting.
      if (tag === null) ended.push(run);
      entry.status = 204;
      throw new HttpResponse(null, { status: 204 });
    }
    run ??= { cursor: 0, lastId: null };
    if (tag !== null) runs.set(tag, run);
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
          if (tag === null) ended.push(run);
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
