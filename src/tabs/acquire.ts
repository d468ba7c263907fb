// The chunk of `share: 'tabs'`, loaded when a hook first shares across tabs (src/tabs/load.ts): which connection a
// hook gets, this tab's hubs and, through them, the tabs' group. It imports nothing of the main bundle at run time;
// what it needs of it comes in `TabsDeps`.
import type { SseConnectionConfig } from '../connection';
import type { acquireShared, Held, keyOf } from '../registry';
import type { absoluteUrl } from '../resume';
import type { EventStream } from '../stream';
import { join } from './driver';
import { type HubClass, hubClass, type SharedConnection, type TabsHub } from './hub';
import type { MemberDeps } from './leader';

/** What the chunk needs of the main bundle. */
export interface TabsDeps extends MemberDeps {
  /** The base of a tab's hub. */
  readonly _Stream: typeof EventStream;
  /** Where tabs cannot share, the connection shared within the tab. */
  readonly _acquireShared: typeof acquireShared;
  /** What hooks share by: `withCredentials`, the transport and the url. */
  readonly _keyOf: typeof keyOf;
  /** A url resolved as EventSource resolves it. */
  readonly _absoluteUrl: typeof absoluteUrl;
}

// This tab's hubs by key. An entry lives while a hook holds it, as in registry.ts, so nothing here needs a reset.
const hubs = new Map<string, TabsHub>();
/** The class of the hubs, made once over the main bundle's EventStream. */
let Hub: HubClass | undefined;

/**
 * The absolute url of a stream that tabs share, on a page whose tabs can: it has `BroadcastChannel`, and
 * `isSecureContext`, which every browser window has and jsdom and Node have not. There (tests, a server) there is only
 * one tab, and `share: 'tabs'` is `share: true`: `undefined`, as for an invalid url.
 */
const sharedUrl = (url: string, deps: TabsDeps): string | undefined => {
  if (
    typeof BroadcastChannel === 'function' &&
    typeof (globalThis as { isSecureContext?: unknown }).isSecureContext === 'boolean'
  )
    try {
      return deps._absoluteUrl(url).href;
    } catch {
      // an invalid url: the connection reports it
    }
};

/**
 * The connection for `url` shared by every tab of the origin (`share: 'tabs'`): this tab's hub for it, with a
 * reference taken. Where tabs cannot share, the connection shared within this tab. The last reference of this tab
 * given back leaves the tabs' group.
 */
export function acquireTabs(url: string, config: SseConnectionConfig, deps: TabsDeps): Held<SharedConnection> {
  const href = sharedUrl(url, deps);
  if (href === undefined) return deps._acquireShared(url, config);
  const key = deps._keyOf(href, config);
  Hub ??= hubClass(deps._Stream);
  const hub = hubs.get(key) ?? new Hub(href, key, config, (hub) => join(hub, deps));
  hubs.set(key, hub);
  hub.retain();
  return [
    hub,
    () => {
      hub.release();
      if (hub._refs === 0 && hubs.get(key) === hub) hubs.delete(key);
    },
  ];
}
