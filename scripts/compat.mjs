// `npm test`'s compatibility step: the package as a user installs and tests it. Users run Node 20, where `npm install`
// gives msw 2, eventsource 4 and Vitest 4, and Node 22 and 24, where it gives msw 3, eventsource 5 and Vitest 5. For
// each run (the machine's own Node with test/compat/consumer-msw2's pins, Node 22 and 24 with test/compat/consumer's),
// from the build `npm test` has just made, this script:
// - packs the package (`npm pack`) and installs the tarball the way a user would, into a consumer project with the
//   run's pinned versions, without --legacy-peer-deps (the peer ranges must admit them), and checks the installed tree
//   with `npm ls --all`;
// - writes every code block of docs/testing.md (and of the README and the other docs pages) whose first line names a
//   file (`// vitest.setup.ts`, `// Import.test.tsx`, …) to that file in the consumer project, so the docs are what
//   runs;
// - runs there the library checks (library.mjs, library.cjs: ESM, CJS, 'use client', server rendering), tsc over the
//   docs' files and the consumer's, and Vitest (the docs' tests and test/compat/consumer/*.test.tsx);
// - runs test/compat/consumer/unmocked/ on its own, tests that forgot a handler, and checks that the docs' setup file
//   failed each of them with its "No request handler for …" (a stream with no handler must not pass, or hang);
// - prints the versions that ran, and fails on any failure, on a skipped test, or on a test file that did not run.
// The Node binaries (the npm registry's `node-<platform>-<arch>` packages) and the consumer installs are cached in
// test/compat/.cache/, keyed by the versions and the tarball's dependency fields: a change of either reinstalls.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';

/**
 * The runs: a Node (`own`: the one running this script, Node 20 here and in CI; otherwise the newest 22 and 24 in the
 * registry when this was written) and the consumer project's pins for it.
 */
const RUNS = [
  { id: 'msw2', node: process.versions.node, own: true, pins: 'test/compat/consumer-msw2/package.json' },
  { id: 'node22', node: '22.23.5', own: false, pins: 'test/compat/consumer/package.json' },
  { id: 'node24', node: '24.22.3', own: false, pins: 'test/compat/consumer/package.json' },
];
/** Printed for each run, read from the consumer's node_modules. */
const REPORTED = [
  'react',
  'react-dom',
  'msw',
  'eventsource',
  'vitest',
  'vite',
  'jsdom',
  '@testing-library/react',
  '@testing-library/dom',
  'typescript',
];
/** The page with the test setup, and the blocks of it the consumer cannot do without. */
const TESTING_PAGE = 'docs/testing.md';
const TESTING_FILES = ['vitest.config.ts', 'vitest.setup.ts', 'Import.tsx', 'Import.test.tsx', 'Ticks.test.tsx'];
/** The README's section that moved to docs/testing.md: its blocks, while it is still there, are not the setup. */
const MOVED_SECTION = '## Testing your components';
/** Tests that must fail, each with the setup file's message: run on their own, left out of the main run. */
const UNMOCKED = 'unmocked';
/** What stays in a consumer folder between runs; everything else is written afresh. */
const KEEP = new Set(['node_modules', 'package.json', 'package-lock.json', '.compat-key']);
/** The dependency fields of the published package.json: a change of any of them reinstalls the consumers. */
const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'optionalDependencies',
  'bundleDependencies',
];
/** The user's way, with nothing that would hide a peer conflict (a user's .npmrc may set legacy-peer-deps). */
const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--legacy-peer-deps=false', '--force=false', '--include=dev'];

const root = resolve(import.meta.dirname, '..');
const template = join(root, 'test/compat/consumer');
const cache = join(root, 'test/compat/.cache');
const tarball = join(cache, 'react-sse-kit.tgz');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const sha256 = (value) => createHash('sha256').update(value).digest('hex');
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};

/** Runs a command to its end, its output (stdout and stderr, in order) collected. */
function exec(command, args, { cwd = root, env = process.env } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', (error) => done({ code: null, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => done({ code: code ?? signal, output }));
  });
}

