// What the React pages share: one root, mounted synchronously, and the three measurements built on it.
// Each page brings only its components, which differ in the hook they use.
import type { ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { type BenchPage, floodMeter, nextTask, settle, sources } from './common';

/** The components of one library's page. */
export interface ReactPageComponents {
  /** Renders the latest event and reports every event and every commit to the meter. */
  Flood: ComponentType<{
    url: string;
    meter: ReturnType<typeof floodMeter>;
    commit: 'frame' | 'event';
    heartbeatTimeout?: number | undefined;
    transport?: 'eventsource' | 'fetch' | undefined;
  }>;
  /** Mounts the hook once; unmounted again at once by `cycles`. */
  Cycle: ComponentType<{ url: string }>;
  /** One of many components on one URL; adds its index to `reached` once it saw OPEN and an event. */
  Subscriber?: ComponentType<{ url: string; share: boolean; index: number; reached: Set<number> }>;
  /**
   * One of many components on one shared connection under a flood: the first reports every event to the meter,
   * every one reports its commits to `commit`.
   */
  SharedFlood?: ComponentType<{
    url: string;
    index: number;
    meter: ReturnType<typeof floodMeter>;
    commit: (data: string | undefined) => void;
  }>;
}

/** The bench page of a React library, as `bench/run.mjs` drives it through `window.bench`. */
export function reactBenchPage({ Flood, Cycle, Subscriber, SharedFlood }: ReactPageComponents): BenchPage {
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

  const page: BenchPage = {
    async flood(url, n, { commit = 'frame', heartbeatTimeout, transport } = {}) {
      const meter = floodMeter(n);
      mount(
        <Flood url={url} meter={meter} commit={commit} heartbeatTimeout={heartbeatTimeout} transport={transport} />,
      );
      const result = await meter.done;
      unmount();
      return result;
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
  if (Subscriber) {
    page.connections = async (url, count, share) => {
      const reached = new Set<number>();
      const before = sources.created;
      mount(
        Array.from({ length: count }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          <Subscriber key={index} url={url} share={share} index={index} reached={reached} />
        )),
      );
      await settle(() => reached.size, count);
      return { components: count, reachedOpen: reached.size, eventSources: sources.created - before };
    };
  }
  if (SharedFlood) {
    page.sharedFlood = async (url, n, count) => {
      const meter = floodMeter(n);
      // React's production build has no Profiler timings, so commits are counted from the components' layout
      // effects: all of one commit's effects run in one go, before any microtask, so a commit counts once.
      let commits = 0;
      let inCommit = false;
      let shown = 0;
      const commit = (data: string | undefined): void => {
        if (data === undefined) return; // the mount, and the commit of `open`: before the flood
        if (!inCommit) {
          inCommit = true;
          commits += 1;
          shown = 0;
          queueMicrotask(() => {
            inCommit = false;
          });
        }
        if (data === String(n)) shown += 1;
        if (shown === count) meter.committed(data, false);
      };
      mount(
        Array.from({ length: count }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
          <SharedFlood key={index} url={url} index={index} meter={meter} commit={commit} />
        )),
      );
      const result = await meter.done;
      unmount();
      return { ...result, commits };
    };
  }
  return page;
}
