import { sse } from 'msw';
import { closable } from '../src/testing/closable';
import { Tracker, withRecord } from '../src/testing/track';
import { TABS_PATH } from './ManyTabs';

/**
 * The demo's mocked server, in the story's page: a tick every `interval` ms, ids counting up from the one a
 * request resumes after (its `lastEventId` query parameter). The frames run no MSW of their own: MSW's service
 * worker resolves a frame's request through the page's, so this one mock serves whichever frame leads.
 */
export function tabsStream(interval: number) {
  const tracker = new Tracker();
  const handler = sse(TABS_PATH, ({ request, client }) => {
    const entry = tracker.record(request);
    tracker.opened(entry, request.signal);
    let id = Number(new URL(request.url).searchParams.get('lastEventId')) || 0;
    const timer = setInterval(() => {
      id += 1;
      client.send({ id: String(id), data: `tick ${id}` });
    }, interval);
    request.signal.addEventListener('abort', () => clearInterval(timer));
  });
  // closable(): in a browser, MSW never tells a handler that the page closed its EventSource; this does.
  return withRecord(closable(handler), tracker);
}
