// `npm test`: lint and type-check, unit tests, build, then the integration suite and the UI test
// in a real VS Code. Streams every stage and ends with one line of totals, in which whatever did
// not pass counts as failed (scripts/test-counts.mjs).
import { spawn } from 'node:child_process';
import { mochaCounts, nodeTestCounts, summarize } from './test-counts.mjs';

const stages = [
  { name: 'lint', command: 'npm', args: ['run', 'lint'] },
  { name: 'unit', command: 'npx', args: ['mocha'], counts: mochaCounts },
  { name: 'real producers (go, coverage.py, clang/llvm-cov, c8) and the diff-cover oracle', command: 'node', args: ['scripts/check-producers.mjs'], counts: mochaCounts },
  { name: 'build', command: 'npm', args: ['run', 'build'] },
  { name: 'package contents', command: 'node', args: ['scripts/check-package.mjs'] },
  { name: 'integration (VS Code)', command: 'node', args: ['scripts/run-integration.mjs'], counts: mochaCounts },
  { name: 'integration in Restricted Mode (VS Code, workspace trust on)', command: 'node', args: ['scripts/run-integration.mjs', '--untrusted'], counts: mochaCounts },
  { name: 'integration in a window with no folder (VS Code)', command: 'node', args: ['scripts/run-integration.mjs', '--empty-window'], counts: mochaCounts },
  { name: 'ui (VS Code + Chromium)', command: 'node', args: ['--test', 'test/ui/'], counts: nodeTestCounts },
];

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

const results = [];
const notRun = [];
for (const stage of stages) {
  if (results.some((result) => result.code !== 0 && result.counts === undefined)) {
    notRun.push(stage.name);
    continue;
  }
  console.log(`\n=== ${stage.name} ===`);
  const { code, output } = await run(stage);
  results.push({ name: stage.name, code, counts: stage.counts?.(output) });
}
const { failed, lines } = summarize(results, notRun);
const failedStages = results.filter((result) => result.code !== 0).map((result) => result.name);
console.log(`\n${failedStages.length === 0 && notRun.length === 0 ? 'All stages passed.' : `Failed stages: ${failedStages.join(', ')}.`}`);
for (const line of lines) console.log(line);
process.exit(failed === 0 && failedStages.length === 0 ? 0 : 1);