/** Like exec, and throws a Failure that carries the output on a non-zero exit. */
async function run(label, command, args, options) {
  const { code, output } = await exec(command, args, options);
  if (code !== 0) fail(`${label} failed (exit ${code}):\n${output.trimEnd()}`);
  return output;
}

/** npm's own script, to run with another Node binary (the node-* packages ship no npm). */
function npmCli() {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && basename(fromNpm) === 'npm-cli.js' && existsSync(fromNpm)) return fromNpm;
  const globalRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const cli = join(globalRoot, 'npm', 'bin', 'npm-cli.js');
  if (!existsSync(cli)) fail(`cannot find npm's npm-cli.js (looked at ${cli})`);
  return cli;
}

/** The registry package that holds a Node binary for this machine. */
function nodePackage() {
  if (process.platform !== 'linux' && process.platform !== 'darwin')
    fail(`no Node binary package for ${process.platform}: the compatibility check runs on Linux or macOS`);
  return `node-${process.platform}-${process.arch}`;
}

/** A Node binary of `version`, installed from the npm registry into the cache on first use (or this one, `own`). */
async function ensureNode(version, own) {
  if (own) return { bin: process.execPath, installed: false };
  const pkg = nodePackage();
  const dir = join(cache, `node-${version}`);
  const bin = join(dir, 'node_modules', pkg, 'bin', 'node');
  const probe = () =>
    existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() : undefined;
  if (probe() === `v${version}`) return { bin, installed: false };
  rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial`; // renamed into place once complete, so an interrupted install is never used
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(
    join(partial, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: { [pkg]: version } })}\n`,
  );
  await run(`npm install ${pkg}@${version}`, 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: partial,
  });
  renameSync(partial, dir);
  const found = probe();
  if (found !== `v${version}`) fail(`${pkg}@${version} gave a Node that reports ${found ?? 'nothing'}`);
  return { bin, installed: true };
}

/** The code blocks of `page` whose first line is a comment naming a file, as [file, code]. */
function namedBlocks(page) {
  let text = readFileSync(join(root, page), 'utf8');
  if (page === 'README.md') {
    // The section that moved: whatever of it is still in the README is not what runs.
    const at = text.indexOf(`\n${MOVED_SECTION}\n`);
    if (at >= 0) {
      const next = text.slice(at + 1).search(/\n## /);
      text = text.slice(0, at + 1) + (next >= 0 ? text.slice(at + 1 + next + 1) : '');
    }
  }
  const blocks = [];
  for (const [, code] of text.matchAll(/^```[\w-]*\n([\s\S]*?)^```$/gm)) {
    const named = /^\/\/ ((?:[\w.-]+\/)*[\w.-]+\.(?:[cm]?[jt]sx?|json))(?:\s|$)/.exec(code);
    if (!named) continue;
    if (named[1].split('/').includes('..')) fail(`${page} names a file outside the project: ${named[1]}`);
    blocks.push([named[1], code]);
  }
  return blocks;
}

/**
 * The docs' file-named code blocks: file name → code. docs/testing.md first (the test setup and its examples), then the
 * README and the other docs pages, whose file-named blocks (a Next.js page, say) are type-checked in the consumer too.
 * A file named on two pages must have the same code on both.
 */
function docFiles() {
  const others = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter((file) => file.endsWith('.md') && `docs/${file}` !== TESTING_PAGE)
        .sort()
        .map((file) => `docs/${file}`)
    : [];
  const files = new Map();
  const from = new Map();
  for (const page of [TESTING_PAGE, 'README.md', ...others]) {
    const seen = new Set();
    for (const [file, code] of namedBlocks(page)) {
      if (seen.has(file)) fail(`${page} has two code blocks for ${file}`);
      seen.add(file);
      if (files.has(file) && files.get(file) !== code)
        fail(`${page} and ${from.get(file)} have different code blocks for ${file}: keep them identical`);
      if (!files.has(file)) from.set(file, page);
      files.set(file, code);
    }
  }
  const missing = TESTING_FILES.filter((file) => from.get(file) !== TESTING_PAGE);
  if (missing.length > 0) fail(`${TESTING_PAGE} has no code block starting with // ${missing.join(', // ')}`);
  // The Node 20 suites run the same component and tests: they must not drift apart.
  const body = (code) => code.replace(/^(?:\/\/[^\n]*\n)+/, '');
  const same = (file, copy, paths) => {
    let code = body(readFileSync(join(root, copy), 'utf8'));
    for (const [ours, theirs] of paths) code = code.replaceAll(`'${ours}'`, `'${theirs}'`);
    if (code !== body(files.get(file)))
      fail(`${TESTING_PAGE}'s ${file} differs from ${copy} (beyond its import paths): keep them identical`);
  };
  const test = [
    ['../../src/testing', 'react-sse-kit/testing'],
    ['../../src', 'react-sse-kit'],
    ['../server', './vitest.setup'],
  ];
  same('Import.tsx', 'test/example/Import.tsx', [['../../src', 'react-sse-kit']]);
  same('Import.test.tsx', 'test/example/Import.test.tsx', test);
  same('Ticks.test.tsx', 'test/recipes/fake-timers.test.tsx', test);
  return files;
}

/** Packs the built package into the cache; the consumers install it from there. */
async function pack() {
  const published = readJson(join(root, 'package.json'));
  for (const file of [published.module, published.main])
    if (!existsSync(join(root, file))) fail(`${file} is missing: build first (npx tsup)`);
  const output = await run('npm pack', 'npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', cache]);
  const [info] = JSON.parse(output.slice(output.indexOf('[')));
  renameSync(join(cache, info.filename), tarball);
  return { published, files: info.files.length };
}

