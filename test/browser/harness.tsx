// Helpers for the browser tests: mount a component that uses the hook (react-dom as an app would use it, no act
// environment), and ask the real server what it saw.
import { StrictMode, useLayoutEffect } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { inject } from 'vitest';
import {
  type EventSourceResult,
  type ParseOption,
  type SseError,
  type SseMessage,
  type SseStatus,
  type UseEventSourceOptions,
  useEventSource,
} from '../../src';
import type { RouteStats } from './server/fixtures';

const sseUrl = inject('sseUrl');
const controlUrl = inject('sseControlUrl');

let keys = 0;
/** A stats key unique to this run, so each case reads only its own connections. */
export const newKey = (name: string): string => `${name}-${Date.now().toString(36)}-${++keys}`;

/** A URL on the real server: `path` with `params` (and the stats key). */
export function streamUrl(path: string, params: Record<string, string | number> = {}): string {
  const url = new URL(path, sseUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, String(value));
  return url.href;
}

/** What the server saw for `key`. */
export async function serverStats(key: string): Promise<RouteStats> {
  const res = await fetch(`${controlUrl}/_stats?key=${encodeURIComponent(key)}`);
  return (await res.json()) as RouteStats;
}

/** Take the stream server down (open connections break, new ones are refused) and bring it back after `ms`. */
export async function serverDown(ms: number): Promise<void> {
  const res = await fetch(`${controlUrl}/_down?ms=${ms}`, { method: 'POST' });
  if (!res.ok) throw new Error(`could not take the server down: ${await res.text()}`);
}

/**
 * Yield to the event loop through a timer task (not a timed wait), long enough for the browser to put an
 * EventSource's request on the wire, so a close that follows races a request in flight.
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** What a mounted probe recorded. */
export interface Probe<T> {
  /** The result of the latest commit. */
  readonly result: EventSourceResult<T>;
  /** Every distinct status committed, in order. */
  readonly statuses: SseStatus[];
  /** Every message given to `onMessage`, in order. */
  readonly messages: SseMessage<T>[];
  /** Every error given to `onError`, in order. */
  readonly errors: SseError[];
  /** How many times React committed the probe. */
  readonly commits: number;
  /** Render again with a new url and options. */
  rerender(url: string | null, options?: UseEventSourceOptions<T>): void;
  unmount(): void;
}

const mounted = new Set<() => void>();

/** Unmount everything still mounted (call from `afterEach`). */
export function unmountAll(): void {
  for (const unmount of [...mounted]) unmount();
}

/**
 * Render a component that calls `useEventSource(url, options)` into the document, with react-dom's `createRoot` as
 * an application does, and record what it sees.
 */
export function mountProbe<T = string>(
  url: string | null,
  options: UseEventSourceOptions<T> = {},
  { strict = false }: { strict?: boolean } = {},
): Probe<T> {
  const statuses: SseStatus[] = [];
  const messages: SseMessage<T>[] = [];
  const errors: SseError[] = [];
  let latest: EventSourceResult<T> | undefined;
  let commits = 0;

  function ProbeComponent({ url, options }: { url: string | null; options: UseEventSourceOptions<T> }) {
    // A generic wrapper: the caller's parse fits its T. The probe takes every field in render (a copy), so it
    // re-renders whenever any of them changes and `latest` is never behind (renders are tracked: src/tracked.ts).
    const result = {
      ...useEventSource<T>(url, {
        ...(options as UseEventSourceOptions<T> & { parse: ParseOption<T> }),
        onMessage: (message) => {
          messages.push(message);
          options.onMessage?.(message);
        },
        onError: (error) => {
          errors.push(error);
          options.onError?.(error);
        },
      }),
    };
    useLayoutEffect(() => {
      commits += 1;
      latest = result;
      if (statuses[statuses.length - 1] !== result.status) statuses.push(result.status);
    });
    return <output data-status={result.status}>{result.status}</output>;
  }

  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  const render = (url: string | null, options: UseEventSourceOptions<T>): void => {
    const element = <ProbeComponent url={url} options={options} />;
    flushSync(() => root.render(strict ? <StrictMode>{element}</StrictMode> : element));
  };
  render(url, options);

  let alive = true;
  const unmount = (): void => {
    if (!alive) return;
    alive = false;
    mounted.delete(unmount);
    root.unmount();
    container.remove();
  };
  mounted.add(unmount);

  return {
    get result() {
      if (!latest) throw new Error('the probe has not committed yet');
      return latest;
    },
    statuses,
    messages,
    errors,
    get commits() {
      return commits;
    },
    rerender: (nextUrl, nextOptions = options) => render(nextUrl, nextOptions),
    unmount,
  };
}

/** The ids of `messages` as numbers. */
export const idsOf = (messages: readonly SseMessage<unknown>[]): number[] => messages.map((m) => Number(m.lastEventId));

/** Whether `ids` is exactly `from, from + 1, …, to`: nothing lost, nothing twice, in order. */
export function isConsecutive(ids: readonly number[], from: number, to: number): boolean {
  if (ids.length !== to - from + 1) return false;
  return ids.every((id, index) => id === from + index);
}

/**
 * Count the EventSources the page creates: Chromium's own EventSource, subclassed only to keep a list. Call
 * `restore()` when done.
 */
export function trackEventSources(): { readonly created: number; live(): number; restore(): void } {
  const Native = globalThis.EventSource;
  const instances: EventSource[] = [];
  class Tracked extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      instances.push(this);
    }
  }
  globalThis.EventSource = Tracked;
  return {
    get created() {
      return instances.length;
    },
    live: () => instances.filter((source) => source.readyState !== Native.CLOSED).length,
    restore: () => {
      globalThis.EventSource = Native;
    },
  };
}
