// Shared by the benchmark pages (bundled by esbuild into each page; runs in Chromium).

/** What a flood run measured in the page. */
export interface FloodResult {
  /** Events handed to the library's per-event callback (`onMessage`, or the bare `message` listener). */
  delivered: number;
  /** Of those, how many arrived in order (data equal to the expected sequence number). */
  inOrder: number;
  /** Milliseconds from the first event to the last one, at the per-event callback. */
  firstToLastMs: number;
  /**
   * Milliseconds from the start of the run (before the page creates its client) to the last event: with the request,
   * the response's headers and whatever a client buffers before its first event (a CORS preflight for the fetch
   * clients that send non-safelisted headers).
   */
  startToLastMs: number;
  /**
   * Milliseconds from the first event to the first animation frame after the last event was committed (for the bare
   * page: after the last event), i.e. when the browser could paint it.
   */
  firstToPaintedMs: number;
  /** React commits of the component from the first event until the last one was committed. */
  commits: number;
  /** Animation frames the browser ran from the first event until the painted frame. */
  frames: number;
  /** Milliseconds after the first event: commits (the first 200), frames, and the last event (for `--trace`). */
  trace: { commits: number[]; frames: number[]; last: number };
}

/**
 * Options of a flood run: react-sse-kit's `commit`, its stall watchdog and its `transport` (the react-sse-kit page),
 * and the client of the bare page. Other pages ignore them.
 */
export interface FloodOptions {
  commit?: 'frame' | 'event';
  heartbeatTimeout?: number;
  transport?: 'eventsource' | 'fetch';
  /**
   * The bare page's client, with no React: Chromium's `EventSource` (the default), the library's fetch transport, or
   * `@microsoft/fetch-event-source`.
   */
  client?: 'EventSource' | 'FetchEventSource' | 'fetchEventSource';
}

/** What the connections run saw in the page. */
export interface ConnectionsResult {
  /** Components mounted. */
  components: number;
  /** Components that reached OPEN and received an event. */
  reachedOpen: number;
  /** EventSource objects the page created. */
  eventSources: number;
}

/** What a page offers the runner (bench/run.mjs calls these through page.evaluate). */
export interface BenchPage {
  flood(url: string, n: number, options?: FloodOptions): Promise<FloodResult>;
  /** Mount `count` components on `url` and wait until they are open (or no more open). Leaves them mounted. */
  connections?(url: string, count: number, share: boolean): Promise<ConnectionsResult>;
  /**
   * Mount `count` components with `share: true` on `url` and run a flood through them: every event reaches the first
   * one's `onMessage`; `commits` counts React commits of the whole app until all of them show the last event.
   */
  sharedFlood?(url: string, n: number, count: number): Promise<FloodResult>;
  /** Unmount what `connections` mounted. */
  cleanup?(): void;
  cycles(url: string, count: number): Promise<{ created: number; live: number }>;
}

declare global {
  interface Window {
    bench?: BenchPage;
  }
}

/** Count the EventSources the page creates (Chromium's own, subclassed only to keep a list). */
export function trackEventSources(): { readonly created: number; live(): number } {
  const Native = globalThis.EventSource;
  const instances: EventSource[] = [];
  globalThis.EventSource = class Tracked extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      instances.push(this);
    }
  };
  return {
    get created() {
      return instances.length;
    },
    live: () => instances.filter((source) => source.readyState !== Native.CLOSED).length,
  };
}

export const sources = trackEventSources();

/** Yield a task, so the browser can start the request of an EventSource created just before. */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Resolves when `count()` reaches `target`, or has not grown for `quietMs` (connections beyond the browser's limit wait). */
export async function settle(count: () => number, target: number, quietMs = 1000): Promise<number> {
  let last = -1;
  let since = performance.now();
  while (count() < target) {
    if (count() !== last) {
      last = count();
      since = performance.now();
    } else if (performance.now() - since > quietMs) break;
    await nextTask();
  }
  return count();
}

/** Counts animation frames between `start()` and `stop()`. */
export function frameCounter(): { start(): void; stop(): number; times: number[] } {
  let frames = 0;
  let handle = 0;
  let running = false;
  const times: number[] = [];
  const tick = (): void => {
    frames += 1;
    times.push(performance.now());
    handle = requestAnimationFrame(tick);
  };
  return {
    times,
    start() {
      if (running) return;
      running = true;
      handle = requestAnimationFrame(tick);
    },
    stop() {
      running = false;
      cancelAnimationFrame(handle);
      return frames;
    },
  };
}

/** Bookkeeping of one flood run: call `event(data)` per event and `rendered(data)` per commit. */
export function floodMeter(n: number) {
  const tStart = performance.now();
  const frames = frameCounter();
  let delivered = 0;
  let inOrder = 0;
  let t0 = 0;
  let tLast = 0;
  let commits = 0;
  const commitTimes: number[] = [];
  let resolve: (result: FloodResult) => void = () => {};
  const done = new Promise<FloodResult>((r) => {
    resolve = r;
  });
  let finished = false;
  // A run that loses events never sees the last one: report what arrived instead of hanging.
  const deadline = setTimeout(() => {
    tLast = Number.NaN;
    finish();
  }, 30_000);
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(deadline);
    // The frame that can paint the last event. For a commit made inside an animation frame (react-sse-kit's default),
    // this is the next frame, so the figure is conservative by up to one frame there.
    requestAnimationFrame(() => {
      const tPainted = performance.now();
      resolve({
        delivered,
        inOrder,
        firstToLastMs: tLast - t0,
        startToLastMs: tLast - tStart,
        firstToPaintedMs: tPainted - t0,
        commits,
        frames: frames.stop(),
        trace: {
          commits: commitTimes.map((t) => Math.round(t - t0)),
          frames: frames.times.map((t) => Math.round(t - t0)),
          last: Math.round(tLast - t0),
        },
      });
    });
  };
  return {
    done,
    /** The per-event callback saw `data`. Returns true for the last event. */
    event(data: string): boolean {
      delivered += 1;
      if (delivered === 1) {
        t0 = performance.now();
        frames.start();
      }
      if (Number(data) === delivered) inOrder += 1;
      if (delivered !== n) return false;
      tLast = performance.now();
      return true;
    },
    /** React committed the component showing `data` (`undefined` before the first event). */
    committed(data: string | undefined, react = true): void {
      if (delivered === 0) return;
      if (react) {
        commits += 1;
        if (commitTimes.length < 200) commitTimes.push(performance.now());
      }
      if (data === String(n) && delivered === n) finish();
    },
  };
}
