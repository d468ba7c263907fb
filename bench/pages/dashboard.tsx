// The dashboard benchmark's page (bench/dashboard.mjs): 100 rows of prices on one shared stream of `{ symbol, price }`
// ticks, built with React's profiling build (react-dom/client is aliased to react-dom/profiling), so that a
// `<Profiler onRender>` around each row counts its renders. Each dashboard-*.tsx page brings only its `Row`.
import { type ComponentType, Profiler, type ProfilerOnRenderCallback } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

/** One tick of the stream. */
export interface Tick {
  symbol: string;
  price: number;
}

/** How a row shows a price (and `…` before its symbol's first tick). */
export const formatPrice = (price: number | undefined): string => (price === undefined ? '…' : price.toFixed(2));

/** What every page's row renders: the symbol and its price, in a cell the harness reads at the end of each frame. */
export function Cells({ symbol, price }: { symbol: string; price: number | undefined }) {
  return (
    <tr>
      <th>{symbol}</th>
      <td data-symbol={symbol}>{formatPrice(price)}</td>
    </tr>
  );
}

/** What one run measured in the page (bench/dashboard.mjs turns it into rates). */
export interface DashboardResult {
  /** Ticks the page's EventSource received (a `message` listener of its own, added before the library's). */
  ticks: number;
  /** Milliseconds from the first tick to the `done` event after the last one: the span of the rates. */
  ms: number;
  /** Milliseconds from the `done` event to the end of the frame after it (the end of the counts). */
  tailMs: number;
  /** Row renders (the rows' `<Profiler onRender>` calls) in that span. */
  renders: number;
  /** React commits that rendered any row (the outer `<Profiler onRender>` calls) in that span. */
  commits: number;
  /** Milliseconds React spent rendering the rows in that span (the outer Profiler's `actualDuration`, summed). */
  renderMs: number;
  /** Animation frames in that span. */
  frames: number;
  /** Text changes of the price cells in the DOM (a MutationObserver), painted or not. */
  domWrites: number;
  /**
   * Distinct (symbol, price) pairs that a frame showed: the cells are read at the end of every frame (see
   * `endOfFrame`), so a value written and overwritten within one frame is not counted.
   */
  shown: number;
  /**
   * Distinct (symbol, price) pairs that could have been shown: the latest tick received for a symbol at the end of a
   * frame (a tick followed by another of its symbol before the frame ended can be shown by no frame-bound renderer).
   */
  showable: number;
  /** Of `shown`, the pairs that were showable (the rest would be prices never sent: a bug). */
  shownShowable: number;
  /** Stale cells (shown price ≠ latest received) at the end of the first frame after 0.5 s, 1.5 s, … 9.5 s. */
  samples: number[];
  /** Frames that ended with at least one stale cell, and the most stale cells at the end of any frame. */
  staleFrames: number;
  maxStale: number;
  /** Stale cells at the end of every frame, summed (divide by frames for the mean). */
  staleSum: number;
}

declare global {
  interface Window {
    dashboard?: { run(url: string, symbols: string[]): Promise<DashboardResult> };
  }
}

/** Counts what the page's EventSources receive: every tick, and the latest price of each symbol. */
function trackTicks() {
  const latest = new Map<string, string>();
  const state = { ticks: 0, first: 0, done: 0, onTick: (_symbol: string, _price: string) => {} };
  const Native = globalThis.EventSource;
  globalThis.EventSource = class Tracked extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      // Added in the constructor, so before the library's own listener: it sees every tick first.
      this.addEventListener('message', (event: MessageEvent<string>) => {
        const tick = JSON.parse(event.data) as Tick;
        if (state.ticks === 0) state.first = performance.now();
        state.ticks += 1;
        const price = formatPrice(tick.price);
        latest.set(tick.symbol, price);
        state.onTick(tick.symbol, price);
      });
      this.addEventListener('done', () => {
        state.done = performance.now();
      });
    }
  };
  return { latest, state };
}

/**
 * Calls `callback` at the end of every frame: after every `requestAnimationFrame` callback of that frame (whoever
 * registered it, the library's frame flush included) and the microtasks they queued (where React commits a
 * `useSyncExternalStore` update), and before the frame is painted. A ResizeObserver does this: the browser delivers
 * its notifications in the same rendering update, after the animation frame callbacks and the style and layout
 * they caused. Observing an element anew from a frame callback notifies once, in that frame. No task (so no event
 * of the stream) can run between the commit and the callback: what it reads is what the frame paints.
 */
