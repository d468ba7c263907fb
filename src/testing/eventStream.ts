/** The fields of one event, as a mocked server writes them. */
export interface EventFields {
  /** `undefined` writes no `id:` line; `''` writes an empty one, which resets the client's last event id. */
  id?: string | undefined;
  event?: string | undefined;
  data: string;
}

/** A `text/event-stream` response body that a mock writes to while it is open. */
export interface EventStream {
  /** The response to answer the request with. */
  readonly response: Response;
  /** Writes one event. */
  send(fields: EventFields): void;
  /** Writes a `retry:` field: the client's reconnection time, in ms. */
  retry(ms: number): void;
  /** Ends the response, as a server that returns does. */
  close(): void;
}

const encoder = new TextEncoder();

/**
 * The body written as a server writes it, field by field. MSW's `sse()` client leaves out an empty `id`, and an empty
 * `id:` line is how a server resets the last event id ([spec] "If the field name is "id": If the field value does not
 * contain U+0000 NULL, then set the last event ID buffer to the field value"), so the kit writes its own lines.
 */
export function eventStream(): EventStream {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      open = false;
    },
  });
  const write = (lines: string[]): void => {
    if (open) controller.enqueue(encoder.encode(`${lines.join('\n')}\n\n`));
  };
  return {
    response: new Response(body, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' },
    }),
    send({ id, event, data }) {
      const lines: string[] = [];
      if (id !== undefined) lines.push(`id:${id}`);
      if (event !== undefined) lines.push(`event:${event}`);
      // [spec] A data field per line: the client joins them with LF. An empty string is one empty data line, so the
      // event is still dispatched (with data '').
      for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data:${line}`);
      write(lines);
    },
    retry(ms) {
      write([`retry:${ms}`]);
    },
    close() {
      if (!open) return;
      open = false;
      controller.close();
    },
  };
}
