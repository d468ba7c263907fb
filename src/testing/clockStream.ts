import { sse } from 'msw';
import { closable } from './closable';
import { installEventSource } from './install';
import type { SseStreamHandler } from './scriptedStream';
import { sleep, Tracker, withRecord } from './track';

/** Options of {@link clockStream}. */
export interface ClockStreamOptions {
  /**
   * `'keep-open'` keeps the response open and sends the time every `interval`; `'per-response'` sends one time and
   * ends each response, so the browser reconnects after `retry` ms, as the spec says.
   * @defaultValue 'keep-open'
   */
  mode?: 'keep-open' | 'per-response' | undefined;
  /**
   * Milliseconds between times, in `'keep-open'` mode.
   * @defaultValue 1000
   */
  interval?: number | undefined;
  /**
   * The `retry:` field sent first, in ms: the browser's wait before it reconnects.
   * @defaultValue 1000
   */
  retry?: number | undefined;
  /** The clock. @defaultValue () => new Date() */
  now?: (() => Date) | undefined;
  /** How a time is written. @defaultValue hh:mm:ss, local time */
  format?: ((date: Date) => string) | undefined;
}

const hhmmss = (date: Date): string => date.toTimeString().slice(0, 8);

/** A mocked server clock: a `retry:` field, then the time as the event data. */
export function clockStream(url: string, options: ClockStreamOptions = {}): SseStreamHandler {
  installEventSource();
  const { mode = 'keep-open', interval = 1000, retry = 1000, now = () => new Date(), format = hhmmss } = options;
  const tracker = new Tracker();
  const handler = sse(url, ({ request, client }) => {
    const entry = tracker.record(request);
    const end = tracker.opened(entry, request.signal);
    void (async () => {
      client.send({ retry });
      client.send({ data: format(now()) });
      if (mode === 'per-response') {
        end('server');
        client.close();
        return;
      }
      while (entry.open) {
        await sleep(interval, request.signal);
        if (entry.open) client.send({ data: format(now()) });
      }
    })();
  });
  return withRecord(closable(handler), tracker);
}
