// react-sse's useEventSource, built from src/ with React's production build.
import { useLayoutEffect } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { useEventSource } from '../../src';
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

function Flood({
  url,
  meter,
  commit,
}: {
  url: string;
  meter: ReturnType<typeof floodMeter>;
  commit: 'frame' | 'event';
}) {
  const { data } = useEventSource(url, {
    commit,
    onMessage: (message) => meter.event(message.data),
  });
  useLayoutEffect(() => meter.committed(data));
  return <p>{data}</p>;
}

const reached = new Set<number>();
function Subscriber({ url, share, index }: { url: string; share: boolean; index: number }) {
  const { status, data } = useEventSource(url, { share });
  useLayoutEffect(() => {
    if (status === 'open' && data !== undefined) reached.add(index);
  });
  return <p>{data}</p>;
}

function Cycle({ url }: { url: string }) {
  const { status } = useEventSource(url);
  return <p>{status}</p>;
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
