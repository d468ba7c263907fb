// lastEventIdHeader() with ids outside ASCII: [spec] the Last-Event-ID header is "the last event ID string, encoded
// as UTF-8". Header values are ByteStrings, so the bytes go one character each; a server reading the header as UTF-8
// reads the id back. Before, `ü` went out as one byte, and an id above U+00FF made fetch throw on every request.
import { renderHook, waitFor } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { HttpResponse, http } from 'msw';
import { expect, test } from 'vitest';
import { lastEventIdHeader, useEventSource } from '../../src';
import { server } from '../server';

/** The header as a server that decodes it as UTF-8 reads it. */
const readUtf8 = (header: string | null) =>
  header === null ? null : new TextDecoder().decode(Uint8Array.from(header, (char) => char.charCodeAt(0)));

const stream = (body: string) => new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });

test.each(['ü', '✓ done', 'über-✓-😀'])('the lastEventId %j reaches the server as the same id', async (id) => {
  const seen: (string | null)[] = [];
  server.use(
    http.get('/utf8-resume', ({ request }) => {
      seen.push(readUtf8(request.headers.get('last-event-id')));
      return stream('retry: 60000\n\ndata: resumed\n\n');
    }),
  );
  const { result } = renderHook(() =>
    useEventSource('/utf8-resume', { EventSource, eventSourceInit: lastEventIdHeader(), lastEventId: id }),
  );
  await waitFor(() => expect(result.current.data).toBe('resumed'));
  expect(seen[0]).toBe(id);
});

test("an id above U+00FF from the stream goes back on the EventSource's own reconnect, and fetch does not throw", async () => {
  const seen: (string | null)[] = [];
  server.use(
    http.get('/utf8-reconnect', ({ request }) => {
      const id = readUtf8(request.headers.get('last-event-id'));
      seen.push(id);
      // Request 1 ends after one event, so the EventSource reconnects by itself with the id it holds.
      return stream(id === null ? 'retry: 5\nid: ✓-1\ndata: first\n\n' : `retry: 60000\n\ndata: after ${id}\n\n`);
    }),
  );
  const { result } = renderHook(() =>
    useEventSource('/utf8-reconnect', { EventSource, eventSourceInit: lastEventIdHeader() }),
  );
  await waitFor(() => expect(result.current.data).toBe('after ✓-1'));
  expect(seen.slice(0, 2)).toEqual([null, '✓-1']);
});
