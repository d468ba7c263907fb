import { SseConnection, type SseConnectionConfig } from '../connection';
import { SseError } from '../errors';
import { acquireShared, type Held, keyOf } from '../registry';
import { reportError } from '../report';
import { absoluteUrl } from '../resume';
import { type HubDriver, type SharedConnection, TabsHub } from './hub';

// This tab's hubs by key. An entry lives while a hook holds it, as in registry.ts, so nothing here needs a reset.
const hubs = new Map<string, TabsHub>();

/**
 * The absolute url of a stream that tabs share, on a page whose tabs can: it has `BroadcastChannel`, and
 * `isSecureContext`, which every browser window has and jsdom and Node have not. There (tests, a server) there is only
 * one tab, and `share: 'tabs'` is `share: true`: `undefined`, as for an invalid url.
 */
const sharedUrl = (url: string): string | undefined => {
  if (
    typeof BroadcastChannel === 'function' &&
    typeof (globalThis as { isSecureContext?: unknown }).isSecureContext === 'boolean'
  )
    try {
      return absoluteUrl(url).href;
    } catch {
      // an invalid url: the connection reports it
    }
};

// The code of the tabs' group is a chunk of its own, loaded when a hub first joins. What it needs of this bundle
// comes as arguments, so the chunk imports nothing of it and the main bundle stays one file.
const load = (): Promise<(hub: TabsHub) => HubDriver> =>
  import('./driver').then(
    ({ join }) =>
      (hub) =>
        join(hub, { _Connection: SseConnection, _SseError: SseError, _reportError: reportError }),
  );

/**
 * The connection for `url` shared by every tab of the origin (`share: 'tabs'`), with a reference taken. Where tabs
 * cannot share, the connection shared within this tab ({@link acquireShared}). The last one of this tab given back
 * leaves the tabs' group.
 */
export function acquireTabs(url: string, config: SseConnectionConfig): Held<SharedConnection> {
  const href = sharedUrl(url);
  if (href === undefined) return acquireShared(url, config);
  const key = keyOf(href, config);
  const hub = hubs.get(key) ?? new TabsHub(href, key, config, load);
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
