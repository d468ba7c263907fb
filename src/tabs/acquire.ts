import { SseConnection, type SseConnectionConfig } from '../connection';
import { SseError } from '../errors';
import { acquireShared, type Held, keyOf } from '../registry';
import { reportError } from '../report';
import { absoluteUrl } from '../resume';
import { EventStream } from '../stream';
import type { SharedConnection } from './hub';

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

/**
 * How a hook joins the tabs' group of `url` (`share: 'tabs'`): where tabs can share, a Promise of the function that
 * holds this tab's hub, once the code of `share: 'tabs'` (the hubs and the group, a chunk of its own that an app
 * loads only when it uses it) has loaded. Should it not load (offline, or a page older than the deploy that removed
 * its chunk), the hook shares the connection within its tab, as where tabs cannot share, and the reason is reported.
 * Where tabs cannot share (one tab: jsdom, Node; an invalid url), `undefined`: the caller shares within the tab.
 */
export function loadTabs(url: string, config: SseConnectionConfig): Promise<() => Held<SharedConnection>> | undefined {
  const href = sharedUrl(url);
  if (href === undefined) return;
  const key = keyOf(href, config);
  // What the chunk needs of this bundle comes as arguments, so the chunk imports nothing of it and the main bundle
  // stays one file.
  return import('./hubs').then(
    ({ acquireHub }) =>
      () =>
        acquireHub(href, key, config, {
          _Connection: SseConnection,
          _SseError: SseError,
          _reportError: reportError,
          _Stream: EventStream,
        }),
    (cause: unknown) => {
      reportError(cause);
      return () => acquireShared(url, config);
    },
  );
}