/** Installs (or, when its key still holds, refreshes) the consumer project for one Node version. */
async function ensureConsumer({ id, pins, version, bin, env, npm, npmVersion, published }) {
  const dir = join(cache, `consumer-${id}`);
  const consumer = readJson(join(root, pins));
  const dependencyFields = Object.fromEntries(DEPENDENCY_FIELDS.map((field) => [field, published[field]]));
  const key = sha256(JSON.stringify({ node: version, npm: npmVersion, consumer, published: dependencyFields }));
  const keyFile = join(dir, '.compat-key');
  const warm = existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key && existsSync(join(dir, 'node_modules'));
  let output;
  if (warm) {
    // The same dependencies: only the tarball is new. Naming it makes npm replace the installed copy.
    const args = [npm, 'install', ...INSTALL_FLAGS, '--prefer-offline', '../react-sse-kit.tgz'];
    output = await run('npm install (the new tarball)', bin, args, { cwd: dir, env });
  } else {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pkg = {
      ...consumer,
      dependencies: { ...consumer.dependencies, 'react-sse-kit': 'file:../react-sse-kit.tgz' },
    };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    output = await run('npm install', bin, [npm, 'install', ...INSTALL_FLAGS], { cwd: dir, env });
  }
  if (/ERESOLVE|peer dep|conflicting/i.test(output)) fail(`npm reported a peer dependency problem:\n${output}`);
  if (!warm) {
    // Every dependency present and satisfying its range, peers included (a refresh changes no range).
    await run('npm ls --all', bin, [npm, 'ls', '--all'], { cwd: dir, env });
    writeFileSync(keyFile, key);
  }
  return { dir, warm };
}

/** Writes the consumer's files: the template's, then the docs'. Returns the test files the main run must run. */
function writeConsumerFiles(dir, docs) {
  for (const entry of readdirSync(dir))
    if (!KEEP.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  const written = [];
  for (const entry of readdirSync(template)) {
    if (KEEP.has(entry)) continue;
    cpSync(join(template, entry), join(dir, entry), { recursive: true });
    written.push(entry);
  }
  for (const [file, code] of docs) {
    if (existsSync(join(dir, file))) fail(`the docs' ${file} would overwrite test/compat/consumer/${file}`);
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), code);
    written.push(file);
  }
  return written.filter((file) => file !== UNMOCKED && /\.test\.[cm]?[jt]sx?$/.test(file));
}

