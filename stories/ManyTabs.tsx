// Every frame of the demo loads this module again (see TabFrame), so it imports no MSW: the mock lives in the page.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useEventSource } from '../src';
import type { StreamRecord } from '../src/testing';
import { StatusBadge } from './support/StatusBadge';
import { useServerRecord } from './support/useServerRecord';

/** The mocked stream of the demo (see tabsStream.ts). */
export const TABS_PATH = '/api/tabs/clock';

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
export function TabView({ name, live }: { name: string; live: () => number }) {
  // An absolute url: a frame's `location` is `about:srcdoc`, while its `document.baseURI` is the page's.
  const [url] = useState(() => new URL(TABS_PATH, document.baseURI).href);
  const { status, lastEventId, history } = useEventSource(url, {
    share: 'tabs',
    lastEventIdParam: 'lastEventId',
    history: 6,
  });
  // Read again with every event and every status change, which render this component.
  const leads = live() > 0;
  return (
    <section className="demo" aria-label={name}>
      <div className="toolbar">
        <strong>{name}</strong>
        <span className="badge" data-role={leads ? 'leader' : 'follower'}>
          {leads ? 'Leader: holds the connection' : 'Follower: gets the relay'}
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

/** This module's url: a frame imports it again, in a realm of its own, as another tab loads the app. */
export const frameModule = import.meta.url;

/** Runs inside a frame: render its tab. */
export function mountFrame(name: string): void {
  const live = trackEventSources();
  const container = document.createElement('div');
  document.body.append(container);
  createRoot(container).render(<TabView name={name} live={live} />);
}

/**
 * The demo: frames of this page, each a tab of its own (a `srcdoc` frame that loads this module again, so it has
 * its own React and its own react-sse), that share one connection as tabs do, and what the mocked server saw.
 * "Close" removes a frame, as closing its tab would.
 */
export function ManyTabs({ frames, server }: { frames: number; server: StreamRecord }) {
  const [names, setNames] = useState(() => Array.from({ length: frames }, (_, i) => `Tab ${i + 1}`));
  const [opened, setOpened] = useState(frames);
  return (
    <div className="tabs-demo">
      <div className="toolbar">
        <button
          type="button"
          className="button"
          onClick={() => {
            setNames((list) => [...list, `Tab ${opened + 1}`]);
            setOpened(opened + 1);
          }}
        >
          Open a tab
        </button>
      </div>
      <div className="tabs-demo__frames">
        {names.map((name) => (
          <figure key={name} className="tabs-demo__frame">
            <figcaption>
              <button
                type="button"
                className="button"
                onClick={() => setNames((list) => list.filter((n) => n !== name))}
              >{`Close ${name}`}</button>
            </figcaption>
            <TabFrame name={name} />
          </figure>
        ))}
      </div>
      <TabsServerView server={server} />
    </div>
  );
}

function TabsServerView({ server }: { server: StreamRecord }) {
  const { requests, openConnections, maxOpenConnections } = useServerRecord(server);
  return (
    <section className="panel panel--server" aria-label="Mock server">
      <h3 className="panel__title">What the mock server saw</h3>
      <dl className="facts">
        <dt>Requests</dt>
        <dd>{requests.length}</dd>
        <dt>Open connections</dt>
        <dd>{openConnections}</dd>
        <dt>Most open at once</dt>
        <dd>{maxOpenConnections}</dd>
      </dl>
      <ol className="requests" aria-label="Requests">
        {requests.map((request, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only list
          <li key={index}>
            <span className="mono">GET {TABS_PATH}</span>
            {' · resumes after: '}
            <span className="mono">{new URL(request.url).searchParams.get('lastEventId') ?? '(first request)'}</span>
            {' · '}
            {request.open ? 'open' : `closed by ${request.closedBy ?? '?'}`}
          </li>
        ))}
      </ol>
    </section>
  );
}

function TabFrame({ name }: { name: string }) {
  // The stories' styles, then this module again. Two shims for the dev servers this runs on: the refresh preamble
  // that Vite's React modules expect (Storybook dev), and the dynamic-import wrapper that Vitest's browser mode puts
  // around every `import()` (the stories as tests). Neither exists, nor is needed, in a static Storybook.
  const [doc] = useState(() => {
    const styles = [...document.querySelectorAll('link[rel="stylesheet"], style')].map((node) => node.outerHTML);
    return `<!doctype html><meta charset="utf-8">${styles.join('')}<body class="tabs-demo__body">
<script type="module">
window.__vitest_browser_runner__ ??= { wrapDynamicImport: (load) => load() };
try {
  const { default: refresh } = await import('/@react-refresh');
  refresh.injectIntoGlobalHook(window);
  window.$RefreshReg$ = () => {};
  window.$RefreshSig$ = () => (type) => type;
  window.__vite_plugin_react_preamble_installed__ = true;
} catch {}
const { mountFrame } = await import(${JSON.stringify(frameModule)});
mountFrame(${JSON.stringify(name)});
</script>`;
  });
  return <iframe srcDoc={doc} title={name} className="tabs-demo__iframe" />;
}
