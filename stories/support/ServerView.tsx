import type { ReactNode } from 'react';
import type { StreamRecord } from '../../src/testing';
import { type ServerRecord, useServerRecord } from './useServerRecord';

/** One request as the list shows it by default: path, status, `Last-Event-ID` and how it ended. */
const requestLine = (request: ServerRecord['requests'][number]): ReactNode => (
  <>
    <span className="mono">GET {new URL(request.url).pathname}</span> → {request.status}
    {' · '}Last-Event-ID: <span className="mono">{request.lastEventId ?? '(none)'}</span>
    {' · '}
    {request.open ? 'open' : request.closedBy ? `closed by ${request.closedBy}` : 'no stream'}
  </>
);

/**
 * What the mocked server saw: every request (by default with its `Last-Event-ID`; `line` shows it otherwise), and the
 * connections open now.
 */
export function ServerView({
  stream,
  title = 'What the mock server saw',
  line = requestLine,
}: {
  stream: StreamRecord;
  title?: string;
  line?: (request: ServerRecord['requests'][number]) => ReactNode;
}) {
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
            <li key={index}>{line(request)}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
