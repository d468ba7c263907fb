// Package correctness of the built dist/ (run `npx tsup` first; this script builds nothing):
// - publint: no error, warning or suggestion;
// - @arethetypeswrong/cli: no problem for `.` and `./testing` under node10, node16 (CJS and ESM) and bundler
//   resolution, and every one of them resolves to type declarations and to JavaScript;
// - `'use client'` is the first statement of every built JavaScript entry (ESM and CJS);
// - both formats load in Node and export the same names.
// Exits non-zero on any problem and prints one line per check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const ENTRYPOINTS = ['.', './testing'];
const RESOLUTIONS = ['node10', 'node16-cjs', 'node16-esm', 'bundler'];
const JS_ENTRIES = ['dist/index.js', 'dist/index.cjs', 'dist/testing.js', 'dist/testing.cjs'];

const failures = [];
const fail = (check, message) => failures.push(`${check}: ${message}`);
const ok = (check, message) => console.log(`✓ ${check}: ${message}`);

// Everything the exports map points to must exist: dist/ is built by `npx tsup`, not here.
const targets = [];
const collect = (value) => {
  if (typeof value === 'string') targets.push(value);
  else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
};
collect(pkg.exports);
const missing = targets.filter((target) => !existsSync(join(root, target)));
if (missing.length > 0) {
  console.error(`✗ dist/ is missing ${missing.join(', ')}: run \`npx tsup\` first`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'react-sse-kit-pack-'));
try {
  // One tarball, exactly what `npm publish` would upload, for both tools.
  const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {
    cwd: root,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  const tarball = join(scratch, info.filename);
  const packedFiles = new Set(info.files.map((file) => file.path));
  const unpublished = targets.filter((target) => !packedFiles.has(target.replace(/^\.\//, '')));
  if (unpublished.length > 0) fail('pack', `exports point to files not in the tarball: ${unpublished.join(', ')}`);
  else ok('pack', `${info.files.length} files, ${(info.size / 1024).toFixed(1)} kB packed`);

  // publint packs the directory itself (that way it can tell "not published" from "does not exist");
  // suggestions count as problems too.
  const { messages } = await publint({ pkgDir: root, pack: 'npm', level: 'suggestion', strict: true });
  if (messages.length > 0)
    for (const message of messages)
      fail('publint', `${message.type}: ${formatMessage(message, pkg, { color: false })}`);
  else ok('publint', 'no errors, warnings or suggestions');

  // are the types wrong, on the same tarball, for both entry points.
  const attw = spawnSync(
    'npx',
    ['--no-install', 'attw', tarball, '--format', 'json', '--profile', 'strict', '--entrypoints', ...ENTRYPOINTS],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  let report;
  try {
    report = JSON.parse(attw.stdout);
  } catch {
    throw new Error(`attw printed no JSON (exit ${attw.status}):\n${attw.stderr}`);
  }
  const problems = report.analysis?.problems ?? [];
  for (const problem of problems)
    fail('attw', `${problem.kind} at ${problem.entrypoint ?? ''} ${problem.resolutionKind ?? ''}`.trim());
  let resolved = 0;
  for (const entrypoint of ENTRYPOINTS) {
    const resolutions = report.analysis?.entrypoints?.[entrypoint]?.resolutions;
    for (const kind of RESOLUTIONS) {
      const result = resolutions?.[kind];
      const types = result?.resolution;
      const js = result?.implementationResolution;
      if (!types?.isTypeScript) fail('attw', `${entrypoint} under ${kind} resolves to no type declarations`);
      else if (kind !== 'node10' && !js?.fileName)
        fail('attw', `${entrypoint} under ${kind} resolves to no JavaScript`);
      else resolved += 1;
    }
  }
  if (problems.length === 0 && resolved === ENTRYPOINTS.length * RESOLUTIONS.length)
    ok('attw', `no problems; ${ENTRYPOINTS.join(' and ')} typed under ${RESOLUTIONS.join(', ')}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// React Server Components: the directive only counts as the first statement (comments may precede it).
const DIRECTIVE = /^(?:#![^\n]*\n)?(?:\s+|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use client\1\s*;/;
const withoutDirective = JS_ENTRIES.filter((file) => !DIRECTIVE.test(readFileSync(join(root, file), 'utf8')));
if (withoutDirective.length > 0) fail('use client', `not the first statement of ${withoutDirective.join(', ')}`);
else ok('use client', `first statement of ${JS_ENTRIES.join(', ')}`);

// Both formats load in Node and agree on their exports (a CJS build that lost a name would pass the type checks).
const require = createRequire(import.meta.url);
for (const entry of ['index', 'testing']) {
  try {
    const esm = Object.keys(await import(pathToFileURL(join(root, `dist/${entry}.js`)).href)).sort();
    const cjs = Object.keys(require(join(root, `dist/${entry}.cjs`)))
      .filter((name) => name !== '__esModule')
      .sort();
    if (esm.join() !== cjs.join()) fail('load', `dist/${entry}: ESM exports [${esm}] but CJS exports [${cjs}]`);
    else ok('load', `dist/${entry}.js and .cjs export the same ${esm.length} names`);
  } catch (error) {
    fail('load', `dist/${entry} does not load in Node: ${error.message}`);
  }
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`✗ ${failure}`);
  console.error(`package check: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log('package check: no problems');
