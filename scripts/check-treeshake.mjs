// Tree-shaking of the built dist/ (run `npx tsup` first; this script builds nothing), bundled with esbuild the way an
// app's bundler would see the package: through its `exports` map, as `react-sse-kit`, with react left external.
// - an app that imports only `isEventSourceSupported` gets no hook code;
// - the main entry, ESM or CJS, never contains the testing kit (`react-sse-kit/testing`, msw, eventsource).
// Exits non-zero on any problem; prints the bundle sizes.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const failures = [];
const fail = (check, message) => failures.push(`${check}: ${message}`);

// Hook code: the names survive bundling (esbuild keeps class and function names when it does not minify).
const HOOK_CODE = [
  'useSyncExternalStore',
  'useState',
  'useLayoutEffect',
  'EventSourceObserver',
  'useEventSource',
  'useSseProgress',
  'SseConnection',
  'ConnectionRegistry',
];
// The testing kit and its dependencies.
const TESTING_CODE = ['scriptedStream', 'progressStream', 'clockStream', 'installEventSource', 'mockServiceWorker'];
const TESTING_PACKAGES = /(^|\/)node_modules\/(msw|eventsource|@mswjs)\//;

// An app folder whose node_modules/react-sse-kit is this repository, so resolution goes through `exports`.
const app = mkdtempSync(join(tmpdir(), 'react-sse-kit-treeshake-'));
mkdirSync(join(app, 'node_modules'));
symlinkSync(root, join(app, 'node_modules', 'react-sse-kit'), 'dir');

async function bundle(name, source, { format = 'esm', platform = 'browser', external = [] } = {}) {
  const entry = join(app, `${name}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(entry, source);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: app,
    bundle: true,
    write: false,
    format,
    platform,
    external: ['react', 'react-dom', ...external],
    metafile: true,
    logLevel: 'silent',
    // What a production build does; names stay readable because nothing is minified.
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].text;
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => resolve(app, input))
    .filter((input) => input !== entry)
    .map((input) => relative(root, input));
  return { code, inputs, size: Buffer.byteLength(code), gzip: gzipSync(code).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

try {
  // 1. Only isEventSourceSupported: none of the hook machinery may come along.
  const support = await bundle(
    'support-only',
    "import { isEventSourceSupported } from 'react-sse-kit';\nconsole.log(isEventSourceSupported());\n",
  );
  // Bundlers keep the import statements of an external package (react declares no `sideEffects`), harmlessly:
  // react is in every app that uses this library. What must be gone is the code that uses them.
  const body = support.code.replace(/^import\s[^;]*?from\s*["']react["'];?$/gm, '');
  const leaked = HOOK_CODE.filter((name) => body.includes(name));
  if (leaked.length > 0) fail('isEventSourceSupported alone', `the bundle contains hook code: ${leaked.join(', ')}`);
  if (leaked.length === 0)
    console.log(`✓ isEventSourceSupported alone: ${support.size} B (${support.gzip} B gzip), no hook code`);

  // 2. The whole main entry, ESM (import) and CJS (require): never the testing kit.
  const mains = [
    ['ESM', await bundle('main-esm', "import * as sse from 'react-sse-kit';\nconsole.log(sse);\n")],
    [
      'CJS',
      await bundle('main-cjs', "const sse = require('react-sse-kit');\nconsole.log(sse);\n", {
        format: 'cjs',
        platform: 'node',
      }),
    ],
  ];
  for (const [format, main] of mains) {
    const files = main.inputs;
    const expected = format === 'ESM' ? 'dist/index.js' : 'dist/index.cjs';
    const foreign = main.inputs.filter((input) => TESTING_PACKAGES.test(input) || /dist\/testing/.test(input));
    const testingNames = TESTING_CODE.filter((name) => main.code.includes(name));
    if (!files.includes(expected))
      fail(`main entry (${format})`, `${expected} is not what react-sse-kit resolved to: ${files}`);
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
      fail(`main entry (${format})`, `the bundle pulls in ${shown}`);
    }
    if (testingNames.length > 0) fail(`main entry (${format})`, `the bundle contains ${testingNames.join(', ')}`);
    if (files.includes(expected) && foreign.length === 0 && testingNames.length === 0)
      console.log(
        `✓ main entry (${format}): ${kb(main.size)} (${kb(main.gzip)} gzip), only ${files.join(', ')}; ` +
          'no msw, eventsource or testing kit',
      );
  }

  // 3. The testing entry resolves on its own (a control: the names searched for above are really its names).
  const testing = await bundle('testing', "export * from 'react-sse-kit/testing';\n", {
    external: ['msw', 'eventsource'],
  });
  const missing = TESTING_CODE.filter((name) => name !== 'mockServiceWorker' && !testing.code.includes(name));
  if (missing.length > 0) fail('testing entry', `expected ${missing.join(', ')} in react-sse-kit/testing`);
  else console.log(`✓ testing entry: ${kb(testing.size)}, has ${TESTING_CODE.slice(0, -1).join(', ')}`);
} catch (error) {
  fail('esbuild', error.message);
} finally {
  rmSync(app, { recursive: true, force: true });
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`✗ ${failure}`);
  console.error(`tree-shaking check: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('tree-shaking check: no problems');
