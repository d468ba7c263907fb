import { useLayoutEffect, useRef, useState } from 'react';
import { type SseError, useEventSource } from '../src';
import { StatusBadge } from './support/StatusBadge';

/** One line of the clock's log. */
interface Line {
  readonly text: string;
  readonly tone: 'normal' | 'muted' | 'error';
}

/**
 * The server clock demo: the server sends its time; the browser keeps the stream alive by itself, reconnecting
 * after a drop (the log says "Reconnecting…"), until a terminal failure ("Connection failed. Will not retry.").
 */
export function ServerClock({ url }: { url: string }) {
  const [running, setRunning] = useState(false);
  const [lines, setLines] = useState<readonly Line[]>([]);
  const append = (line: Line) => setLines((previous) => [...previous, line]);
  const logRef = useRef<HTMLDivElement>(null);

  const clock = useEventSource(url, {
    enabled: running,
    // Called once for every event, in order: every time the server sends is a line.
    onMessage: (message) => append({ text: `server time: ${message.data}`, tone: 'normal' }),
    onError: (error: SseError) => {
      if (error.willReconnect) append({ text: 'Reconnecting…', tone: 'muted' });
      else append({ text: 'Connection failed. Will not retry.', tone: 'error' });
    },
  });

  useLayoutEffect(() => {
    const box = logRef.current;
    if (box && lines.length > 0) box.scrollTop = box.scrollHeight;
  }, [lines.length]);

  if (clock.status === 'unsupported') {
    return <p className="notice">Your browser doesn't support server-sent events.</p>;
  }
  const live = running && clock.status !== 'failed';
  const start = () => {
    // After a terminal failure the hook stays `failed` until asked again.
    if (clock.status === 'failed') clock.open();
    setRunning(true);
  };
  const stop = () => {
    setRunning(false);
    append({ text: 'Clock Stopped.', tone: 'muted' });
  };
  return (
    <section className="demo" aria-label="Server clock">
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={start} disabled={live}>
          Start the clock
        </button>
        <button type="button" className="button" onClick={stop} disabled={!running}>
          Stop the clock
        </button>
        <StatusBadge status={clock.status} label="Connection" />
      </div>
      <div ref={logRef} className="log" role="log" aria-label="Clock log" tabIndex={0}>
        {lines.length === 0 ? (
          <p className="log__placeholder">Press “Start the clock” to connect.</p>
        ) : (
          lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows
            <p key={index} className={`log__line log__line--${line.tone}`}>
              {line.text}
            </p>
          ))
        )}
      </div>
    </section>
  );
}
