import type { EventSourceResult } from '../../src';

const show = (value: unknown): string => (value === undefined ? '—' : JSON.stringify(value));

/** Every field of a `useEventSource` result, as a person would inspect it. */
export function ResultView<T>({
  result,
  title = 'useEventSource result',
}: {
  result: EventSourceResult<T>;
  title?: string;
}) {
  const { status, readyState, isSupported, data, lastEvent, lastEventId, error, history } = result;
  return (
    <section className="panel" aria-label={title}>
      <h3 className="panel__title">{title}</h3>
      <dl className="facts">
        <dt>status</dt>
        <dd className="mono">{status}</dd>
        <dt>readyState</dt>
        <dd className="mono">{readyState}</dd>
        <dt>isSupported</dt>
        <dd className="mono">{String(isSupported)}</dd>
        <dt>data</dt>
        <dd className="mono">{show(data)}</dd>
        <dt>lastEvent</dt>
        <dd className="mono">{lastEvent ? `${lastEvent.type} · ${lastEvent.raw}` : '—'}</dd>
        <dt>lastEventId</dt>
        <dd className="mono">{lastEventId === '' ? '""' : lastEventId}</dd>
        <dt>error</dt>
        <dd className={error ? 'mono error-text' : 'mono'}>{error ? `${error.kind}: ${error.message}` : '—'}</dd>
        <dt>history</dt>
        <dd>
          {history.length === 0 ? (
            '—'
          ) : (
            <ol className="history">
              {history.map((message, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a bounded, append-only window of events
                <li key={index} className="mono">
                  {message.type} #{message.lastEventId || '—'}: {message.raw}
                </li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}