/** The installed versions; fails where one differs from the consumer's pin, or react-sse-kit is not this build. */
function versions(dir) {
  const pins = readJson(join(dir, 'package.json'));
  const pinned = { ...pins.dependencies, ...pins.devDependencies };
  const found = {};
  for (const name of REPORTED) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(file)) fail(`${name} is not installed in the consumer project`);
    found[name] = readJson(file).version;
    if (pinned[name] && pinned[name] !== found[name]) fail(`${name}: ${found[name]} installed, ${pinned[name]} pinned`);
  }
  // The package must be the one just built, with its peers resolved beside it (not a nested copy). Nothing of it is
  // nested: the fetch transport's parser is bundled, and its one dependency is types.
  if (existsSync(join(dir, 'node_modules/react-sse-kit/node_modules')))
    fail('react-sse-kit has a node_modules of its own: its peers would not be the app’s');
  for (const file of ['dist/index.js', 'dist/testing.js', 'dist/index.cjs', 'dist/testing.cjs']) {
    const installed = join(dir, 'node_modules/react-sse-kit', file);
    if (!existsSync(installed) || sha256(readFileSync(installed)) !== sha256(readFileSync(join(root, file))))
      fail(`the consumer's react-sse-kit/${file} is not the one just built`);
  }
  return found;
}

/** Vitest in the consumer; fails on a failed or skipped test, or a test file that did not run. */
async function vitest({ dir, env, bin, report, expected, log }) {
  rmSync(report, { force: true });
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--exclude', `${UNMOCKED}/**`];
  args.push('--reporter=default', '--reporter=json');
  const { code, output } = await exec(bin, [...args, `--outputFile.json=${report}`], { cwd: dir, env });
  log(output.trimEnd());
  if (!existsSync(report)) fail(`Vitest wrote no report (exit ${code})`);
  const summary = readJson(report);
  const skipped = summary.numPendingTests + summary.numTodoTests;
  const ran = new Map(summary.testResults.map((file) => [file.name, file.assertionResults.length]));
  const absent = expected.filter((file) => !ran.get(join(dir, file)));
  if (summary.numFailedTests > 0 || code !== 0) fail(`Vitest: ${summary.numFailedTests} failed (exit ${code})`);
  if (skipped > 0) fail(`Vitest: ${skipped} tests were skipped; nothing may be skipped`);
  if (absent.length > 0) fail(`Vitest ran no test from ${absent.join(', ')}`);
  return summary.numPassedTests;
}

/**
 * The tests that forgot a handler (test/compat/consumer/unmocked/), on their own: each must fail, and with the setup
 * file's message naming the request, not only by a timeout (an EventSource with no handler reconnects for ever).
 */
async function unmocked({ dir, env, bin, report, log }) {
  rmSync(report, { force: true });
  const args = ['node_modules/vitest/vitest.mjs', 'run', `${UNMOCKED}/`, '--reporter=json', `--outputFile=${report}`];
  const { code } = await exec(bin, args, { cwd: dir, env });
  if (!existsSync(report)) fail(`Vitest wrote no report for ${UNMOCKED}/ (exit ${code})`);
  const tests = readJson(report).testResults.flatMap((file) => file.assertionResults);
  if (tests.length === 0) fail(`Vitest ran no test from ${UNMOCKED}/`);
  const wrong = [];
  for (const test of tests) {
    const messages = test.failureMessages.join('\n');
    const setup = /No request handler for GET http:\/\/localhost(?::\d+)?\/api\//.test(messages);
    if (test.status !== 'failed' || !setup || /timed out/i.test(messages))
      wrong.push(`"${test.title}": ${test.status}${messages ? `, ${messages.split('\n')[0]}` : ''}`);
    else log(`  ✓ fails as it should: ${test.title} (${Math.round(test.duration)} ms): ${messages.split('\n')[0]}`);
  }
  if (code === 0 || wrong.length > 0)
    fail(
      `${UNMOCKED}/: each test must fail with the setup's "No request handler for …" (exit ${code}):\n${wrong.join('\n')}`,
    );
}

