// Bundle sizes as an application would ship them: the published files (dist/, so run `npm run build` first)
// bundled by esbuild, minified, React external, gzip level 9. Chunks loaded on first use (the tabs' code, the fetch
// transport) are measured apart, each against its own budget.
//   node bench/size.mjs           print the table
//   node bench/size.mjs --check   also exit 1 when `useEventSource` alone exceeds the budget

import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Budget for `import { useEventSource } from 'react-sse-kit'`, minified and gzipped: what CI enforces, so the hook
 * cannot grow unnoticed. It sits just above today's size and comes down as the code does. 0.1.0 was 3,170 B; the
 * spec-review fixes (issue 9) and resuming on every reconnect (issue 10: the query param, the stall watchdog, the
 * back-forward cache and `online`, about +260 B net) brought it to about 3,750 B, and `share: 'tabs'` (issue 11) adds
 * about 470 B up front (the hub and the acquire path; the rest is the chunk below, loaded on first use). One timer for
 * the retry and the watchdog, and one store primitive under the core, brought it to about 4,200 B. See BENCHMARKS.md.
 * The second review's fixes (issue 16: a frame that survives lost timers, long and odd watchdog timeouts on the
 * injected clock, user functions that throw named and failed, NaN delays, the lastEventId option before connecting,
 * parse errors cleared) took it from 4,216 B to 4,438 B, and the tabs hub's one state method (`_update`, issue 16's
 * explicit membership) to about 4,455 B. The fetch transport (issue 17) added 316 B up front (4,771 B), over the
 * issue's goal of 150 B: choosing the transport, loading its chunk (about 85 B with the chunk's name), `resume`
 * defaulting to false and no sharing for a request with a body or a method other than GET, the latest `headers`,
 * comments as heard, `error.response`; the transport itself is the chunk below. Then 4,744 B: the tabs' key built by
 * the registry's (-4), `latestHeaders`, an identity function, gone (-4), and the lazy chunks' names without tsup's hash
 * (-19). Moving the rest into the chunk costs the chunk more than it saves here (the work request's message: -15 B
 * here, +39 B there), and the chunk is at its own goal (below). Issue 18 then added schemas (its `schema` and
 * `events` map part, about 339 B: checking an event and taking its output, a message that names the first issue's
 * path, async schemas in order, listening to a map's types only), `reduce`/`initial` (about 95 B) and tracked renders
 * (about 315 B, src/tracked.ts): 5,488 B. Then 5,419 B (-69): one skip path for parse, schema and reduce errors, the
 * observer's `_wanted` getter inlined, one test for a stream that ended, one variable for a shared connection, and
 * `_fail` defaulting to 'failed'. Then 5,178 B (-241): one import of React for the build (src/react.ts), fields
 * without a value of their own `declare`d instead of emitted bare, acquiring a connection that returns its release,
 * the server snapshot computed as `_compute(true)`, one `_emit` for notices, retain and release counted as the hub's,
 * the hub making the error of a driver that cannot load, one `sharedUrl` for the tabs, and internals (`_setOptions`,
 * `_getServerSnapshot`, the tabs chunk's `MemberDeps`) under `_` names that the build shortens. Then 4,968 B (-210):
 * all the code of `share: 'tabs'` in its chunk, as issue 11 preferred ("a design that keeps the cost off users who
 * never share across tabs"): the tab's hub, its registry and the check for a page whose tabs can share were up front
 * (about 340 B), and a hook now loads them with the rest (src/tabs/load.ts, about 130 B with the hook's wait). Then
 * 4,993 B (+25): `open()` during that load opens the connection the load attaches if it is over (as `open()` does with
 * a connection), and the load once a page.
 */
export const USE_EVENT_SOURCE_BUDGET = 4995;

/** Issue 5's goal for the same import, reported beside the budget. */
export const USE_EVENT_SOURCE_GOAL = 2500;

/**
 * Budget for the code of `share: 'tabs'` (the tab's hubs, election, relay protocol, leader and follower), a chunk of
 * its own that an app loads when a hook first uses `share: 'tabs'` (src/tabs/load.ts). It is not in the figure
 * above; this keeps it from growing unnoticed. Issue 16's explicit membership (a role table, the relay, the
 * follower's view and the liveness watch as pieces of their own, named message fields) took it from 3,699 B to
 * 4,170 B at first; the member and the elections as closures like the other pieces, `_`-named members for what
 * only the chunk calls (the build shortens them) and wire forms without special cases for unset fields brought it
 * to 3,843 B: 144 B more than before the membership. Issue 18 changed no code of the chunk, but new `_` members
 * elsewhere shift the names the build gives them (`mangleProps` numbers them across the build), which moved it from
 * 3,849 B to 3,851 B: a few bytes of margin for that. Then the hub, the hubs by key and the check for a page whose
 * tabs can share moved here from the main bundle (which lost 210 B): 4,209 B, 372 B more, so an app that shares across
 * tabs loads about 160 B more in all than before, and every other app 210 B less.
 */
export const TABS_CHUNK_BUDGET = 4220;

/**
 * Budget for the fetch transport (`headers`, `method`, `body` or `transport: 'fetch'`: FetchEventSource, its request
 * and eventsource-parser), a chunk of its own that an app loads when a connection first uses it
 * (src/transport/load.ts). Issue 17's goal: under 3 KB gzipped with its parser; 2,633 B when it was wired in with
 * eventsource-parser 3.1.1. Bundling eventsource-parser 4.1.3 instead (its `onId` keeps the id of a block without data,
 * which 3.1 drops, and users install nothing) costs about 385 B (the parser alone: 1,430 B with 3.1.1, 1,817 B with
 * 4.1.3); dropping our CR workaround, which 4.1 makes needless, gave back about 30 B, and keeping the BOM for the
 * parser to strip (it strips one itself) took 16 B: 2,980 B. The budget is the issue's goal.
 */
export const TRANSPORT_CHUNK_BUDGET = 3000;

/** The entries measured: what an app imports, and where from. */
export const ENTRIES = [
  {
    name: 'react-sse-kit: main entry (everything)',
    library: 'react-sse-kit',
    code: "export * from './dist/index.js';",
  },
  {
    name: 'react-sse-kit: useEventSource alone',
    library: 'react-sse-kit',
    code: "export { useEventSource } from './dist/index.js';",
    budget: USE_EVENT_SOURCE_BUDGET,
    lazy: [
      { name: "react-sse-kit: share: 'tabs', loaded on first use", budget: TABS_CHUNK_BUDGET },
      {
        name: 'react-sse-kit: fetch transport, loaded on first use',
        chunk: 'fetchSource',
        budget: TRANSPORT_CHUNK_BUDGET,
      },
    ],
  },
  {
    name: 'react-use-websocket: main entry',
    library: 'react-use-websocket',
    code: "export * from 'react-use-websocket';",
  },
  {
    name: 'react-use-websocket: useEventSource alone',
    library: 'react-use-websocket',
    code: "export { useEventSource } from 'react-use-websocket';",
  },
  {
    name: '@microsoft/fetch-event-source: fetchEventSource (no React binding)',
    library: '@microsoft/fetch-event-source',
    code: "export { fetchEventSource } from '@microsoft/fetch-event-source';",
  },
];

/**
 * Minified and gzipped bytes of one entry, as an app's bundler splits it: what loads up front (the entry and the
 * chunks it imports statically), and apart from it what loads only when used (chunks behind a dynamic `import()`:
 * the code of `share: 'tabs'`).
 */
export async function bundleSize(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: join(root, 'node_modules/.cache/size'),
    metafile: true,
    platform: 'browser',
    // The package's own build target (tsup.config.ts); an app targeting older browsers pays more for lowered class fields.
    target: 'es2022',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'error',
    // 'use client' is for the published files; a bundler drops it (and says so).
    logOverride: { 'module-level-directive': 'silent' },
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint);
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const imported of outputs[name].imports)
      if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
  };
  visit(entry);
  const sizes = { minified: 0, gzipped: 0, lazy: {} };
  for (const file of result.outputFiles) {
    const name = relative(root, file.path);
    // A lazy chunk is known by the dist file it comes from (`dist/fetchSource.js`); the rest is the tabs' code.
    const chunk = Object.keys(outputs[name]?.inputs ?? {}).some((input) => /dist\/fetchSource\./.test(input))
      ? 'fetchSource'
      : 'tabs';
    sizes.lazy[chunk] ??= { minified: 0, gzipped: 0 };
    const into = eager.has(name) ? sizes : sizes.lazy[chunk];
    into.minified += file.contents.length;
    into.gzipped += gzipSync(file.contents, { level: 9 }).length;
  }
  return sizes;
}

/** Every entry with its sizes, and after `useEventSource` alone a row for each chunk it loads on first use. */
export async function measureSizes() {
  const rows = [];
  for (const { lazy: chunks = [], ...entry } of ENTRIES) {
    const { lazy, ...sizes } = await bundleSize(entry.code);
    rows.push({ ...entry, ...sizes });
    for (const { chunk = 'tabs', ...row } of chunks)
      rows.push({ ...row, library: entry.library, lazy: true, ...(lazy[chunk] ?? { minified: 0, gzipped: 0 }) });
  }
  return rows;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const rows = await measureSizes();
  console.log('| bundle (esbuild --minify, React external) | minified | gzipped | budget |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows)
    console.log(
      `| ${row.name} | ${row.minified} B | ${row.gzipped} B | ${row.budget ? `${row.budget} B ${row.gzipped <= row.budget ? '✓' : '✗'}` : ''} |`,
    );
  if (process.argv.includes('--check')) {
    const over = rows.filter((row) => row.budget && row.gzipped > row.budget);
    for (const row of over)
      console.error(`✗ size budget: ${row.name} is ${row.gzipped} B gzipped, over the budget of ${row.budget} B`);
    if (over.length) process.exit(1);
    console.log('✓ size budget met');
  }
}
