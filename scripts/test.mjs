// `npm test`: every check, in order, failing fast, ending with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

const run = (label, command, args) => {
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✗ ${label} failed`);
    process.exit(result.status ?? 1);
  }
};

try {
  chromiumPath();
} catch (error) {
  console.error(`\n✗ ${error.message}`);
  process.exit(1);
}

// The second unit run uses React 18 from its own small install (a root alias cannot coexist with React 19's peers).
if (!existsSync('test/react18/node_modules/react-dom')) {
  run('React 18 for the react18 project', 'npm', ['ci', '--prefix', 'test/react18', '--no-audit', '--no-fund']);
}

// The build first: the test of the published files (test/package/dist.test.tsx) type-checks against dist/.
run('build', 'npx', ['tsup', '--silent']);
run('types', 'npx', ['tsc', '--noEmit', '-p', '.']);
run('lint and format', 'npx', ['biome', 'check', '.']);
run('package (publint, are-the-types-wrong, use client)', 'node', ['scripts/check-package.mjs']);
run('tree-shaking', 'node', ['scripts/check-treeshake.mjs']);
run('size budget', 'node', ['bench/size.mjs', '--check']);
run('compatibility (the packed package on Node 20, 22 and 24)', 'node', ['scripts/compat.mjs']);

// Vitest in rounds: the jsdom and type projects, then the two Chromium projects, so timing-sensitive browser
// tests do not share the two cores with the jsdom suites, then the tabs of `share: 'tabs'` (a browser of their
// own with up to a dozen pages). Each round writes a JSON report; the totals are summed.
const rounds = [
  ['jsdom and types', ['unit', 'react18', 'types']],
  ['Chromium', ['storybook', 'browser']],
  ['Chromium, several tabs', ['tabs']],
];
const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRound = false;
for (const [label, projects] of rounds) {
  const report = `node_modules/.cache/vitest-report-${projects[0]}.json`;
  rmSync(report, { force: true });
  console.log(`\n▶ tests, ${label}: vitest run ${projects.map((p) => `--project ${p}`).join(' ')}`);
  const vitest = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { stdio: 'inherit', env: process.env },
  );
  let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
  try {
    summary = JSON.parse(readFileSync(report, 'utf8'));
  } catch {}
  totals.passed += summary.numPassedTests;
  totals.failed += summary.numFailedTests;
  totals.skipped += summary.numPendingTests + summary.numTodoTests;
  if (vitest.status !== 0 || summary.numPassedTests === 0) failedRound = true;
}
if (failedRound || totals.failed > 0 || totals.skipped > 0) {
  if (totals.skipped > 0) console.error(`✗ ${totals.skipped} tests were skipped; nothing may be skipped silently`);
  console.log(`tests: ${totals.passed} passed, ${Math.max(1, totals.failed)} failed`);
  process.exit(1);
}
console.log(`tests: ${totals.passed} passed, 0 failed`);
