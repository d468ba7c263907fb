// Resume with a header-capable EventSource: the `eventsource` package with lastEventIdHeader() sends Last-Event-ID
// as a header on a library retry too, where a browser's EventSource could not. Against MSW, in jsdom.
import { renderHook, waitFor } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { lastEventIdHeader, useEventSource, useSseProgress } from '../../src';
import { server } from '../server';

/** Request 1: ids 1..3, then the response ends; request 2 (the package's own reconnect): 500; then ids after the header. */
function flaky(url: string) {
  const seen: (string | null)[] = [];
  const handler = http.get(url, ({ request }) => {
    seen.push(request.headers.get('last-event-id'));
    if (seen.length === 2) return new HttpResponse('down', { status: 500 });
    const from = Number(request.headers.get('last-event-id') ?? 0) + 1;
    const count = seen.length === 1 ? 3 : 2;
    let body = 'retry: 5\n\n';
    for (let i = from; i < from + count; i++) body += `id: ${i}\ndata: event ${i}\n\n`;
    return new HttpResponse(body, {
      headers: { 'content-type': 'text/event-stream' },
    });
  });
  return { handler, seen };
}

test('a library retry sends Last-Event-ID as a header, and the ids run on', async () => {
  const endpoint = flaky('/header-resume');
  server.use(endpoint.handler);
  const ids: string[] = [];
  const { result } = renderHook(() =>
    useEventSource('/header-resume', {
      EventSource,
      eventSourceInit: lastEventIdHeader(),
      reconnect: { attempts: 1, delay: 5 },
      onMessage: (message) => ids.push(message.lastEventId),
    }),
  );
  // (Each mocked response ends after its events, so the package goes on reconnecting, with the header, after that.)
  await waitFor(() => expect(ids.slice(0, 5)).toEqual(['1', '2', '3', '4', '5']));
  expect(endpoint.seen.slice(0, 3)).toEqual([null, '3', '3']);
  await waitFor(() => expect(Number(result.current.lastEventId)).toBeGreaterThanOrEqual(5));
});

test('useSseProgress passes lastEventIdParam and lastEventId through to its connection', async () => {
  const urls: string[] = [];
  server.use(
    http.get('/task-resume', ({ request }) => {
      urls.push(request.url);
      return new HttpResponse('id: CLOSE\ndata: {"message":"Process complete"}\n\n', {
        headers: { 'content-type': 'text/event-stream' },
      });
    }),
  );
  const { result } = renderHook(() =>
    useSseProgress('/task-resume', { autoStart: true, lastEventIdParam: 'lastEventId', lastEventId: '7' }),
  );
  await waitFor(() => expect(result.current.status).toBe('done'));
  expect(new URL(urls[0] ?? '').searchParams.get('lastEventId')).toBe('7');
});
