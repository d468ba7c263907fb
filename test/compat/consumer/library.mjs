// The library as a Node server loads it (no jsdom, no window, no EventSource): both entry points through ESM import,
// 'use client' as the first statement of every built file, and server rendering that opens no connection.
// library.cjs loads the same entry points through require(). Run by scripts/compat.mjs; any failure exits non-zero.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import {
  backoffDelay,
  isEventSourceSupported,
  isSseError,
  ProgressTask,
  SseConnection,
  SseError,
  useEventSource,
  useSseProgress,
} from 'react-sse-kit';
import { clockStream, installEventSource, progressStream, scriptedStream } from 'react-sse-kit/testing';

const ok = (message) => console.log(`  ✓ ${message}`);

// What the README documents, as named imports (a missing one fails the import itself). The package may export more;
// library.cjs checks that CommonJS exports the same names as ESM.
const documented = {
  useEventSource,
  useSseProgress,
  isEventSourceSupported,
  isSseError,
  backoffDelay,
  SseError,
  SseConnection,
  ProgressTask,
  installEventSource,
  scriptedStream,
  progressStream,
  clockStream,
};
for (const [name, value] of Object.entries(documented)) assert.equal(typeof value, 'function', name);
ok(`ESM import: react-sse-kit and react-sse-kit/testing, with ${Object.keys(documented).join(', ')}`);

// React Server Components: the directive counts only as the first statement (comments may precede it).
const DIRECTIVE = /^(?:#![^\n]*\n)?(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use client\1\s*;/;
const require = createRequire(import.meta.url);
const built = [
  fileURLToPath(import.meta.resolve('react-sse-kit')),
  fileURLToPath(import.meta.resolve('react-sse-kit/testing')),
  require.resolve('react-sse-kit'),
  require.resolve('react-sse-kit/testing'),
];
assert.equal(new Set(built).size, 4, `four built files, one per entry and format: ${built.join(', ')}`);
for (const file of built) assert.match(readFileSync(file, 'utf8'), DIRECTIVE, `'use client' is not first in ${file}`);
ok(`'use client' is the first statement of ${built.map((file) => file.replace(/.*node_modules\//, '')).join(', ')}`);

// Server rendering: no window and no EventSource here, as on a server.
assert.equal(typeof globalThis.window, 'undefined');
assert.equal(typeof globalThis.EventSource, 'undefined');
assert.equal(isEventSourceSupported(), false);
const errors = [];
const consoleError = console.error;
console.error = (...args) => errors.push(args.join(' '));
const constructed = [];
globalThis.EventSource = class CountingEventSource {
  constructor(url) {
    constructed.push(String(url));
  }
  close() {}
};
let html;
try {
  function Page() {
    const prices = useEventSource('/api/prices', { parse: 'json', share: true });
    const task = useSseProgress('/api/import', { autoStart: true });
    const idle = useEventSource(null);
    return createElement('p', null, `${prices.status} ${task.status} ${idle.status} ${prices.isSupported}`);
  }
  html = renderToString(createElement(Page));
} finally {
  console.error = consoleError;
  delete globalThis.EventSource;
}
assert.equal(html, '<p>connecting idle idle true</p>');
assert.deepEqual(constructed, [], 'server rendering constructed an EventSource');
assert.deepEqual(errors, [], 'server rendering logged errors');
ok(`renderToString: ${html}, no EventSource constructed, nothing logged`);
