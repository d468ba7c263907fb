// Server rendering and hydration as an app does them: react-dom/server renders the markup on a server (no
// `document`, no connection), then hydrateRoot takes that markup over in jsdom and the stream starts there.
// Runs in the `unit` (React 19) and `react18` projects alike; the first test pins which React that is.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, render, screen, waitFor } from '@testing-library/react';
import { type ReactNode, useState, version } from 'react';
import { version as domVersion } from 'react-dom';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, inject, type MockInstance, onTestFinished, test, vi } from 'vitest';
import { progressStream, scriptedStream } from '../../src/testing';
import { server } from '../server';

declare module 'vitest' {
  interface ProvidedContext {
    /** The React version a project runs, when it is not the root's (see vitest.config.ts). */
    reactVersion?: string;
  }
}

type Library = typeof import('../../src');

const hold = { wait: 60_000 }; // keeps a mocked stream open until the client leaves

/** Runs `render` as on a server: no `document` (the hooks choose `useEffect` over `useLayoutEffect` by it). */
function onServer<R>(render: () => R): R {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'document');
  Object.defineProperty(globalThis, 'document', { value: undefined, configurable: true });
  try {
    return render();
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'document', descriptor);
  }
}

/** Counts EventSource constructions from now until the end of the test, through the global constructor. */
function countEventSources(): string[] {
  const urls: string[] = [];
  const Original = globalThis.EventSource;
  vi.stubGlobal(
    'EventSource',
    class CountingEventSource extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        urls.push(String(url));
      }
    },
  );
  return urls;
}

/**
 * Hydrates `html` produced on the server; collects everything React reports about the hydration, and every
 * console.error since `consoleError` was set up (before the server render, so its warnings count too).
 */
function hydrate(html: string, app: ReactNode, consoleError: MockInstance<typeof console.error>) {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const recoverable: unknown[] = [];
  const before = [...container.querySelectorAll('*')];
  let root: Root | undefined;
  act(() => {
    root = hydrateRoot(container, app, { onRecoverableError: (error) => recoverable.push(error) });
  });
  onTestFinished(() => {
    act(() => root?.unmount());
    container.remove();
  });
  return {
    container,
    /** Everything that says the server markup was not adopted as it was. */
    problems: () => ({
      recoverableErrors: recoverable.map(String),
      consoleErrors: consoleError.mock.calls.map((args) => args.map(String).join(' ')),
      // A mismatch makes React throw the server markup away and render on the client: new elements.
      replacedElements: before.filter((element) => !container.contains(element)).length,
    }),
  };
}

const clean = { recoverableErrors: [], consoleErrors: [], replacedElements: 0 };

function createApp({ useEventSource, useSseProgress }: Library) {
  function Ticker() {
    const { status, readyState, isSupported, data, error } = useEventSource<number>('/ssr/ticks', { parse: Number });
    return <p data-testid="ticker">{`${status}|${readyState}|${isSupported}|${data ?? '-'}|${error?.kind ?? ''}`}</p>;
  }
  function Idle() {
    const { status, readyState } = useEventSource(null);
    return <p data-testid="idle">{`${status}|${readyState}`}</p>;
  }
  function Disabled() {
    const { status, readyState } = useEventSource('/ssr/ticks', { enabled: false });
    return <p data-testid="disabled">{`${status}|${readyState}`}</p>;
  }
  function Task() {
    const { status, progress, message, log } = useSseProgress('/ssr/task', { autoStart: true });
    return <p data-testid="task">{`${status}|${progress}|${message ?? '-'}|${log.length}`}</p>;
  }
  function Waiting() {
    const { status, progress } = useSseProgress('/ssr/task');
    return <p data-testid="waiting">{`${status}|${progress}`}</p>;
  }
  return function App() {
    return (
      <main>
        <Ticker />
        <Idle />
        <Disabled />
        <Task />
        <Waiting />
      </main>
    );
  };
}

describe('the React under test', () => {
  const rootPackage = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'));
  const expected: string = inject('reactVersion') ?? rootPackage.devDependencies.react;

  function Counter() {
    const [count] = useState(41);
    return <p>count {count + 1}</p>;
  }

  test(`is React ${expected} for react, react-dom, react-dom/server and Testing Library alike`, async () => {
    console.info(`React ${version}, react-dom ${domVersion}`);
    expect(version).toBe(expected);
    expect(domVersion).toBe(expected);
    // Two copies of React in one tree break hooks, so these renders prove that react-dom/server and Testing
    // Library use the React this file imports.
    expect(renderToString(<Counter />)).toBe('<p>count <!-- -->42</p>');
    render(<Counter />);
    expect(await screen.findByText('count 42')).toBeTruthy();
  });
});

describe('server rendering and hydration', () => {
  test('useEventSource and useSseProgress render on the server without an EventSource, hydrate cleanly, then connect', async () => {
    const stream = scriptedStream('/ssr/ticks', [{ data: '1', id: '1' }, { data: '2', id: '2' }, hold]);
    const task = progressStream('/ssr/task', { steps: 2, interval: 1 });
    server.use(stream, task);
    const library: Library = await import('../../src');
    const constructed = countEventSources();
    const consoleError = vi.spyOn(console, 'error');

    const App = createApp(library);
    const html = onServer(() => renderToString(<App />));
    expect(constructed).toEqual([]);
    // What the server snapshot promises: an active hook is `connecting`, an inactive one `idle`.
    expect(html).toContain('connecting|0|true|-|');
    expect(html).toContain('<p data-testid="idle">idle|2</p>');
    expect(html).toContain('<p data-testid="disabled">idle|2</p>');
    expect(html).toContain('<p data-testid="task">idle|0|-|0</p>');
    expect(html).toContain('<p data-testid="waiting">idle|0</p>');

    const { container, problems } = hydrate(html, <App />, consoleError);
    const text = (id: string) => container.querySelector(`[data-testid=${id}]`)?.textContent;
    await waitFor(() => expect(text('ticker')).toBe('open|1|true|2|'));
    await waitFor(() => expect(text('task')).toBe('done|100|Process complete|3'));
    expect(problems()).toEqual(clean);
    expect(text('idle')).toBe('idle|2');
    expect(text('disabled')).toBe('idle|2');
    expect(text('waiting')).toBe('idle|0');
    // The browser made the connections; the server render made none.
    expect(constructed.sort()).toEqual(['/ssr/task', '/ssr/ticks']);
    expect(stream.requests).toHaveLength(1);
    expect(task.requests).toHaveLength(1);
  });

  test('the hydration check sees a mismatch when there is one', async () => {
    function WhereAmI({ where }: { where: string }) {
      return <p>{where}</p>;
    }
    // Silenced: React 18 prints the mismatch it reports.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const html = renderToString(<WhereAmI where="server" />);
    const { problems } = hydrate(html, <WhereAmI where="browser" />, consoleError);
    await waitFor(() => expect(problems()).not.toEqual(clean));
  });
});
