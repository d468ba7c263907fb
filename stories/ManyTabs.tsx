import { useEffect, useState } from 'react';
import type { StreamRecord } from '../src/testing';
import { ServerView } from './support/ServerView';
import type { ServerRecord } from './support/useServerRecord';

/** The mocked stream of the demo (see tabsStream.ts). */
export const TABS_PATH = '/api/tabs/clock';

/**
 * The demo: frames of this page, each a tab of its own (a `srcdoc` frame that loads tabsFrame.tsx, so it has its own
 * React and its own react-sse-kit), that share one connection as tabs do, and what the mocked server saw.
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
      <ServerView stream={server} line={tabsRequestLine} />
    </div>
  );
}

/** A request of the shared stream: the id it resumed after (the query param of a handover) and how it ended. */
const tabsRequestLine = (request: ServerRecord['requests'][number]) => (
  <>
    <span className="mono">GET {TABS_PATH}</span>
    {' · resumes after: '}
    <span className="mono">{new URL(request.url).searchParams.get('lastEventId') ?? '(first request)'}</span>
    {' · '}
    {request.open ? 'open' : `closed by ${request.closedBy ?? '?'}`}
  </>
);

function TabFrame({ name }: { name: string }) {
  const [doc, setDoc] = useState<string>();
  useEffect(() => {
    let current = true;
    // Only the url of the frame's module is needed here; a dynamic import keeps that module a chunk of its own.
    import('./tabsFrame').then(({ frameModule }) => {
      if (current) setDoc(frameDocument(frameModule, name));
    });
    return () => {
      current = false;
    };
  }, [name]);
  return doc ? <iframe srcDoc={doc} title={name} className="tabs-demo__iframe" /> : null;
}

/**
 * A frame's document: the stories' styles, then the frame's module. Two shims for the dev servers this runs on: the
 * refresh preamble that Vite's React modules expect where Vite serves them with hot reload (Storybook dev; a static
 * Storybook has no `/@react-refresh` to ask for), and the dynamic-import wrapper that Vitest's browser mode puts around
 * every `import()` (the stories as tests).
 */
function frameDocument(module: string, name: string): string {
  const styles = [...document.querySelectorAll('link[rel="stylesheet"], style')].map((node) => node.outerHTML);
  // Vite defines `import.meta.hot` exactly where it serves modules with hot reload, which is where they need the preamble.
  const refresh = (import.meta as ImportMeta & { hot?: unknown }).hot !== undefined;
  return `<!doctype html><meta charset="utf-8">${styles.join('')}<body class="tabs-demo__body">
<script type="module">
window.__vitest_browser_runner__ ??= { wrapDynamicImport: (load) => load() };
${
  refresh
    ? `const { default: refresh } = await import('/@react-refresh');
refresh.injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;
window.__vite_plugin_react_preamble_installed__ = true;`
    : ''
}
await import(${JSON.stringify(module)});
window.mountTabFrame(${JSON.stringify(name)}, ${JSON.stringify(TABS_PATH)});
</script>`;
}
