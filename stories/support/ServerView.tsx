import type { StreamRecord } from '../../src/testing';
import { useServerRecord } from './useServerRecord';

/** What the mocked server saw: every request with its `Last-Event-ID`, and the connections open now. */
export function ServerView({ stream, title = 'What the mock server saw' }: { stream: StreamRecord; title?: string }) {
  const { requests, openConnections, maxOpenConnections } = useServerRecord(stream);
  return (
    <section className="panel panel--server" aria-label="Mock server">
      <h3 className="panel__title">{title}</h3>
      <dl className="facts">
        <dt>Requests</dt>
        <dd>{requests.length}</dd>
        <dt>Open connections</dt>
        <dd>{openConnections}</dd>
        <dt>Most open at once</dt>
        <dd>{maxOpenConnections}</dd>
      </dl>
      {requests.length > 0 && (
        <ol className="requests" aria-label="Requests">
          {requests.map((request, index) => (
            // Requests are only ever appended.
            // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
            <li key={index}>
              <span className="mono">GET {new URL(request.url).pathname}</span> → {request.status}
              {' · '}Last-Event-ID: <span className="mono">{request.lastEventId ?? '(none)'}</span>
              {' · '}
              {request.open ? 'open' : request.closedBy ? `closed by ${request.closedBy}` : 'no stream'}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
