import { SseConnection, type SseConnectionConfig } from '../connection';
import { SseError } from '../errors';
import { acquireShared, type Held, keyOf } from '../registry';
import { reportError } from '../report';
import { absoluteUrl } from '../resume';
import { EventStream } from '../stream';
import type { SharedConnection } from './hub';

/** How a hook acquires the connection of `share: 'tabs'` for `url`: a reference taken, and how to give it back. */
export type AcquireTabs = (url: string, config: SseConnectionConfig) => Held<SharedConnection>;

let loading: Promise<AcquireTabs> | undefined;

/**
 * The code of `share: 'tabs'` (this tab's hubs, the election, the relay), loaded when a hook first uses it: a chunk of
 * its own, so an app that never shares across tabs never ships it (the hook is `connecting` meanwhile). The chunk
 * imports nothing of this bundle at run time, so the main bundle stays one file: what it needs of it comes as
 * arguments. Should it not load (offline, or a page older than the deploy that removed its chunk), hooks share their
 * connection within the tab, as where tabs cannot share, and the reason is reported, once.
 */
export const loadTabs = (): Promise<AcquireTabs> =>
  // Once for the page: every hook of the tab then shares the same way, and a failure is reported once.
  (loading ??= import('./acquire').then(
    ({ acquireTabs }) =>
      (url, config) =>
        acquireTabs(url, config, {
          _Connection: SseConnection,
          _SseError: SseError,
          _reportError: reportError,
          _Stream: EventStream,
          _acquireShared: acquireShared,
          _keyOf: keyOf,
          _absoluteUrl: absoluteUrl,
        }),
    (cause: unknown) => {
      reportError(cause);
      return acquireShared;
    },
  ));
