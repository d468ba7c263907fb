import { type HttpHandler, HttpResponse, http } from 'msw';
import { closable } from './closable';
import { eventStream } from './eventStream';
import { CLIENT_HEADER, installEventSource } from './install';
import { type StreamRecord, sleep, Tracker, withRecord } from './track';

/** Send one event. `data` objects are JSON-encoded; a function is called at send time (for a clock, say). */
export interface SendStep {
  /** The event's data; none sends an event with empty data. */
  data?: unknown;
  /** The `id:` field. `''` sends an empty `id:` line, which resets the client's last event id ([spec]). */
  id?: string | undefined;
  /** The event type (`event:`); none is a `message`. */
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

const isSend = (step: StreamStep): step is SendStep =>
  !('wait' in step || 'retry' in step || 'drop' in step || 'close' in step);

/** Options of {@link scriptedStream}. */
export interface ScriptedStreamOptions {
  /** Answer every request with this HTTP status and no stream (500, 404, 204, …): a terminal failure. */
  status?: number | undefined;
  /** Answer every request with this content type instead of `text/event-stream`: a terminal failure. */
  contentType?: string | undefined;
  /**
   * What a reconnect gets. `'continue'`: the script goes on where the previous connection stopped, and once it has
   * finished the reconnect is answered `204 No Content`, which tells the browser to stop. `'replay'`: every request
   * starts the script from the beginning, as a naive server would.
   *
   * Under `'continue'`, a request resumes as a server that honours the last event id would:
   * - the EventSource's own reconnect (after a drop or a `close` step) continues its own run of the script, also before
   *   any id was sent. Clients are told apart by a header that the kit's EventSource ({@link installEventSource})
   *   sends;
   * - a request that carries a last event id (the `Last-Event-ID` header, else the {@link lastEventIdParam} query
   *   parameter) from a new EventSource (a `reconnect` retry, a stall recovery, `open()` after `failed`, a reload with
   *   the `lastEventId` option) goes on from where the connection that sent that id stopped, or, when none did, from
   *   the step after the one that sent that id. An id the script never sent starts it from the beginning;
   * - a request with no id starts the script from the beginning.
   * @defaultValue 'continue'
   */
  onReconnect?: 'continue' | 'replay' | undefined;
  /**
   * The query parameter from which the mock reads the last event id when a request has no `Last-Event-ID` header, as
   * better-sse (`lastEventId`) and Mercure (`lastEventID`) do: give it the hook's `lastEventIdParam`.
   * @defaultValue undefined (only the header is read)
   */
  lastEventIdParam?: string | undefined;
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
  const replay = options.onReconnect === 'replay';
  // A run is one client's way through the script. Each client has its own, so concurrent clients never share a cursor.
  type Run = { cursor: number; lastId: string | null };
  const runs: Run[] = [];
  const byClient = new Map<string, Run>();
  // An id the script never sent: -1 + 1, the beginning.
  const afterId = (id: string): number => steps.findIndex((step) => isSend(step) && step.id === id) + 1;
  /** The run a request belongs to, created when it starts one. */
  const runFor = (request: Request, lastEventId: string | null): Run => {
    if (replay) return { cursor: 0, lastId: null };
    const tag = request.headers.get(CLIENT_HEADER);
    const own = tag === null ? undefined : byClient.get(tag);
    if (own) return own; // the EventSource's own reconnect
    let run: Run = { cursor: 0, lastId: null };
    if (lastEventId) {
      // A new connection that resumes: where the last run that sent this id got to (past a stall or a drop, which
      // belonged to that connection), else after the step that sent it. A copy, so two clients never share one.
      const sent = [...runs].reverse().find((r) => r.lastId === lastEventId);
      run = sent ? { ...sent } : { cursor: afterId(lastEventId), lastId: lastEventId };
    }
    runs.push(run);
    if (tag !== null) byClient.set(tag, run);
    return run;
  };
  const handler = http.get(url, ({ request }) => {
    // As MSW's sse(): only what an EventSource asks for. Other requests go on to other handlers.
    if (!request.headers.get('accept')?.includes('text/event-stream')) return undefined;
    const entry = tracker.record(request);
    if (options.status !== undefined) {
      entry.status = options.status;
      return new HttpResponse(options.status === 204 ? null : 'mocked failure', { status: options.status });
    }
    if (options.contentType !== undefined) {
      return new HttpResponse('data: not a stream\n\n', { headers: { 'content-type': options.contentType } });
    }
    const param = options.lastEventIdParam;
    const lastEventId = entry.lastEventId ?? (param ? new URL(request.url).searchParams.get(param) : null);
    const run = runFor(request, lastEventId);
    if (run.cursor >= steps.length && steps.length > 0) {
      // The script is over: a reconnect must not replay it. 204 makes the browser stop reconnecting. (An empty script
      // is never over: it keeps its response open.)
      entry.status = 204;
      return new HttpResponse(null, { status: 204 });
    }
    const end = tracker.opened(entry, request.signal);
    const stream = eventStream();
    // Not awaited: MSW answers only after the resolver returns, so the stream must run on its own.
    void (async () => {
      while (run.cursor < steps.length && entry.open) {
        const step = steps[run.cursor] as StreamStep;
        run.cursor += 1;
        if (isSend(step)) {
          const value = typeof step.data === 'function' ? (step.data as () => unknown)() : step.data;
          const data = value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
          if (step.id !== undefined) run.lastId = step.id;
          stream.send({ id: step.id, event: step.event, data });
        } else if ('wait' in step) await sleep(step.wait, request.signal);
        else if ('retry' in step) stream.retry(step.retry);
        else {
          // A drop ends the response too: an errored body is something the fetch-based EventSource cannot handle in
          // Node. Either way the browser reconnects with Last-Event-ID.
          end('server');
          stream.close();
        }
      }
    })();
    return stream.response;
  });
  return withRecord(closable(handler), tracker);
}
