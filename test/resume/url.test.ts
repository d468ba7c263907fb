// The param merge of lastEventIdParam, as a table. A relative url is resolved against the document (jsdom's is
// http://localhost:3000/), as EventSource itself resolves it, so the request goes to the same place.
import { expect, test } from 'vitest';
import { withLastEventId } from '../../src/resume';

test.each([
  ['absolute, no query', 'https://api.test/stream', 'https://api.test/stream?lastEventId=42'],
  ['absolute, a query', 'https://api.test/stream?topic=a&b=2', 'https://api.test/stream?topic=a&b=2&lastEventId=42'],
  [
    'the param is already there: replaced in place',
    'https://api.test/s?lastEventId=1&x=y',
    'https://api.test/s?lastEventId=42&x=y',
  ],
  [
    'the param twice: one is left',
    'https://api.test/s?lastEventId=1&x=y&lastEventId=2',
    'https://api.test/s?lastEventId=42&x=y',
  ],
  ['relative, from the root', '/api/stream?x=1', 'http://localhost:3000/api/stream?x=1&lastEventId=42'],
  ['relative to the document', 'stream', 'http://localhost:3000/stream?lastEventId=42'],
  ['a hash stays last', 'https://api.test/s?x=1#top', 'https://api.test/s?x=1&lastEventId=42#top'],
  ['a hash, no query', 'https://api.test/s#top', 'https://api.test/s?lastEventId=42#top'],
  ['an empty query', 'https://api.test/s?', 'https://api.test/s?lastEventId=42'],
  [
    'a param with a similar name is kept',
    'https://api.test/s?lastEventIdx=1',
    'https://api.test/s?lastEventIdx=1&lastEventId=42',
  ],
])('%s', (_name, url, expected) => {
  expect(withLastEventId(url, 'lastEventId', '42')).toBe(expected);
});

test('the other params keep their values (re-encoded as a form would: a space is +)', () => {
  const merged = new URL(withLastEventId('https://api.test/s?q=a%20b&r=c+d&e=%C3%A9', 'lastEventId', '42'));
  expect([...merged.searchParams]).toEqual([
    ['q', 'a b'],
    ['r', 'c d'],
    ['e', 'é'],
    ['lastEventId', '42'],
  ]);
});

test('an id with characters that need encoding arrives as it was; Mercure spells the param lastEventID', () => {
  const id = 'a b&c=d/é#1+2';
  const merged = withLastEventId('https://api.test/s', 'lastEventId', id);
  expect(merged).toBe('https://api.test/s?lastEventId=a+b%26c%3Dd%2F%C3%A9%231%2B2');
  expect(new URL(merged).searchParams.get('lastEventId')).toBe(id);
  expect(withLastEventId('https://hub.test/.well-known/mercure?topic=x', 'lastEventID', 'urn:uuid:1')).toBe(
    'https://hub.test/.well-known/mercure?topic=x&lastEventID=urn%3Auuid%3A1',
  );
});

test("a relative url follows the document's <base href>, as the EventSource's own request does", () => {
  const base = document.createElement('base');
  base.href = 'https://api.test/app/';
  document.head.append(base);
  try {
    expect(withLastEventId('stream?x=1', 'lastEventId', '42')).toBe('https://api.test/app/stream?x=1&lastEventId=42');
  } finally {
    base.remove();
  }
});
