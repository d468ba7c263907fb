// Several "tabs" in one test process, for the unit tests of `share: 'tabs'` with fake timers: a BroadcastChannel
// that delivers a structured clone of each message to every other channel of its name one timer task later (as
// the browser delivers it as a task), Web Locks with a FIFO queue, `ifAvailable` and `steal`, and one
// environment per tab, with its own page lifecycle events.
import type { ElectionTimers, LocksLike } from '../src/tabs/election';
import type { ChannelLike, PageEvent, TabsEnv } from '../src/tabs/env';

/** Channels by name: a message posted on one reaches every other open one of that name, never its sender. */
export function channelBus() {
  const open = new Map<string, Set<FakeChannel>>();
  const posted: unknown[] = [];
  class FakeChannel implements ChannelLike {
    onmessage: ((event: MessageEvent) => void) | null = null;
    private closed = false;
    constructor(
      readonly name: string,
      private readonly muted: () => boolean,
    ) {
      let set = open.get(name);
      if (!set) {
        set = new Set();
        open.set(name, set);
      }
      set.add(this);
    }
    postMessage(message: unknown): void {
      if (this.closed) throw new DOMException('closed', 'InvalidStateError');
      if (this.muted()) return;
      posted.push(message);
      for (const other of open.get(this.name) ?? []) {
        if (other === this) continue;
        const data = structuredClone(message);
        setTimeout(() => {
          if (!other.closed && !other.muted()) other.onmessage?.(new MessageEvent('message', { data }));
        }, 0);
      }
    }
    close(): void {
      this.closed = true;
      open.get(this.name)?.delete(this);
    }
  }
  return {
    /** A channel; while `muted()` returns true, it neither sends nor receives (a hung tab). */
    channel: (name: string, muted = () => false): FakeChannel => new FakeChannel(name, muted),
    /** Every message posted, in order (as sent). */
    posted,
    /** Channels open now, by name. */
    openCount: (name: string): number => open.get(name)?.size ?? 0,
  };
}

interface Request {
  callback: (lock: unknown) => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** [spec: Web Locks API] Exclusive locks: a FIFO queue per name, `ifAvailable`, `steal` and `signal`. */
export function fakeLocks(): LocksLike & { holder(name: string): Request | undefined } {
  const held = new Map<string, Request>();
  const queues = new Map<string, Request[]>();
  const queueOf = (name: string): Request[] => {
    let queue = queues.get(name);
    if (!queue) {
      queue = [];
      queues.set(name, queue);
    }
    return queue;
  };
  const grant = (name: string, request: Request): void => {
    held.set(name, request);
    // The callback runs in a task of its own, after the request returned.
    setTimeout(() => {
      if (held.get(name) !== request) return;
      Promise.resolve(request.callback({ name, mode: 'exclusive' })).then(
        (value) => {
          if (held.get(name) !== request) return;
          held.delete(name);
          request.resolve(value);
          next(name);
        },
        (error: unknown) => {
          if (held.get(name) !== request) return;
          held.delete(name);
          request.reject(error);
          next(name);
        },
      );
    }, 0);
  };
  const next = (name: string): void => {
    if (held.has(name)) return;
    const request = queueOf(name).shift();
    if (request) grant(name, request);
  };
  return {
    holder: (name) => held.get(name),
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const request: Request = { callback, resolve, reject };
        if (options.steal) {
          const current = held.get(name);
          held.delete(name);
          current?.reject(new DOMException('The lock was stolen', 'AbortError'));
          grant(name, request);
          return;
        }
        if (options.ifAvailable) {
          if (held.has(name) || queueOf(name).length > 0) Promise.resolve(callback(null)).then(resolve, reject);
          else grant(name, request);
          return;
        }
        queueOf(name).push(request);
        options.signal?.addEventListener('abort', () => {
          const queue = queueOf(name);
          const index = queue.indexOf(request);
          if (index < 0) return;
          queue.splice(index, 1);
          reject(new DOMException('Aborted', 'AbortError'));
        });
        next(name);
      });
    },
  };
}

/** Timers on the (faked) global clock. */
export const globalTimers: ElectionTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
  random: () => Math.random(),
};

/** The interval that Chromium aligns a hidden tab's timers to, after a while hidden ("intensive throttling"). */
export const THROTTLED_MS = 60_000;

/**
 * One tab's environment on a shared bus (and shared locks, when given); `fire` sends it a page lifecycle event,
 * `hang(true)` cuts its channels off, as if its JavaScript stood still (while it keeps its lock and its connection),
 * and `throttle(true)` runs its timers as a long-hidden tab's: a timer due while throttled fires at the next whole
 * minute of the clock, while its message handlers still run at once.
 */
export function tabEnv(bus: ReturnType<typeof channelBus>, locks?: LocksLike) {
  const page = new EventTarget();
  let hung = false;
  let throttled = false;
  const env: TabsEnv = {
    ...globalTimers,
    setTimeout(callback, ms) {
      const handle: { id?: ReturnType<typeof setTimeout> } = {};
      const due = (): void => {
        const wait = throttled ? (THROTTLED_MS - (Date.now() % THROTTLED_MS)) % THROTTLED_MS : 0;
        if (wait === 0) callback();
        else handle.id = setTimeout(due, wait);
      };
      handle.id = setTimeout(due, ms);
      return handle;
    },
    clearTimeout: (handle) => clearTimeout((handle as { id?: ReturnType<typeof setTimeout> } | undefined)?.id),
    channel: (name) => bus.channel(name, () => hung),
    locks,
    soon: (callback) => setTimeout(callback, 0),
    on(type, listener) {
      page.addEventListener(type, listener);
      return () => page.removeEventListener(type, listener);
    },
  };
  const fire = (type: PageEvent, persisted = false): void => {
    const event = new Event(type);
    Object.defineProperty(event, 'persisted', { value: persisted });
    page.dispatchEvent(event);
  };
  const hang = (value: boolean): void => {
    hung = value;
  };
  const throttle = (value: boolean): void => {
    throttled = value;
  };
  return { env, fire, hang, throttle };
}
