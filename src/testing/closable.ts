import { type HttpHandler, http } from 'msw';

/**
 * Wraps a stream handler so the mock always hears when the client goes away.
 *
 * In Node, `msw/node` aborts `request.signal` when the EventSource closes. In the browser, MSW's service worker
 * only cancels the response body and never aborts the signal, so a mock would keep writing to a cancelled stream
 * (MSW logs an error for each write), a kept-open clock would tick forever, and the record would never show the
 * client closing. Here the body is passed through a stream whose `cancel` aborts the request the mock sees, and
 * the original signal is forwarded too.
 */
export function closable(stream: HttpHandler): HttpHandler {
  return http.get(stream.info.path, async ({ request, requestId }) => {
    const client = new AbortController();
    const abort = (): void => client.abort(request.signal.reason);
    if (request.signal.aborted) abort();
    else request.signal.addEventListener('abort', abort, { once: true });
    const result = await stream.run({
      request: new Request(request, { signal: client.signal }),
      requestId,
      resolutionContext: { quiet: true },
    });
    const response = result?.response;
    if (!response?.body) return response;
    const reader = response.body.getReader();
    const isStream = response.status === 200 && /^text\/event-stream/i.test(response.headers.get('content-type') ?? '');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // msw 3 in Node answers through a mocked socket, and Node's HTTP writer sends the headers only with the first
        // body byte: a stream that has sent no event yet would never open. A comment line (ignored by every
        // EventSource, [spec] "If the line starts with a U+003A COLON character, ignore the line") opens it at once,
        // as a real server's flushed headers do. msw 2 and the browser's service worker open either way.
        if (isStream) controller.enqueue(new TextEncoder().encode(':\n\n'));
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        // First the signal, so the mock ends its stream itself; then let go of what is left of it.
        client.abort(reason);
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}
