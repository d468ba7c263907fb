import type { TabsEnv } from './env';
import type { Item } from './protocol';
import type { Timing } from './timing';

/** The leader's queue of what happened on its connection, for the other tabs. */
export interface Relay {
  /** Queue an item for the other tabs. */
  _push(item: Item): void;
  /** Send what is queued now; with `always`, also an empty batch (it says who leads, and the state). */
  _flush(always?: boolean): void;
}

/**
 * A relay: items go out in order, in batches (one `lead` message each, posted by `send`). The queue goes out after
 * the current task, or at once when it holds `batch` items or its first is `batchMs` old: during a burst of events
 * Chromium runs no other task (not even a MessageChannel's) until the burst is over, and a whole flood would
 * otherwise go out as one late message. With nobody to tell (`wanted()` is false), nothing is queued.
 */
export function relay(
  env: Pick<TabsEnv, 'now' | 'soon'>,
  timing: Pick<Timing, 'batch' | 'batchMs'>,
  wanted: () => boolean,
  send: (items: Item[]) => void,
): Relay {
  let items: Item[] = [];
  /** When the first item of `items` was queued. */
  let since = 0;
  /** A flush after the current task is planned. */
  let planned = false;
  const flush = (always?: boolean): void => {
    if (!always && items.length === 0) return;
    const batch = items;
    items = [];
    send(batch);
  };
  return {
    _push(item) {
      if (!wanted()) return;
      const now = env.now();
      if (items.length === 0) since = now;
      items.push(item);
      if (items.length >= timing.batch || now - since >= timing.batchMs) flush();
      else if (!planned) {
        planned = true;
        env.soon(() => {
          planned = false;
          flush();
        });
      }
    },
    _flush: flush,
  };
}
