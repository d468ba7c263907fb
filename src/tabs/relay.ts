import type { TabsEnv } from './env';
import type { Item } from './protocol';
import type { Timing } from './timing';

/**
 * The leader's queue of what happened on its connection, for the other tabs: items go out in order, in batches (one
 * `lead` message each, see {@link send}). The queue goes out after the current task, or at once when it holds `batch`
 * items or its first is `batchMs` old: during a burst of events Chromium runs no other task (not even a
 * MessageChannel's) until the burst is over, and a whole flood would otherwise go out as one late message.
 */
export class Relay {
  private _items: Item[] = [];
  /** When the first item of `_items` was queued. */
  private _since = 0;
  /** A flush after the current task is planned. */
  private _planned = false;

  private readonly _env: Pick<TabsEnv, 'now' | 'soon'>;
  private readonly _timing: Pick<Timing, 'batch' | 'batchMs'>;
  private readonly _wanted: () => boolean;
  private readonly _send: (items: Item[]) => void;

  /**
   * @param wanted whether any other tab listens (with nobody to tell, nothing is queued)
   * @param send posts a batch (the leader's `lead`, with its state and last id after the items)
   */
  constructor(
    env: Pick<TabsEnv, 'now' | 'soon'>,
    timing: Pick<Timing, 'batch' | 'batchMs'>,
    wanted: () => boolean,
    send: (items: Item[]) => void,
  ) {
    this._env = env;
    this._timing = timing;
    this._wanted = wanted;
    this._send = send;
  }

  /** Queue an item for the other tabs. */
  push(item: Item): void {
    if (!this._wanted()) return;
    const now = this._env.now();
    if (this._items.length === 0) this._since = now;
    this._items.push(item);
    if (this._items.length >= this._timing.batch || now - this._since >= this._timing.batchMs) this.flush();
    else if (!this._planned) {
      this._planned = true;
      this._env.soon(() => {
        this._planned = false;
        this.flush();
      });
    }
  }

  /** Send what is queued now; with `always`, also an empty batch (it says who leads, and the state). */
  flush(always = false): void {
    if (!always && this._items.length === 0) return;
    const items = this._items;
    this._items = [];
    this._send(items);
  }
}
