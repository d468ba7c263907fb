// The "before" of docs/recipes.md's migration recipe: react-use-websocket's `useEventSource`, imported under its own
// name as an app would (migrate-react-use-websocket.test.tsx runs it beside the "after").
import { ReadyState, useEventSource } from 'react-use-websocket';

export interface Status {
  version: number;
}

export function Before({ onStatus }: { onStatus: (status: Status) => void }) {
  // --- before ---
  const { lastEvent, readyState } = useEventSource('/api/status', {
    withCredentials: true,
    events: { message: (event) => onStatus(JSON.parse(event.data)) },
  });
  // --- end ---
  const latest = lastEvent ? (JSON.parse(lastEvent.data) as Status) : undefined;
  return <p>{`before: ${readyState === ReadyState.OPEN ? 'open' : readyState} v${latest?.version ?? '-'}`}</p>;
}
