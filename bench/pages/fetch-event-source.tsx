// @microsoft/fetch-event-source 2.0.1 (the most used fetch SSE client) as its users write it with React: a useEffect
// that starts `fetchEventSource` with an AbortController and sets state for every message, the same shape as the
// hand-written EventSource hook of react-effect.tsx. `openWhenHidden: true`, so a background tab does not abort it.
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useEffect, useLayoutEffect, useState } from 'react';
import { reactBenchPage } from './reactPage';

function useFetchEventSource(url: string, onMessage?: (data: string) => void): string | undefined {
  const [data, setData] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    void fetchEventSource(url, {
      signal: controller.signal,
      openWhenHidden: true,
      onmessage: (message) => {
        onMessage?.(message.data);
        setData(message.data);
      },
    });
    return () => controller.abort();
  }, [url, onMessage]);
  return data;
}

window.bench = reactBenchPage({
  Flood({ url, meter }) {
    const [onMessage] = useState(() => (data: string) => {
      meter.event(data);
    });
    const data = useFetchEventSource(url, onMessage);
    useLayoutEffect(() => meter.committed(data));
    return <p>{data}</p>;
  },
  Cycle({ url }) {
    const data = useFetchEventSource(url);
    return <p>{data}</p>;
  },
});
