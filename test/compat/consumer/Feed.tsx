// A user's component for the consumer tests: the hook's state as text, and every event it received (its history), so a
// test can read what arrived even when several events share one commit.
import { type UseEventSourceOptions, useEventSource } from 'react-sse-kit';

export function Feed({ url, options }: { url: string; options?: UseEventSourceOptions<string> }) {
  const { status, data, error, lastEventId, history } = useEventSource<string>(url, { history: 20, ...options });
  return (
    <dl>
      <dt>status</dt>
      <dd data-testid="status">{status}</dd>
      <dt>data</dt>
      <dd data-testid="data">{data ?? ''}</dd>
      <dt>last event id</dt>
      <dd data-testid="id">{lastEventId}</dd>
      <dt>received</dt>
      <dd data-testid="received">{history.map((m) => `${m.type}:${m.data}:${m.lastEventId}`).join(' | ')}</dd>
      <dt>error</dt>
      <dd data-testid="error">{error ? `${error.kind} ${error.status ?? '-'}` : ''}</dd>
    </dl>
  );
}
