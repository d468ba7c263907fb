// `npm test`'s compatibility step. The rest of `npm test` runs on Node 20; users run Node 22 and 24, where
// `npm install` gives msw 3, eventsource 5 and Vitest 5. For each of those Node versions, from the build `npm test`
// has just made, this script:
// - packs the package (`npm pack`) and installs the tarball the way a user would, into a consumer project with the
//   versions pinned in test/compat/consumer/package.json, without --legacy-peer-deps (the peer ranges must admit
//   them), and checks the installed tree with `npm ls --all`;
// - writes every README code block whose first line names a file (`// vitest.setup.ts`, `// Import.test.tsx`, …) to
//   that file in the consumer project, so the README is what runs;
// - runs there the library checks (library.mjs, library.cjs: ESM, CJS, 'use client', server rendering), tsc over the
//   README's files and the consumer's, and Vitest (the README's tests and test/compat/consumer/*.test.tsx);
// - prints the versions that ran, and fails on any failure, on a skipped test, or on a test file that did not run.
// The Node binaries (the npm registry's `node-<platform>-<arch>` packages) and the consumer installs are cached in
// test/compat/.cache/, keyed by the versions and the tarball's dependency fields: a change of either reinstalls.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';

/** The Node versions the consumer runs on: the newest 22 and 24 in the registry when this was written. */
const NODE_VERSIONS = ['22.23.5', '24.22.3'];
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
/** The README blocks the consumer cannot do without. */
const README_FILES = ['vitest.config.ts', 'vitest.setup.ts', 'Import.tsx', 'Import.test.tsx'];
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

/** A Node binary of `version`, installed from the npm registry into the cache on first use. */
async function ensureNode(version) {
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

/** The README's code blocks whose first line is a comment naming a file: file name → code. */
function readmeFiles() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const files = new Map();
  for (const [, code] of readme.matchAll(/^```[\w-]*\n([\s\S]*?)^```$/gm)) {
    const named = /^\/\/ ((?:[\w.-]+\/)*[\w.-]+\.(?:[cm]?[jt]sx?|json))(?:\s|$)/.exec(code);
    if (!named) continue;
    const file = named[1];
    if (files.has(file)) fail(`README.md has two code blocks for ${file}`);
    if (file.split('/').includes('..')) fail(`README.md names a file outside the project: ${file}`);
    files.set(file, code);
  }
  const missing = README_FILES.filter((file) => !files.has(file));
  if (missing.length > 0) fail(`README.md has no code block starting with // ${missing.join(', // ')}`);
  // test/example/ runs the same component and test in the Node 20 suites: they must not drift apart.
  const body = (code) => code.replace(/^(?:\/\/[^\n]*\n)+/, '');
  const example = (file, paths) => {
    let code = body(readFileSync(join(root, 'test/example', file), 'utf8'));
    for (const [from, to] of paths) code = code.replaceAll(`'${from}'`, `'${to}'`);
    if (code !== body(files.get(file)))
      fail(`README.md's ${file} differs from test/example/${file} (beyond its import paths): keep them identical`);
  };
  example('Import.tsx', [['../../src', 'react-sse-kit']]);
  example('Import.test.tsx', [
    ['../../src/testing', 'react-sse-kit/testing'],
    ['../server', './vitest.setup'],
  ]);
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
async function ensureConsumer({ version, bin, env, npm, npmVersion, published }) {
  const dir = join(cache, `consumer-node${version.split('.')[0]}`);
  const consumer = readJson(join(template, 'package.json'));
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

/** Writes the consumer's files: the template's, then the README's. Returns the test files that must run. */
function writeConsumerFiles(dir, readme) {
  for (const entry of readdirSync(dir))
    if (!KEEP.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  const written = [];
  for (const entry of readdirSync(template)) {
    if (KEEP.has(entry)) continue;
    cpSync(join(template, entry), join(dir, entry), { recursive: true });
    written.push(entry);
  }
  for (const [file, code] of readme) {
    if (existsSync(join(dir, file))) fail(`README.md's ${file} would overwrite test/compat/consumer/${file}`);
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), code);
    written.push(file);
  }
  return written.filter((file) => /\.test\.[cm]?[jt]sx?$/.test(file));
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
  // The package must be the one just built, with its peers resolved beside it (not a nested copy).
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
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json'];
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

/** Node and the consumer project for one Node version, installed or refreshed. */
async function prepare({ version, published, npm }) {
  const since = performance.now();
  const node = await ensureNode(version);
  const env = { ...process.env, PATH: `${dirname(node.bin)}${delimiter}${process.env.PATH}` };
  const npmVersion = (await run('npm --version', node.bin, [npm, '--version'], { env })).trim();
  const consumer = await ensureConsumer({ version, bin: node.bin, env, npm, npmVersion, published });
  const how = `${consumer.warm ? 'cached, new tarball' : 'fresh'}${node.installed ? ', Node downloaded' : ''}`;
  return { version, bin: node.bin, env, npmVersion, dir: consumer.dir, install: `${how} (${seconds(since)})` };
}

/** Every check in one prepared consumer. Resolves to its summary line. */
async function check({ version, bin, env, npmVersion, dir, install }, readme) {
  const since = performance.now();
  const log = (text) => console.log(text);
  const tests = writeConsumerFiles(dir, readme);
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
    log('  ✓ tsc: the README’s files and the consumer’s type-check against the packed types');
  });
  const report = join(cache, `vitest-node${version.split('.')[0]}.json`);
  const passed = await attempt(() => vitest({ dir, env, bin, report, expected: tests, log }));
  if (problems.length > 0) fail(problems.join('\n'));
  return `${line}: ${passed} tests passed (tests ${seconds(since)})`;
}

const started = performance.now();
const results = [];
try {
  mkdirSync(cache, { recursive: true });
  const readme = readmeFiles();
  const { published, files } = await pack();
  const blocks = [...readme.keys()].join(', ');
  console.log(`  packed ${published.name}@${published.version} (${files} files); README blocks: ${blocks}`);
  const npm = npmCli();
  // The installs side by side (mostly waiting on the network), the tests one Node after the other: side by side on two
  // cores, they slowed each other past their timeouts.
  const prepared = await Promise.allSettled(NODE_VERSIONS.map((version) => prepare({ version, published, npm })));
  for (const [index, outcome] of prepared.entries()) {
    const version = NODE_VERSIONS[index];
    try {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push({ ok: true, line: await check(outcome.value, readme) });
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      results.push({ ok: false, line: `Node ${version}: ${error.message}` });
    }
  }
} catch (error) {
  if (!(error instanceof Failure)) throw error;
  results.push({ ok: false, line: error.message });
}
console.log(`\ncompat (${seconds(started)}):`);
for (const { ok, line } of results) (ok ? console.log : console.error)(`  ${ok ? '✓' : '✗'} ${line}`);
if (results.length === 0 || results.some((result) => !result.ok)) process.exit(1);
