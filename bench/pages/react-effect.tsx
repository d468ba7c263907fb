// The floor for a React hook: a minimal useEffect + useState around Chromium's EventSource, no library.
// Used to tell React's own memory and commit costs from a library's.
import { useEffect, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { type BenchPage, floodMeter, nextTask, sources } from './common';

const container = document.createElement('div');
document.body.append(container);
let root: Root | undefined;
const mount = (element: React.ReactNode): void => {
  root ??= createRoot(container);
  flushSync(() => root?.render(element));
};
const unmount = (): void => {
  root?.unmount();
  root = undefined;
};
/** Unmount the component but keep the root, so a cycle measures the hook, not React's root setup. */
const clear = (): void => flushSync(() => root?.render(null));

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

function Flood({ url, meter }: { url: string; meter: ReturnType<typeof floodMeter> }) {
  const [onMessage] = useState(() => (data: string) => {
    meter.event(data);
  });
  const data = useMinimalEventSource(url, onMessage);
  useLayoutEffect(() => meter.committed(data));
  return <p>{data}</p>;
}

function Cycle({ url }: { url: string }) {
  const data = useMinimalEventSource(url);
  return <p>{data}</p>;
}

const page: BenchPage = {
  async flood(url, n) {
    const meter = floodMeter(n);
    mount(<Flood url={url} meter={meter} />);
    const result = await meter.done;
    unmount();
    return result;
  },
  async cycles(url, count) {
    const before = sources.created;
    for (let i = 0; i < count; i++) {
      mount(<Cycle key={i} url={url} />);
      await nextTask();
      clear();
    }
    unmount();
    return { created: sources.created - before, live: sources.live() };
  },
};
window.bench = page;
