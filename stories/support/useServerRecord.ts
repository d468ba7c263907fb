import { useRef, useSyncExternalStore } from 'react';
import type { StreamRecord, StreamRequest } from '../../src/testing';

/** A copy of what a mocked stream saw, without the headers. */
export interface ServerRecord {
  readonly requests: readonly Omit<StreamRequest, 'headers'>[];
  readonly openConnections: number;
  readonly maxOpenConnections: number;
}

// A stream's record is plain data with no change events: the view looks at it a few times a second.
const subscribe = (onChange: () => void): (() => void) => {
  const timer = setInterval(onChange, 100);
  return () => clearInterval(timer);
};

/** What the mock server has seen so far, kept current while the component is mounted. */
export function useServerRecord(stream: StreamRecord): ServerRecord {
  const cache = useRef<{ key: string; record: ServerRecord } | null>(null);
  const getSnapshot = (): ServerRecord => {
    const record: ServerRecord = {
      requests: stream.requests.map(({ headers: _headers, ...request }) => request),
      openConnections: stream.openConnections,
      maxOpenConnections: stream.maxOpenConnections,
    };
    const key = JSON.stringify(record);
    if (cache.current?.key !== key) cache.current = { key, record };
    return cache.current.record;
  };
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
