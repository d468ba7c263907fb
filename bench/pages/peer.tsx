// react-use-websocket's useEventSource (the most used peer), with React's production build.
import { useLayoutEffect } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { useEventSource } from 'react-use-websocket';
import { type BenchPage, floodMeter, nextTask, settle, sources } from './common';

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

// `commit` does not exist in the peer: it sets state (in flushSync) for every event.
function Flood({ url, meter }: { url: string; meter: ReturnType<typeof floodMeter>; commit: 'frame' | 'event' }) {
  const { lastEvent } = useEventSource(url, {
    onMessage: (event: MessageEvent<string>) => meter.event(event.data),
  });
  const data = lastEvent?.data as string | undefined;
  useLayoutEffect(() => meter.committed(data));
  return <p>{data}</p>;
}

const reached = new Set<number>();
function Subscriber({ url, share, index }: { url: string; share: boolean; index: number }) {
  const { readyState, lastEvent } = useEventSource(url, { share });
  useLayoutEffect(() => {
    if (readyState === 1 && lastEvent) reached.add(index);
  });
  return <p>{lastEvent?.data as string | undefined}</p>;
}

function Cycle({ url }: { url: string }) {
  const { readyState } = useEventSource(url);
  return <p>{readyState}</p>;
}

const page: BenchPage = {
  async flood(url, n, { commit = 'frame' } = {}) {
    const meter = floodMeter(n);
    mount(<Flood url={url} meter={meter} commit={commit} />);
    const result = await meter.done;
    unmount();
    return result;
  },
  async connections(url, count, share) {
    reached.clear();
    const before = sources.created;
    mount(
      Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
        <Subscriber key={index} url={url} share={share} index={index} />
      )),
    );
    await settle(() => reached.size, count);
    return { components: count, reachedOpen: reached.size, eventSources: sources.created - before };
  },
  cleanup: unmount,
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
