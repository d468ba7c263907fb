// The component of the useSseProgress example (README, docs/testing.md), verbatim but for the import path.
import { useSseProgress } from '../../src';

export function Import() {
  const task = useSseProgress('/api/import');
  return (
    <section>
      <button type="button" onClick={task.start} disabled={task.status === 'running'}>
        Start Long Task
      </button>
      <button type="button" onClick={task.stop} disabled={task.status !== 'running'}>
        Stop Task
      </button>
      <label>
        Progress <progress max={100} value={task.progress} /> {Math.round(task.progress)}%
      </label>
      {task.error ? <p role="alert">{task.error.message}</p> : null}
      <ol aria-live="polite">
        {task.log.map((entry) => (
          <li key={entry.seq}>{entry.message}</li>
        ))}
      </ol>
    </section>
  );
}
