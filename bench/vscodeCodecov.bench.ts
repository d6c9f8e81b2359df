import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CodecovPlan, CodecovSample } from './loadSample';
import { median, MiB, table } from './util';

const RUNS = 3;
const REPO = path.resolve(__dirname, '..', '..');
const PLAN = path.join(REPO, 'out', 'bench', 'vscode-plan.json');

/**
 * Issue 10: a ~20 MiB Codecov report response fetched and shown inside a real VS Code
 * (code-server), a fresh one per run (bench/vscode/codecovBench.ts; the simulator in a process of
 * its own, bench/codecovServer.ts).
 */
export async function runVsCodeCodecovBench(): Promise<void> {
  const runs = Number(process.env['CODECOV_BENCH_RUNS'] ?? RUNS);
  const samples: CodecovSample[] = [];
  const loadBefore = os.loadavg();
  try {
    for (let run = 0; run < runs; run++) {
      const sample = await measureOnce();
      samples.push(sample);
      if (process.env['CODECOV_BENCH_VERBOSE'] !== undefined) console.log(JSON.stringify(sample));
    }
  } finally {
    fs.rmSync(PLAN, { force: true });
  }
  const loadAfter = os.loadavg();
  const first = samples[0];
  console.log(
    `Codecov in VS Code (code-server): a ${((first?.responseBytes ?? 0) / MiB).toFixed(1)} MiB report response (${((first?.gzippedBytes ?? 0) / MiB).toFixed(1)} MiB gzipped on the wire, ` +
      `${first?.files.toLocaleString('en')} files, one in the workspace), median (min–max) of ${runs} runs, a fresh VS Code each; ` +
      `load average (1, 5, 15 min) ${loadBefore.map((v) => v.toFixed(1)).join(', ')} before → ${loadAfter.map((v) => v.toFixed(1)).join(', ')} after, ${os.cpus().length} CPUs`,
  );
  const spread = (values: number[], unit: (v: number) => string) => (values.length === 1 ? unit(values[0] as number) : `${unit(median(values))} (${unit(Math.min(...values))}–${unit(Math.max(...values))})`);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const count = (v: number) => v.toFixed(0);
  const row = (label: string, f: (s: CodecovSample) => number, unit: (v: number) => string) => [label, spread(samples.map(f), unit)];
  console.log(
    table(
      ['measure', 'value'],
      [
        row('fetch to marks (report request at the server → marks on the open file)', (s) => s.fetchToMarksMs, ms),
        row('Codecov turned on → marks (git, 300 ms debounce, fetch, parse)', (s) => s.enableToMarksMs, ms),
        row('longest host stall, wall (10 ms heartbeat, max gap)', (s) => s.maxGapMs, ms),
        row('longest host stall, main-thread CPU between two ticks', (s) => s.maxBusyMs, ms),
        row('ticks with over 20 ms of main-thread CPU', (s) => s.busyOver20, count),
        row('host main-thread CPU time, on → marks (bench incl.)', (s) => s.hostCpuToMarksMs, ms),
        row('host RSS growth at marks', (s) => s.hostRssGrowthMiB, (v) => `${v.toFixed(0)} MiB`),
        row('report requests', (s) => s.reportRequests, count),
      ],
    ),
  );
  console.log(`status bar: ${first?.statusBar ?? '(none)'}; Codecov run files: ${first?.codecovRunFiles ?? 0}`);
}

async function measureOnce(): Promise<CodecovSample> {
  const plan: CodecovPlan = { kind: 'codecov', label: 'codecov-20MiB', serverScript: path.join(REPO, 'out', 'bench', 'codecovServer.js') };
  fs.writeFileSync(PLAN, JSON.stringify(plan));
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [path.join(REPO, 'scripts', 'run-integration.mjs'), '--tests', 'out/bench/vscode'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * MiB }));
  } catch (error) {
    throw new Error(`the VS Code Codecov bench failed: ${String(error)}`, { cause: error });
  } finally {
    fs.rmSync(PLAN, { force: true });
  }
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH-CODECOV '));
  if (line === undefined) throw new Error(`the VS Code Codecov bench printed no sample:\n${stdout}`);
  return JSON.parse(line.slice('BENCH-CODECOV '.length)) as CodecovSample;
}

if (require.main === module) {
  runVsCodeCodecovBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
