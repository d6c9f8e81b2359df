// `npm test`: lint and type-check, unit tests, build, then the integration suite and the UI test
// in a real VS Code. Streams every stage and ends with one line of totals.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'lint', command: 'npm', args: ['run', 'lint'] },
  { name: 'unit', command: 'npx', args: ['mocha'], counts: mochaCounts },
  { name: 'real producers (go, coverage.py, clang/llvm-cov, c8) and the diff-cover oracle', command: 'node', args: ['scripts/check-producers.mjs'], counts: mochaCounts },
  { name: 'build', command: 'npm', args: ['run', 'build'] },
  { name: 'package contents', command: 'node', args: ['scripts/check-package.mjs'] },
  { name: 'integration (VS Code)', command: 'node', args: ['scripts/run-integration.mjs'], counts: mochaCounts },
  { name: 'ui (VS Code + Chromium)', command: 'node', args: ['--test', 'test/ui/'], counts: nodeTestCounts },
];

function mochaCounts(output) {
  return { passed: lastNumber(output, /(\d+) passing/g), failed: lastNumber(output, /(\d+) failing/g) };
}

function nodeTestCounts(output) {
  return { passed: lastNumber(output, /^# pass (\d+)/gm), failed: lastNumber(output, /^# fail (\d+)/gm) };
}

function lastNumber(text, pattern) {
  const matches = [...text.matchAll(pattern)];
  return matches.length === 0 ? 0 : Number(matches[matches.length - 1][1]);
}

function run(stage) {
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const forward = (stream) => (data) => {
      output += data.toString();
      stream.write(data);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let passed = 0;
let failed = 0;
const failedStages = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const { code, output } = await run(stage);
  if (stage.counts) {
    const counts = stage.counts(output);
    passed += counts.passed;
    failed += counts.failed;
  }
  if (code !== 0) {
    failedStages.push(stage.name);
    if (!stage.counts) break;
  }
}
console.log(`\n${failedStages.length === 0 ? 'All stages passed.' : `Failed stages: ${failedStages.join(', ')}.`}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages.length === 0 ? 0 : 1);
