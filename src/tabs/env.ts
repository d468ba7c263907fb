import type { ElectionTimers, LocksLike } from './election';

/** The part of a `BroadcastChannel` the group uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Page lifecycle events a member reacts to. */
export type PageEvent = 'pagehide' | 'pageshow' | 'freeze' | 'resume';

/** Everything a member uses of the browser, so tests can give it fakes. */
export interface TabsEnv extends ElectionTimers {
  /** A channel to every other tab of the origin that opens one of this name. */
  channel(name: string): ChannelLike;
  /** Web Locks, where the context has them (secure contexts only). */
  readonly locks: LocksLike | undefined;
  /** Run `callback` after the current task (the relay's batches), also in a hidden tab, whose timers are throttled. */
  soon(callback: () => void): void;
  /** Listen to a page lifecycle event. Returns its own removal. */
  on(type: PageEvent, listener: (event: Event) => void): () => void;
}

/** After the current task: a MessageChannel message, which, unlike a timer, a hidden tab does not throttle. */
function afterTask(): (callback: () => void) => void {
  if (typeof MessageChannel !== 'function') return (callback) => setTimeout(callback, 0);
  const { port1, port2 } = new MessageChannel();
  const queue: (() => void)[] = [];
  port1.onmessage = () => {
    for (const callback of queue.splice(0)) callback();
  };
  return (callback) => {
    if (queue.push(callback) === 1) port2.postMessage(0);
  };
}

/** The browser's own. */
export function browserEnv(): TabsEnv {
  const locks = (globalThis.navigator as { locks?: LocksLike } | undefined)?.locks;
  return {
    channel: (name) => new BroadcastChannel(name),
    locks: typeof locks?.request === 'function' ? locks : undefined,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: Date.now,
    random: Math.random,
    soon: afterTask(),
    on(type, listener) {
      // `freeze` and `resume` fire at the document, `pagehide` and `pageshow` at the window.
      const target: EventTarget = type === 'freeze' || type === 'resume' ? document : window;
      target.addEventListener(type, listener);
      return () => target.removeEventListener(type, listener);
    },
  };
}
