// The page every tab of the cross-tab tests and benchmarks loads (bundled by esbuild, see tabs.ts): it mounts
// hooks on demand and records what they see, for the runner to read through `window.tabs`.
import { useLayoutEffect } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { type SseStatus, type UseEventSourceOptions, useEventSource } from '../../../src';
import { keyOf } from '../../../src/registry';
import { PROTOCOL } from '../../../src/tabs/protocol';

/** What one mounted hook saw. */
export interface HookRecord {
  /** The committed status. */
  status: SseStatus;
  /** Every distinct committed status, in order. */
  statuses: SseStatus[];
  /** The result's lastEventId. */
  lastEventId: string;
  /** `onMessage`'s messages: type, last event id, data, and when it arrived (`Date.now()`). */
  events: { type: string; id: string; data: string; at: number }[];
  /** `onError`'s errors as `kind: message`. */
  errors: string[];
  /** The committed result's `error` as `kind: message`, or `''`. */
  error: string;
  /** Events given to `onMessage`. */
  count: number;
  /** Of those, how many had the id one after the one before (the first counts): all of them, in a gapless stream. */
  ordered: number;
  /** `Date.now()` of the first and of the latest event given to `onMessage`. */
  firstAt: number;
  lastAt: number;
  /** The id of the latest event. */
  last: string;
}

/** Options of the probe itself (functions cannot cross into the page, so these stand for them). */
export interface ProbeOptions {
  /** Keep only the first `keep` events in the record. */
  keep?: number;
  /** `closeWhen` an event of this type arrives. */
  closeOn?: string;
}

/** What the runner may do in a tab. */
export interface TabsPage {
  mount(url: string, options: UseEventSourceOptions<string> & ProbeOptions): number;
  unmount(id: number): void;
  read(id: number): HookRecord;
  open(id: number): void;
  /** EventSources this page created, and how many are not CLOSED. */
  sources(): { created: number; live: number };
  /** Listen on the channel of `url` (as a tab of the group would) and keep the kind and sender of every message. */
  spy(url: string): void;
  /** What the spy heard, oldest first. */
  heard(): { t: string; from: string; e?: number; at: number; items: number }[];
}

declare global {
  interface Window {
    tabs: TabsPage;
  }
}

const Native = globalThis.EventSource;
const instances: EventSource[] = [];
globalThis.EventSource = class Tracked extends Native {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    instances.push(this);
  }
};

const records = new Map<number, HookRecord>();
const roots = new Map<number, Root>();
const opens = new Map<number, () => void>();
let next = 0;
const heard: { t: string; from: string; e?: number; at: number; items: number; kinds?: string }[] = [];

function Probe({
  id,
  url,
  options,
}: {
  id: number;
  url: string;
  options: UseEventSourceOptions<string> & ProbeOptions;
}) {
  const record = records.get(id) as HookRecord;
  const { keep = Number.POSITIVE_INFINITY, closeOn, ...rest } = options;
  const result = useEventSource(url, {
    ...rest,
    ...(closeOn === undefined ? {} : { closeWhen: (message: { type: string }) => message.type === closeOn }),
    onMessage: (message) => {
      const now = Date.now();
      if (record.count === 0) record.firstAt = now;
      record.lastAt = now;
      const previous = record.count === 0 ? undefined : record.last;
      if (previous === undefined || Number(message.lastEventId) === Number(previous) + 1) record.ordered += 1;
      record.count += 1;
      record.last = message.lastEventId;
      // A flood keeps only the first `keep` events; `count` and `ordered` cover them all.
      if (record.events.length < keep)
        record.events.push({ type: message.type, id: message.lastEventId, data: message.data, at: now });
    },
    onError: (error) => record.errors.push(`${error.kind}: ${error.message}`),
  });
  opens.set(id, result.open);
  // Read in render, so a change of any of these renders again (renders are tracked: src/tracked.ts).
  const { status, lastEventId, error } = result;
  useLayoutEffect(() => {
    record.status = status;
    record.lastEventId = lastEventId;
    record.error = error ? `${error.kind}: ${error.message}` : '';
    if (record.statuses[record.statuses.length - 1] !== status) record.statuses.push(status);
  });
  return <p>{`${status} ${lastEventId}`}</p>;
}

window.tabs = {
  mount(url, options) {
    const id = ++next;
    records.set(id, {
      status: 'idle',
      statuses: [],
      lastEventId: '',
      events: [],
      errors: [],
      error: '',
      count: 0,
      ordered: 0,
      firstAt: 0,
      lastAt: 0,
      last: '',
    });
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    roots.set(id, root);
    flushSync(() => root.render(<Probe id={id} url={url} options={options} />));
    return id;
  },
  unmount(id) {
    roots.get(id)?.unmount();
    roots.delete(id);
  },
  read(id) {
    const record = records.get(id);
    if (!record) throw new Error(`no hook ${id} in this tab`);
    return record;
  },
  open(id) {
    opens.get(id)?.();
  },
  sources: () => ({ created: instances.length, live: instances.filter((s) => s.readyState !== Native.CLOSED).length }),
  spy(url) {
    const channel = new BroadcastChannel(`${PROTOCOL} ${keyOf(new URL(url, location.href).href, {})}`);
    channel.onmessage = (event: MessageEvent<{ t: string; from: string; e?: number; items?: unknown[] }>) => {
      const { t, from, e, items } = event.data;
      heard.push({
        t,
        from,
        ...(e === undefined ? {} : { e }),
        at: Date.now(),
        items: items?.length ?? 0,
        kinds: (items ?? [])
          .map((i) =>
            (i as unknown[])[0] === 's'
              ? `s:${((i as unknown[])[1] as { status: string }).status}`
              : (i as unknown[])[0],
          )
          .join(''),
      });
    };
  },
  heard: () => heard,
};
