import { useState } from 'react';
import { type SseError, useEventSource } from '../src';
import { LogBox, type LogLine } from './support/LogBox';
import { StatusBadge } from './support/StatusBadge';

/**
 * The server clock demo: the server sends its time; the browser keeps the stream alive by itself, reconnecting
 * after a drop (the log says "Reconnecting…"), until a terminal failure ("Connection failed. Will not retry.").
 */
export function ServerClock({ url }: { url: string }) {
  const [running, setRunning] = useState(false);
  const [lines, setLines] = useState<readonly LogLine[]>([]);
  const append = (line: LogLine) => setLines((previous) => [...previous, line]);

  const clock = useEventSource(url, {
    enabled: running,
    // Called once for every event, in order: every time the server sends is a line.
    onMessage: (message) => append({ text: `server time: ${message.data}`, tone: 'normal' }),
    onError: (error: SseError) => {
      if (error.willReconnect) append({ text: 'Reconnecting…', tone: 'muted' });
      else append({ text: 'Connection failed. Will not retry.', tone: 'error' });
    },
  });

  if (clock.status === 'unsupported') {
    return <p className="notice">Your browser doesn't support server-sent events.</p>;
  }
  // After a terminal failure the clock is not running: nothing to stop, and Start asks again.
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
        <button type="button" className="button" onClick={stop} disabled={!live}>
          Stop the clock
        </button>
        <StatusBadge status={clock.status} label="Connection" />
      </div>
      <LogBox label="Clock log" lines={lines} placeholder="Press “Start the clock” to connect." />
    </section>
  );
}
