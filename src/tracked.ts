/** What can be tracked: a store of snapshots (a hook's observer). */
interface Source<R> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): R;
}

/** One component's tracking of its result: see {@link track}. */
export interface Tracked<R> {
  /** For `useSyncExternalStore`: tells React of a change only when it is one the component read. */
  readonly _subscribe: (onChange: () => void) => () => void;
  /** During a render: the snapshot, as a proxy that notes what is read (the same proxy while the snapshot is). */
  readonly _view: (result: R) => R;
  /** The render committed (its layout effect): later reads do not count. */
  readonly _stop: () => void;
}

/**
 * What one component reads of its result, so that it re-renders only when that changed (TanStack Query's
 * `trackResult`, SWR's `stateDependencies`). `_view` hands the render a proxy of the snapshot that notes each field
 * read, and one key deep into a `state` that is a plain object or an array; `_subscribe` calls React only when a
 * field noted changed (`Object.is`), or a noted key of `state`. The render always gets the latest snapshot: only the
 * call to re-render is held back, so nothing a render reads is stale.
 *
 * Only reads from a render to its layout effect count (children that render with a `state` passed down count too):
 * reads in event handlers and effects see the snapshot of the last render, as they always did, and a test that reads
 * `result.current` outside a render tracks nothing. Until something is read, every change re-renders, as before.
 * Reads only ever add (a render thrown away, StrictMode's second render), so the set is never too small: at worst a
 * render too many. `state` taken whole (its keys listed: a spread, `Object.keys`, `for…in`) counts as a whole.
 */
export function track<R extends object>(source: Source<R>): Tracked<R> {
  /** The fields read, compared by `Object.is`; `state` is one of them when it was not a plain object or taken whole. */
  const fields = new Set<PropertyKey>();
  /**
   * The keys read of a `state` that is a plain object or an array. `constructor` stands for `state` itself: it is the
   * same for every plain object (and for every array), so it tells only that `state` was read, and when it stopped
   * being a plain object.
   */
  const keys = new Set<PropertyKey>();
  /** Whether reads count now: from a render to its layout effect. */
  let on = false;
  // The snapshot last rendered (what changes are compared with) and its proxy, and the proxy of its `state`: each
  // keeps its identity while its target does.
  let result: R;
  let proxy: R;
  let state: unknown;
  let stateProxy: unknown;
  const slice: ProxyHandler<object> = {
    get: (target, key) => {
      if (on) keys.add(key);
      return target[key as never];
    },
    has: (target, key) => {
      if (on) keys.add(key);
      return key in target;
    },
    // Listing the keys (a spread, `Object.keys`, `for…in`) takes `state` whole.
    ownKeys: (target) => {
      if (on) fields.add('state');
      return Reflect.ownKeys(target);
    },
  };
  const handler: ProxyHandler<R> = {
    get: (target, field) => {
      const value = target[field as never] as unknown;
      if (field !== 'state' || !plain(value)) {
        if (on) fields.add(field);
        return value;
      }
      if (on) keys.add('constructor');
      if (value !== state) {
        state = value;
        stateProxy = new Proxy(value, slice);
      }
      return stateProxy;
    },
  };
  return {
    _subscribe: (onChange) =>
      source.subscribe(() => {
        const next = source.getSnapshot() as Record<PropertyKey, unknown>;
        const prev = result as Record<PropertyKey, unknown>;
        const a = prev.state;
        const b = next.state;
        // Nothing read yet: every change counts, as it did before tracking.
        if (
          fields.size || keys.size
            ? differ(prev, next, fields) || (a !== b && plain(a) && (!plain(b) || differ(a, b, keys)))
            : prev !== next
        )
          onChange();
      }),
    _view: (next) => {
      on = true;
      if (next !== result) {
        result = next;
        proxy = new Proxy(next, handler);
      }
      return proxy;
    },
    _stop: () => {
      on = false;
    },
  };
}

/** Whether `a` and `b` differ at one of `keys` (`===`, as the store compares snapshots). */
const differ = (a: object, b: object, keys: Set<PropertyKey>): boolean => {
  for (const key of keys) if (a[key as never] !== b[key as never]) return true;
  return false;
};

/** A plain object or an array: a `state` whose keys are tracked (a Map, a class instance is compared whole). */
const plain = (value: unknown): value is object => Array.isArray(value) || value?.constructor === Object;
