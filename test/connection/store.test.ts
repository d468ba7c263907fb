// The store primitive under the connection, a tab's hub, the observer and the task.
import { expect, test, vi } from 'vitest';
import { call, Store } from '../../src/store';

class Counter extends Store<{ n: number }> {
  readonly calls: string[] = [];
  constructor() {
    super();
    this._state = { n: 0 };
  }
  set(n: number): void {
    this._set({ n }, call);
  }
  protected override _subscribed(): void {
    this.calls.push(`subscribed ${this._listeners.size}`);
  }
  protected override _unsubscribed(): void {
    this.calls.push('last left');
  }
}

test('nobody hears of a change that did not happen, and the snapshot keeps its identity', () => {
  const store = new Counter();
  const heard = vi.fn();
  store.subscribe(heard);
  const before = store.getSnapshot();
  store.set(0);
  expect(heard).not.toHaveBeenCalled();
  expect(store.getSnapshot()).toBe(before);
  store.set(1);
  expect(heard).toHaveBeenCalledTimes(1);
  expect(store.getSnapshot()).toEqual({ n: 1 });
});

test('a subscriber that throws is reported and the others still hear', () => {
  const reported: unknown[] = [];
  vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
  const store = new Counter();
  const after = vi.fn();
  store.subscribe(() => {
    throw new Error('boom');
  });
  store.subscribe(after);
  store.set(1);
  expect(after).toHaveBeenCalledTimes(1);
  expect(reported).toEqual([new Error('boom')]);
  vi.unstubAllGlobals();
});

test('a snapshot set from inside a callback is the last one anyone hears', () => {
  const store = new Counter();
  const seen: number[] = [];
  store.subscribe(() => {
    if (store.getSnapshot().n === 1) store.set(2);
  });
  store.subscribe(() => seen.push(store.getSnapshot().n));
  store.set(1);
  expect(seen).toEqual([2]); // never 2 and then the older 1
});

test('the subclass hears each subscriber and the last one leaving, once; unsubscribe has a stable identity', () => {
  const store = new Counter();
  const offA = store.subscribe(() => {});
  const offB = store.subscribe(() => {});
  offA();
  offA();
  expect(store.calls).toEqual(['subscribed 1', 'subscribed 2']);
  offB();
  offB();
  expect(store.calls).toEqual(['subscribed 1', 'subscribed 2', 'last left']);
  expect(store.subscribe).toBe(store.subscribe);
});