function endOfFrame(callback: (now: number) => void): () => void {
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;width:1px;height:1px;top:0;left:0';
  document.body.append(probe);
  let stopped = false;
  const observer = new ResizeObserver(() => {
    observer.unobserve(probe);
    if (!stopped) callback(performance.now());
  });
  const frame = (): void => {
    if (stopped) return;
    observer.observe(probe);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return () => {
    stopped = true;
    observer.disconnect();
    probe.remove();
  };
}

/** Mounts 100 `Row`s (each in a Profiler) on `url` when `window.dashboard.run` is called, and measures the run. */
export function dashboardPage(
  Row: ComponentType<{ url: string; symbol: string }>,
  /** Rendered once next to the rows, outside their Profilers (a hand-written store's feed). */
  Feed?: ComponentType<{ url: string }>,
): void {
  const { latest, state } = trackTicks();
  window.dashboard = {
    run(url, symbols) {
      const container = document.createElement('div');
      document.body.append(container);
      const root = createRoot(container);
      let renders = 0;
      let commits = 0;
      let renderMs = 0;
      const counting = (): boolean => state.ticks > 0;
      const onRow: ProfilerOnRenderCallback = () => {
        if (counting()) renders += 1;
      };
      const onAll: ProfilerOnRenderCallback = (_id, _phase, actualDuration) => {
        if (!counting()) return;
        commits += 1;
        renderMs += actualDuration;
      };
      flushSync(() =>
        root.render(
          <>
            {Feed && <Feed url={url} />}
            <table>
              <Profiler id="rows" onRender={onAll}>
                <tbody>
                  {symbols.map((symbol) => (
                    <Profiler key={symbol} id={symbol} onRender={onRow}>
                      <Row url={url} symbol={symbol} />
                    </Profiler>
                  ))}
                </tbody>
              </Profiler>
            </table>
          </>,
        ),
      );
      const cells = symbols.map((symbol) => {
        const cell = container.querySelector<HTMLElement>(`td[data-symbol="${symbol}"]`);
        if (!cell) throw new Error(`no cell for ${symbol}`);
        return { symbol, cell, text: cell.textContent ?? '' };
      });

      let domWrites = 0;
      const mutations = new MutationObserver((records) => {
        if (counting()) domWrites += records.length;
      });
      mutations.observe(container, { subtree: true, characterData: true, childList: true });

      // Showable: the latest price of each symbol that ticked since the last frame ended.
      const ticked = new Set<string>();
      state.onTick = (symbol) => ticked.add(symbol);
      const shown = new Set<string>();
      const showable = new Set<string>();
      const samples: number[] = [];
      let frames = 0;
      let staleFrames = 0;
      let maxStale = 0;
      let staleSum = 0;
      let doneFrames = 0;

      return new Promise<DashboardResult>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no done event (${state.ticks} ticks)`)), 60_000);
        const stop = endOfFrame((now) => {
          if (!counting()) return;
          frames += 1;
          for (const symbol of ticked) showable.add(`${symbol}=${latest.get(symbol)}`);
          ticked.clear();
          let stale = 0;
          for (const entry of cells) {
            const text = entry.cell.textContent ?? '';
            if (text !== entry.text) {
              entry.text = text;
              shown.add(`${entry.symbol}=${text}`);
            }
            const expected = latest.get(entry.symbol);
            if (expected !== undefined && text !== expected) stale += 1;
          }
          if (stale > 0) staleFrames += 1;
          maxStale = Math.max(maxStale, stale);
          staleSum += stale;
          // One sample at the end of the first frame after 0.5 s, 1.5 s, … 9.5 s of the run.
          if (samples.length < 10 && now - state.first >= samples.length * 1000 + 500) samples.push(stale);
          // The frame after the last tick's frame ends the run.
          if (state.done > 0 && ++doneFrames === 2) {
            clearTimeout(deadline);
            stop();
            mutations.disconnect();
            root.unmount();
            container.remove();
            resolve({
              ticks: state.ticks,
              ms: state.done - state.first,
              tailMs: now - state.done,
              renders,
              commits,
              renderMs,
              frames,
              domWrites,
              shown: shown.size,
              showable: showable.size,
              shownShowable: [...shown].filter((pair) => showable.has(pair)).length,
              samples,
              staleFrames,
              maxStale,
              staleSum,
            });
          }
        });
      });
    },
  };
}
