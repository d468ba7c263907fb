// The chunk of `share: 'tabs'`, loaded when a hook of this tab first shares across tabs (src/tabs/acquire.ts): this
// tab's hubs and, through them, the tabs' group. It imports nothing of the main bundle at run time; what it needs of
// it comes in `TabsDeps`.
import type { SseConnectionConfig } from '../connection';
import type { Held } from '../registry';
import type { EventStream } from '../stream';
import { join } from './driver';
import { hubClass, type TabsHub } from './hub';
import type { MemberDeps } from './leader';

/** What the chunk needs of the main bundle: the connection core, the error type, the reporter and the stream. */
export interface TabsDeps extends MemberDeps {
  /** The base of a tab's hub. */
  readonly _Stream: typeof EventStream;
}

// This tab's hubs by key. An entry lives while a hook holds it, as in registry.ts, so nothing here needs a reset.
const hubs = new Map<string, TabsHub>();
let Hub: ReturnType<typeof hubClass> | undefined;

/**
 * This tab's hub for the stream that tabs share by `key` (`withCredentials`, the transport, the absolute url `href`),
 * with a reference taken. The last one of this tab given back leaves the tabs' group.
 */
export function acquireHub(href: string, key: string, config: SseConnectionConfig, deps: TabsDeps): Held<TabsHub> {
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
