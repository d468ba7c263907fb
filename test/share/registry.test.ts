import { describe, expect, test } from 'vitest';
import { acquireShared, releaseShared } from '../../src/registry';
import { fakeEventSourceClass } from '../fakeEventSource';

describe('shared connections', () => {
  test('one connection per url, withCredentials and constructor; dropped with the last holder', async () => {
    const { EventSource, instances } = fakeEventSourceClass();
    const other = fakeEventSourceClass().EventSource;
    const config = { EventSource };
    const a = acquireShared('/s', config);
    const b = acquireShared('/s', config);
    expect(b).toBe(a);
    expect(acquireShared('/s', { EventSource, withCredentials: true })).not.toBe(a);
    expect(acquireShared('/s', { EventSource: other })).not.toBe(a);
    expect(acquireShared('/t', config)).not.toBe(a);
    await Promise.resolve();
    const source = instances.find((s) => s.url === '/s' && !s.init?.withCredentials);
    releaseShared(a, config);
    expect(source?.closed).toBe(false);
    releaseShared(b, config);
    expect(source?.closed).toBe(true);
    const c = acquireShared('/s', config);
    expect(c).not.toBe(a);
    releaseShared(c, config);
  });
});
