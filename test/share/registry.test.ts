import { describe, expect, test } from 'vitest';
import { acquireShared } from '../../src/registry';
import { fakeEventSourceClass } from '../fakeEventSource';

describe('shared connections', () => {
  test('one connection per url, withCredentials and constructor; dropped with the last holder', async () => {
    const { EventSource, instances } = fakeEventSourceClass();
    const other = fakeEventSourceClass().EventSource;
    const config = { EventSource };
    const [a, releaseA] = acquireShared('/s', config);
    const [b, releaseB] = acquireShared('/s', config);
    expect(b).toBe(a);
    expect(acquireShared('/s', { EventSource, withCredentials: true })[0]).not.toBe(a);
    expect(acquireShared('/s', { EventSource: other })[0]).not.toBe(a);
    expect(acquireShared('/t', config)[0]).not.toBe(a);
    await Promise.resolve();
    const source = instances.find((s) => s.url === '/s' && !s.init?.withCredentials);
    releaseA();
    expect(source?.closed).toBe(false);
    releaseB();
    expect(source?.closed).toBe(true);
    const [c, releaseC] = acquireShared('/s', config);
    expect(c).not.toBe(a);
    releaseC();
  });
});
