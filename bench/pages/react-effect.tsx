// The floor for a React hook: a minimal useEffect + useState around Chromium's EventSource, no library.
// Used to tell React's own memory and commit costs from a library's.
import { useEffect, useLayoutEffect, useState } from 'react';
import { reactBenchPage } from './reactPage';

function useMinimalEventSource(url: string, onMessage?: (data: string) => void): string | undefined {
  const [data, setData] = useState<string>();
  useEffect(() => {
    const source = new EventSource(url);
    source.onmessage = (event: MessageEvent<string>) => {
      onMessage?.(event.data);
      setData(event.data);
    };
    return () => source.close();
  }, [url, onMessage]);
  return data;
}

window.bench = reactBenchPage({
  Flood({ url, meter }) {
    const [onMessage] = useState(() => (data: string) => {
      meter.event(data);
    });
    const data = useMinimalEventSource(url, onMessage);
    useLayoutEffect(() => meter.committed(data));
    return <p>{data}</p>;
  },
  Cycle({ url }) {
    const data = useMinimalEventSource(url);
    return <p>{data}</p>;
  },
});
