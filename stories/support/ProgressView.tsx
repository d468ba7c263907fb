import type { ProgressResult } from '../../src';

/** Every field of a `useSseProgress` result, as a person would inspect it. */
export function ProgressView({ task, title = 'useSseProgress result' }: { task: ProgressResult; title?: string }) {
  const { status, progress, message, lastEventId, connection, error, log } = task;
  return (
    <section className="panel" aria-label={title}>
      <h3 className="panel__title">{title}</h3>
      <dl className="facts">
        <dt>status</dt>
        <dd className="mono">{status}</dd>
        <dt>progress</dt>
        <dd className="mono">{progress}</dd>
        <dt>message</dt>
        <dd className="mono">{message ?? '—'}</dd>
        <dt>lastEventId</dt>
        <dd className="mono">{lastEventId === '' ? '""' : lastEventId}</dd>
        <dt>connection</dt>
        <dd className="mono">{connection}</dd>
        <dt>error</dt>
        <dd className={error ? 'mono error-text' : 'mono'}>{error ? `${error.kind}: ${error.message}` : '—'}</dd>
        <dt>log</dt>
        <dd>
          {log.length === 0 ? (
            '—'
          ) : (
            <ol className="history" aria-label="log">
              {log.map((entry, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows (bounded by logLimit)
                <li key={index} className={entry.kind === 'error' ? 'mono error-text' : 'mono'}>
                  {entry.kind} #{entry.id || '—'}: {entry.message}
                  {entry.progress === undefined ? '' : ` (${entry.progress})`}
                </li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}
