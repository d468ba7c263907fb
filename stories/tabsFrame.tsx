// What runs inside each frame of the "Many tabs" demo (ManyTabs.tsx): one tab of the app. The page reaches this
// module only through a dynamic import(), so a build makes it a chunk of its own that a frame can load again,
// without the story's code (or Storybook's) around it.
import { createRoot } from 'react-dom/client';
import { useEventSource } from '../src';
import { StatusBadge } from './support/StatusBadge';

/** The EventSources this frame made, and how many are not CLOSED: the frame that has one leads. */
function trackEventSources(): () => number {
  const Native = window.EventSource;
  const made: EventSource[] = [];
  window.EventSource = class Tracked extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      made.push(this);
    }
  };
  return () => made.filter((source) => source.readyState !== Native.CLOSED).length;
}

/**
 * One tab of the demo: a hook with `share: 'tabs'` on the mocked stream. It says whether this frame leads (it holds
 * the EventSource) or follows (it gets what the leader relays), and lists the ids it received.
 */
function TabView({ name, url, live }: { name: string; url: string; live: () => number }) {
  const { status, lastEventId, history } = useEventSource(url, {
    share: 'tabs',
    lastEventIdParam: 'lastEventId',
    history: 6,
  });
  // Read again with every event and every status change, which render this component. A frame without an
  // EventSource that is still connecting has no relay yet: before the first election no frame leads, so calling it a
  // follower would show three followers and no leader.
  const role = live() > 0 ? 'leader' : status === 'connecting' ? 'waiting' : 'follower';
  return (
    <section className="demo" aria-label={name}>
      <div className="toolbar">
        <strong>{name}</strong>
        <span className="badge" data-role={role}>
          {role === 'leader'
            ? 'Leader: holds the connection'
            : role === 'follower'
              ? 'Follower: gets the relay'
              : 'Waiting for the connection'}
        </span>
      </div>
      <StatusBadge status={status} />
      <p className="mono">{`Last event id: ${lastEventId || '–'}`}</p>
      <ol aria-label={`${name}: received`}>
        {history.map((message) => (
          <li key={message.lastEventId}>{message.data}</li>
        ))}
      </ol>
    </section>
  );
}

/** This module's url, for a frame to import it again, in a realm of its own, as another tab loads the app. */
export const frameModule = import.meta.url;

/**
 * Render the tab in this frame. `path` becomes an absolute url here: a frame's `location` is `about:srcdoc`, which
 * resolves nothing, while its `document.baseURI` is the page's.
 */
function mountFrame(name: string, path: string): void {
  const live = trackEventSources();
  const url = new URL(path, document.baseURI).href;
  const container = document.createElement('div');
  document.body.append(container);
  createRoot(container).render(<TabView name={name} url={url} live={live} />);
}

// The frame calls it by this global name, not by an export: a build shortens the export names of its chunks.
(window as unknown as { mountTabFrame?: typeof mountFrame }).mountTabFrame = mountFrame;