/** Node and the consumer project for one run, installed or refreshed. */
async function prepare({ id, node: version, own, pins }, { published, npm }) {
  const since = performance.now();
  const node = await ensureNode(version, own);
  const env = { ...process.env, PATH: `${dirname(node.bin)}${delimiter}${process.env.PATH}` };
  const npmVersion = (await run('npm --version', node.bin, [npm, '--version'], { env })).trim();
  const consumer = await ensureConsumer({ id, pins, version, bin: node.bin, env, npm, npmVersion, published });
  const how = `${consumer.warm ? 'cached, new tarball' : 'fresh'}${node.installed ? ', Node downloaded' : ''}`;
  return { id, version, bin: node.bin, env, npmVersion, dir: consumer.dir, install: `${how} (${seconds(since)})` };
}

/** Every check in one prepared consumer. Resolves to its summary line. */
async function check({ id, version, bin, env, npmVersion, dir, install }, docs) {
  const since = performance.now();
  const log = (text) => console.log(text);
  const tests = writeConsumerFiles(dir, docs);
  const found = versions(dir);
  const line = `Node ${version} (npm ${npmVersion}): ${REPORTED.map((name) => `${name} ${found[name]}`).join(', ')}`;
  log(`\n▶ compat, ${line}`);
  log(`  install: ${install}`);
  // Every check runs, so that one failure does not hide another.
  const problems = [];
  const attempt = async (step) => {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      problems.push(error.message);
    }
  };
  for (const script of ['library.mjs', 'library.cjs'])
    await attempt(async () => log((await run(script, bin, [script], { cwd: dir, env })).trimEnd()));
  await attempt(async () => {
    await run('tsc', bin, ['node_modules/typescript/bin/tsc', '-p', '.'], { cwd: dir, env });
    log('  ✓ tsc: the docs’ files and the consumer’s type-check against the packed types');
  });
  const report = join(cache, `vitest-${id}.json`);
  const passed = await attempt(() => vitest({ dir, env, bin, report, expected: tests, log }));
  await attempt(() => unmocked({ dir, env, bin, report: join(cache, `vitest-${id}-${UNMOCKED}.json`), log }));
  if (problems.length > 0) fail(problems.join('\n'));
  return `${line}: ${passed} tests passed (tests ${seconds(since)})`;
}

const started = performance.now();
const results = [];
try {
  mkdirSync(cache, { recursive: true });
  const docs = docFiles();
  const { published, files } = await pack();
  const blocks = [...docs.keys()].join(', ');
  console.log(`  packed ${published.name}@${published.version} (${files} files); docs blocks: ${blocks}`);
  const npm = npmCli();
  // The installs side by side (mostly waiting on the network), the tests one Node after the other: side by side on two
  // cores, they slowed each other past their timeouts.
  const prepared = await Promise.allSettled(RUNS.map((each) => prepare(each, { published, npm })));
  for (const [index, outcome] of prepared.entries()) {
    const { node } = RUNS[index];
    try {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push({ ok: true, line: await check(outcome.value, docs) });
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      results.push({ ok: false, line: `Node ${node}: ${error.message}` });
    }
  }
} catch (error) {
  if (!(error instanceof Failure)) throw error;
  results.push({ ok: false, line: error.message });
}
console.log(`\ncompat (${seconds(started)}):`);
for (const { ok, line } of results) (ok ? console.log : console.error)(`  ${ok ? '✓' : '✗'} ${line}`);
if (results.length === 0 || results.some((result) => !result.ok)) process.exit(1);
