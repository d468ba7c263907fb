// The relay protocol of `share: 'tabs'`: what crosses the BroadcastChannel, and what a tab refuses to act on.
import { describe, expect, test } from 'vitest';
import { SseError } from '../../src';
import { compareTerms } from '../../src/tabs/election';
import {
  type Body,
  PROTOCOL,
  parseMessage,
  sameError,
  toWire,
  toWireError,
  toWireState,
} from '../../src/tabs/protocol';

const KEY = '0 https://example.test/stream';
const header = { p: PROTOCOL, k: KEY, from: 'tab-a' };
const open = { status: 'open', readyState: 1, attempt: 0 } as const;

describe('parseMessage', () => {
  test.each([
    ['hello', { t: 'hello', types: ['message', 'update'] }],
    ['leave', { t: 'leave' }],
    ['ping', { t: 'ping' }],
    ['open', { t: 'open' }],
    ['claim', { t: 'claim', e: 1_700_000_000_000 }],
    ['bye', { t: 'bye', e: 5, id: '41' }],
    ['bye with a successor', { t: 'bye', e: 5, id: '', next: 'tab-b' }],
    ['lead, no items', { t: 'lead', e: 5, id: '', s: open, items: [] }],
    [
      'lead with every kind of item',
      {
        t: 'lead',
        e: 5,
        id: '3',
        s: { ...open, error: { kind: 'parse', message: 'bad', willReconnect: false } },
        items: [
          [
            's',
            { status: 'reconnecting', readyState: 0, attempt: 1, error: toWireError(new SseError('connection', 'x')) },
          ],
          ['o'],
          ['x', { kind: 'connection', message: 'lost', willReconnect: true, status: 500 }],
          ['m', 'message', 'data', '3', 'https://example.test'],
        ],
      },
    ],
  ])('accepts %s, with its named fields, and sends it back as it came', (_, body) => {
    const message = { ...header, ...body };
    const parsed = parseMessage(structuredClone(message), KEY);
    expect(parsed).toBeDefined();
    expect(Object.keys(parsed ?? {})).not.toContain('t');
    expect(toWire(KEY, 'tab-a', parsed as Body)).toEqual(message);
  });

  test('maps the one-letter keys of the wire to named fields', () => {
    const items = [['m', 'message', 'data', '3', '']];
    expect(parseMessage({ ...header, t: 'lead', e: 5, id: '3', s: open, items }, KEY)).toEqual({
      type: 'lead',
      from: 'tab-a',
      epoch: 5,
      lastEventId: '3',
      state: open,
      items,
    });
    expect(parseMessage({ ...header, t: 'bye', e: 5, id: '', next: 'tab-b' }, KEY)).toEqual({
      type: 'bye',
      from: 'tab-a',
      epoch: 5,
      lastEventId: '',
      next: 'tab-b',
    });
    expect(toWire(KEY, 'tab-b', { type: 'claim', epoch: 9 })).toEqual({
      p: PROTOCOL,
      k: KEY,
      from: 'tab-b',
      t: 'claim',
      e: 9,
    });
  });

  test('a wire key spelled like a named field does not stand for the field that was checked', () => {
    const parsed = parseMessage({ ...header, t: 'ping', type: 'lead', lastEventId: 7, state: 'x' }, KEY);
    expect(parsed).toMatchObject({ type: 'ping', lastEventId: undefined, state: undefined });
  });

  const lead = { ...header, t: 'lead', e: 5, id: '1', s: open, items: [] };
  test.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [PROTOCOL, KEY]],
    ['an empty object', {}],
    ['another protocol version', { ...lead, p: 'react-sse-kit/2' }],
    ['no protocol', { ...lead, p: undefined }],
    ['another key', { ...lead, k: '0 https://example.test/other' }],
    ['the key without credentials flag', { ...lead, k: 'https://example.test/stream' }],
    ['no sender', { ...lead, from: undefined }],
    ['a sender that is not a string', { ...lead, from: 7 }],
    ['an unknown kind', { ...header, t: 'steal' }],
    ['hello without types', { ...header, t: 'hello' }],
    ['hello with a type that is not a string', { ...header, t: 'hello', types: ['message', 1] }],
    ['claim without an epoch', { ...header, t: 'claim' }],
    ['claim with an epoch that is not finite', { ...header, t: 'claim', e: Number.NaN }],
    ['bye without an id', { ...header, t: 'bye', e: 1 }],
    ['bye with a successor that is not a string', { ...header, t: 'bye', e: 1, id: '', next: 3 }],
    ['lead without items', { ...lead, items: undefined }],
    ['lead with an epoch as a string', { ...lead, e: '5' }],
    ['lead with an unknown status', { ...lead, s: { ...open, status: 'paused' } }],
    ['lead with a bad readyState', { ...lead, s: { ...open, readyState: 3 } }],
    [
      'lead with an error of an unknown kind',
      { ...lead, s: { ...open, error: { kind: 'x', message: '', willReconnect: false } } },
    ],
    ['lead with an error without willReconnect', { ...lead, s: { ...open, error: { kind: 'parse', message: '' } } }],
    ['an event item that is too short', { ...lead, items: [['m', 'message', 'data', '1']] }],
    ['an event item with data that is not a string', { ...lead, items: [['m', 'message', {}, '1', '']] }],
    ['an unknown item', { ...lead, items: [['z']] }],
    ['an item that is not an array', { ...lead, items: [{ m: 1 }] }],
    ['an open item with extra fields', { ...lead, items: [['o', 1]] }],
  ])('ignores %s, without throwing', (_, data) => {
    expect(parseMessage(data, KEY)).toBeUndefined();
  });
});

describe('wire forms', () => {
  test('a state and its error cross without the DOM event or the cause', () => {
    const error = new SseError('retries-exhausted', 'Gave up', {
      status: 500,
      cause: new Error('x'),
      event: new Event('error'),
    });
    const wire = toWireState({ status: 'failed', readyState: 2, attempt: 2, error });
    expect(wire).toEqual({
      status: 'failed',
      readyState: 2,
      attempt: 2,
      error: { kind: 'retries-exhausted', message: 'Gave up', willReconnect: false, status: 500 },
    });
    expect(structuredClone(wire)).toEqual(wire);
    expect(toWireState({ status: 'open', readyState: 1, attempt: 0, error: undefined })).toEqual(open);
  });

  test('sameError compares what a tab can see', () => {
    const a = { kind: 'connection', message: 'lost', willReconnect: true } as const;
    expect(sameError(a, { ...a })).toBe(true);
    expect(sameError(a, { ...a, status: 500 })).toBe(false);
    expect(sameError(a, { ...a, message: 'other' })).toBe(false);
    expect(sameError(a, undefined)).toBe(false);
    expect(sameError(undefined, undefined)).toBe(true);
  });
});

describe('compareTerms', () => {
  test.each([
    [{ epoch: 2, from: 'a' }, { epoch: 1, from: 'z' }, 1],
    [{ epoch: 1, from: 'z' }, { epoch: 2, from: 'a' }, -1],
    [{ epoch: 1, from: 'b' }, { epoch: 1, from: 'a' }, 1],
    [{ epoch: 1, from: 'a' }, { epoch: 1, from: 'b' }, -1],
    [{ epoch: 1, from: 'a' }, { epoch: 1, from: 'a' }, 0],
  ])('%o against %o: %i', (a, b, sign) => {
    expect(Math.sign(compareTerms(a, b))).toBe(sign);
  });
});
