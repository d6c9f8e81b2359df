import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCodecovBench } from './codecov.bench';
import { runCompareBench } from './compare.bench';
import { runEarlyBench } from './early.bench';
import { runJsonGoBench } from './jsonGo.bench';
import { runLcovBench } from './lcov.bench';
import { runWholeProcessBench } from './wholeProcess.bench';
import { runVsCodeCodecovBench } from './vscodeCodecov.bench';
import { runVsCodeLoadBench } from './vscodeLoad.bench';
import { runWorkerBench } from './worker.bench';
import { runXmlBench } from './xml.bench';

/** `npm run bench`: every benchmark in one run, one table each. */
async function main(): Promise<void> {
  runLcovBench();
  console.log();
  runWholeProcessBench();
  console.log();
  runXmlBench();
  console.log();
  runJsonGoBench();
  console.log();
  runCodecovBench();
  console.log();
  await runWorkerBench();
  console.log();
  await runEarlyBench();
  console.log();
  await runCompareBench();
  console.log();
  runRedrawBench();
  console.log();
  await runVsCodeLoadBench();
  console.log();
  await runVsCodeCodecovBench();
}

/** Decorations for a 10,000-line file, measured inside a real VS Code (bench/vscode). */
function runRedrawBench(): void {
  const repo = path.resolve(__dirname, '..', '..');
  const result = spawnSync(process.execPath, [path.join(repo, 'scripts', 'run-integration.mjs'), '--tests', 'out/bench/vscode'], { cwd: repo, encoding: 'utf8' });
  const lines = `${result.stdout}`.split('\n').filter((line) => line.startsWith('BENCH '));
  if (result.status !== 0 || lines.length === 0) throw new Error(`the VS Code redraw bench failed:\n${result.stdout}${result.stderr}`);
  console.log('Editor redraw, inside VS Code (code-server)');
  for (const line of lines) console.log(line.slice('BENCH '.length));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
