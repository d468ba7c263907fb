// @vitest-environment node
// Recipe (docs/recipes.md, "Next.js (App Router)"): LivePrice.tsx and page.tsx are the page's two code blocks, rendered
// as Next.js renders them on the server: in Node, with no `document` and no `window`. The server render must not open a
// stream; the browser connects after hydration (see test/hook/ssr.test.tsx for hydration).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderToString } from 'react-dom/server';
import { expect, test, vi } from 'vitest';
import Page from './page';

test("the client component file starts with 'use client'", () => {
  const source = readFileSync(join(import.meta.dirname, 'LivePrice.tsx'), 'utf8');
  expect(source.startsWith("'use client';\n")).toBe(true);
});

test('the page renders on the server without constructing an EventSource', () => {
  expect(typeof document).toBe('undefined');
  const constructed = vi.fn();
  const Original = globalThis.EventSource; // the setup file installs one, as a polyfilled server would have
  vi.stubGlobal(
    'EventSource',
    class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        constructed(url);
        super(url, init);
      }
    },
  );
  const html = renderToString(<Page />);
  expect(html).toBe('<main><h1>Prices</h1><p>ACME<!-- -->: <!-- -->…</p></main>');
  expect(constructed).not.toHaveBeenCalled();
});
