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

// The build first: the test of the published files (test/dist.test.tsx) type-checks against dist/.
run('build', 'npx', ['tsup', '--silent']);
run('types', 'npx', ['tsc', '--noEmit', '-p', '.']);
run('lint and format', 'npx', ['biome', 'check', '.']);
run('package (publint, are-the-types-wrong, use client)', 'node', ['scripts/check-package.mjs']);
run('tree-shaking', 'node', ['scripts/check-treeshake.mjs']);
run('size budget', 'node', ['bench/size.mjs', '--check']);

const report = 'node_modules/.cache/vitest-report.json';
rmSync(report, { force: true });
const vitest = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  {
    stdio: 'inherit',
    env: process.env,
  },
);
let summary = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {}
const skipped = summary.numPendingTests + summary.numTodoTests;
if (vitest.status !== 0 || summary.numFailedTests > 0 || skipped > 0 || summary.numPassedTests === 0) {
  if (skipped > 0) console.error(`✗ ${skipped} tests were skipped; nothing may be skipped silently`);
  console.log(`tests: ${summary.numPassedTests} passed, ${Math.max(1, summary.numFailedTests)} failed`);
  process.exit(vitest.status || 1);
}
console.log(`tests: ${summary.numPassedTests} passed, 0 failed`);
