import { useId } from 'react';
import { type ProgressLogEntry, useSseProgress } from '../src';
import { LogBox, type LogLine } from './support/LogBox';

/** The task's log as lines: the server's messages, then how the task ended. */
function linesOf(log: readonly ProgressLogEntry[], status: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const entry of log) {
    if (entry.kind === 'error') lines.push({ text: `Error: ${entry.message}`, tone: 'error' });
    else if (entry.kind === 'complete') {
      if (entry.message) lines.push({ text: entry.message, tone: 'normal' });
      // The completion event: the client closes now, so the browser never re-requests (and re-runs) the task.
      lines.push({ text: `Received ${entry.id} closing`, tone: 'done' });
    } else lines.push({ text: entry.message, tone: 'normal' });
  }
  if (status === 'stopped') lines.push({ text: 'Interrupted', tone: 'error' });
  return lines;
}

/**
 * The long-running task demo: the server runs a task and streams `{message, progress}` events, then an event
 * with id `CLOSE`. `useSseProgress` turns them into a progress bar and a log.
 */
export function LongTask({ url }: { url: string }) {
  const task = useSseProgress(url);
  const barId = useId();
  const lines = linesOf(task.log, task.status);

  if (task.status === 'unsupported') {
    return <p className="notice">Your browser doesn't support server-sent events.</p>;
  }
  const running = task.status === 'running';
  const percent = Math.round(task.progress);
  return (
    <section className="demo" aria-label="Long task with progress">
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={task.start} disabled={running}>
          Start Long Task
        </button>
        <button type="button" className="button" onClick={task.stop} disabled={!running}>
          Stop Task
        </button>
      </div>
      <div className="meter">
        <label htmlFor={barId} className="meter__label">
          Task progress
        </label>
        <progress id={barId} className="meter__bar" max={100} value={percent} />
        <output htmlFor={barId} className="meter__value" aria-hidden="true">
          {percent}%
        </output>
      </div>
      <LogBox
        label="Task log"
        lines={lines}
        placeholder={running ? 'Waiting for the server…' : 'Press “Start Long Task” to run it.'}
      />
    </section>
  );
}
