import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { readFixtureReport } from '../test/fixtureReports';
import { synthesiseLcovReport } from './synth';
import { median, MiB, table } from './util';
import type { LoadPlan, LoadSample } from './loadSample';

/** Fresh VS Code per run (RSS is per process), the two reports alternating. */
const RUNS = 3;
const OPEN_FILE = 'bench-open-file.js';
const REPO = path.resolve(__dirname, '..', '..');
const PLAN = path.join(REPO, 'out', 'bench', 'vscode-plan.json');

interface Case {
  readonly label: string;
  readonly report: string;
  readonly lines: number;
}

/**
 * Issue 13: a 100 MiB LCOV (28,681 files) and a 100,000-file LCOV loaded inside a real VS Code
 * (code-server), the one file that exists open in an editor (bench/vscode/loadBench.ts).
 */
export async function runVsCodeLoadBench(): Promise<void> {
  const dir = path.join(REPO, 'out', 'bench', 'load-reports');
  fs.mkdirSync(dir, { recursive: true });
  const eslint = readFixtureReport('generated/lcov-c8-eslint.info');
  const big = synthesiseLcovReport(eslint, path.join(dir, 'lcov-100MiB.info'), { targetBytes: 100 * MiB, lastSourceFile: OPEN_FILE });
  // The fixture's smaller half of its sections, so that 100,000 files are about as many bytes.
  const many = synthesiseLcovReport(eslint, path.join(dir, 'lcov-100k-files.info'), { sections: 100_000, maxSectionBytes: 2300, lastSourceFile: OPEN_FILE });
  const cases: Case[] = [
    { label: `${(big.bytes / MiB).toFixed(0)} MiB, ${big.sections.toLocaleString('en')} files`, report: path.join(dir, 'lcov-100MiB.info'), lines: big.lastSectionMaxLine },
    { label: `${(many.bytes / MiB).toFixed(0)} MiB, ${many.sections.toLocaleString('en')} files`, report: path.join(dir, 'lcov-100k-files.info'), lines: many.lastSectionMaxLine },
  ];
  const only = process.env['LOAD_BENCH_CASE'];
  const selected = only === undefined ? cases : cases.filter((_, i) => String(i) === only);
  const runs = Number(process.env['LOAD_BENCH_RUNS'] ?? RUNS);
  const samples = new Map<string, LoadSample[]>(selected.map((c) => [c.label, []]));
  const loadBefore = os.loadavg()[0] ?? 0;
  const benchStarted = performance.now();
  try {
    for (let run = 0; run < runs; run++) {
      for (const c of selected) {
        const sample = await measureOnce(c);
        samples.get(c.label)?.push(sample);
        if (process.env['LOAD_BENCH_VERBOSE'] !== undefined) console.log(JSON.stringify(sample));
      }
    }
  } finally {
    fs.rmSync(PLAN, { force: true });
  }
  const loadAfter = os.loadavg()[0] ?? 0;
  console.log(`Large reports inside VS Code (code-server): median (min–max) of ${runs} alternating runs, a fresh VS Code each; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} CPUs`);
  const spread = (values: number[], unit: (v: number) => string) =>
    values.length === 0 ? '–' : values.length === 1 ? unit(values[0] as number) : `${unit(median(values))} (${unit(Math.min(...values))}–${unit(Math.max(...values))})`;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const mib = (v: number) => `${v.toFixed(0)} MiB`;
  const count = (v: number) => v.toFixed(0);
  const row = (label: string, cell: (s: LoadSample[], c: Case) => string) => [label, ...selected.map((c) => cell(samples.get(c.label) ?? [], c))];
  const of = (s: LoadSample[], f: (x: LoadSample) => number | undefined) => s.map(f).filter((v): v is number => v !== undefined);
  const times = (v: number, s: LoadSample[]) => `${mib(v)} (${((v * MiB) / (s[0]?.reportBytes ?? 1)).toFixed(2)}×)`;
  const profiled = selected.some((c) => samples.get(c.label)?.some((x) => x.ourLongestRunMs !== undefined));
  console.log('\nA report written while VS Code is settled: the extension active and idle (its start-up republishes of Test Coverage over), the glob configured, no heartbeat gap over 20 ms for 2 s (or 15 s gone by); the report renamed into place (clock from the rename)');
  const w = (x: LoadSample) => x.settledWrite;
  console.log(
    table(
      ['measure', ...selected.map((c) => c.label)],
      [
        row('time to marks on the open file', (s) => spread(of(s, (x) => w(x).timeToMarksMs), ms)),
        row('  of which: VS Code tells the extension host of the file', (s) => spread(of(s, (x) => w(x).eventMs), ms)),
        row('  of which: until the worker process first uses CPU', (s) => spread(of(s, (x) => w(x).workerBusyMs), ms)),
        row('bare read of the report, same run', (s) => spread(of(s, (x) => x.bareReadMs), ms)),
        row('time until the extension is idle', (s) => spread(of(s, (x) => w(x).timeToIdleMs), ms)),
        row('longest heartbeat gap (wall)', (s) => spread(of(s, (x) => w(x).maxGapMs), ms)),
        row('heartbeat gaps over 20 ms', (s) => spread(of(s, (x) => w(x).gapsOver20), count)),
        row('longest tick by main-thread CPU time', (s) => spread(of(s, (x) => w(x).maxBusyMs), ms)),
        row('ticks with over 20 ms of main-thread CPU', (s) => spread(of(s, (x) => w(x).busyOver20), count)),
        row('control, settled, nothing written: longest gap (wall)', (s) => spread(of(s, (x) => w(x).control.maxGapMs), ms)),
        row('control: gaps over 20 ms', (s) => spread(of(s, (x) => w(x).control.gapsOver20), count)),
        row('control: longest tick by main-thread CPU', (s) => spread(of(s, (x) => w(x).control.maxBusyMs), ms)),
        row('control: ticks over 20 ms of CPU', (s) => spread(of(s, (x) => w(x).control.busyOver20), count)),
        row('window (rename → idle + 0.5 s) / control window', (s) => `${spread(of(s, (x) => w(x).windowMs), ms)} / ${spread(of(s, (x) => w(x).control.windowMs), ms)}`),
        row('host main-thread CPU: window / control', (s) => `${spread(of(s, (x) => w(x).hostCpuTotalMs), ms)} / ${spread(of(s, (x) => w(x).control.hostCpuTotalMs), ms)}`),
        row('host main-thread CPU, rename to marks', (s) => spread(of(s, (x) => w(x).hostCpuToMarksMs), ms)),
        row('worker process CPU, rename to marks', (s) => spread(of(s, (x) => w(x).childCpuToMarksMs), ms)),
        row('host RSS growth at marks', (s) => spread(of(s, (x) => w(x).hostRssGrowthAtMarksMiB), (v) => times(v, s))),
        row('host RSS growth, peak in the window', (s) => spread(of(s, (x) => w(x).hostRssPeakGrowthMiB), mib)),
        row('settled before the write / before the control (runs)', (s) => `${s.filter((x) => w(x).settled).length} / ${s.filter((x) => w(x).control.settled).length} of ${s.length}`),
        row('waiting to settle before the write', (s) => spread(of(s, (x) => w(x).settleWaitMs), ms)),
        ...(profiled
          ? [
              row('with LOAD_BENCH_PROFILE: our code in the window (samples)', (s) => spread(of(s, (x) => w(x).ourSampledMs), ms)),
              row('with LOAD_BENCH_PROFILE: our longest unbroken run (samples)', (s) => spread(of(s, (x) => w(x).ourLongestRunMs), (v) => `${v.toFixed(1)} ms`)),
              row('with LOAD_BENCH_PROFILE: ticks over 20 ms that ran our code', (s) => spread(of(s, (x) => w(x).busyTicksWithOurCode), count)),
            ]
          : []),
      ],
    ),
  );
  console.log('\nAt activation: the clock starts when coverageSentinel.reportPaths gains the report\'s glob (the rescan activation does), in a VS Code that has just started');
  console.log(
    table(
      ['measure', ...selected.map((c) => c.label)],
      [
        row('time to marks on the open file', (s) => spread(of(s, (x) => x.timeToMarksMs), ms)),
        row('bare read of the report, same run', (s) => spread(of(s, (x) => x.bareReadMs), ms)),
        row('time until the extension is idle', (s) => spread(of(s, (x) => x.timeToIdleMs), ms)),
        row('longest host stall (10 ms heartbeat, max gap)', (s) => spread(of(s, (x) => x.maxGapMs), ms)),
        row('heartbeat gaps over 20 ms', (s) => spread(of(s, (x) => x.gapsOver20), count)),
        row('longest host stall by main-thread CPU time (between two ticks)', (s) => spread(of(s, (x) => x.maxBusyMs), ms)),
        row('ticks with over 20 ms of main-thread CPU time', (s) => spread(of(s, (x) => x.busyOver20), count)),
        row('control, VS Code alone (no report): longest tick by CPU', (s) => spread(of(s, (x) => x.control.maxBusyMs), ms)),
        row('control, VS Code alone: ticks over 20 ms of CPU', (s) => spread(of(s, (x) => x.control.busyOver20), count)),
        row('control window (settings change, idle, 10 s more)', (s) => spread(of(s, (x) => x.control.windowMs), ms)),
        row('window watched with the report (start → idle + 0.5 s)', (s) => spread(of(s, (x) => x.windowMs), ms)),
        row('host main-thread CPU time, start to marks', (s) => spread(of(s, (x) => x.hostCpuToMarksMs), ms)),
        row('worker process CPU time, start to marks', (s) => spread(of(s, (x) => x.childCpuToMarksMs), ms)),
        row('host RSS growth at marks', (s) => spread(of(s, (x) => x.hostRssAtMarksMiB - x.hostRssBeforeMiB), (v) => times(v, s))),
        row('host RSS growth, peak in the window', (s) => spread(of(s, (x) => x.hostRssPeakMiB - x.hostRssBeforeMiB), mib)),
        row('host RSS before', (s) => spread(of(s, (x) => x.hostRssBeforeMiB), mib)),
        row('worker process RSS at marks', (s) => spread(of(s, (x) => x.childRssAtMarksMiB), mib)),
        row('worker process peak RSS', (s) => spread(of(s, (x) => x.childPeakRssMiB), mib)),
        row('after: Show Report Summary rows', (s) => spread(of(s, (x) => x.summaryMs), (v) => `${v.toFixed(1)} ms`)),
        row('after: Go to Uncovered Code list', (s) => spread(of(s, (x) => x.uncoveredMs), (v) => `${v.toFixed(1)} ms`)),
        ...(profiled
          ? [
              row("with LOAD_BENCH_PROFILE: our code's longest unbroken run (samples)", (s) => spread(of(s, (x) => x.ourLongestRunMs), (v) => `${v.toFixed(1)} ms`)),
              row('with LOAD_BENCH_PROFILE: our code in the window (samples)', (s) => spread(of(s, (x) => x.ourSampledMs), ms)),
              row('with LOAD_BENCH_PROFILE: ticks over 20 ms that ran our code', (s) => spread(of(s, (x) => x.busyTicksWithOurCode), count)),
            ]
          : []),
        row('files in the report / resolved', (s) => `${s[0]?.files ?? 0} / ${s[0]?.resolvedFiles ?? 0}`),
      ],
    ),
  );
  console.log(`the whole VS Code load bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
}

async function measureOnce(c: Case): Promise<LoadSample> {
  const plan: LoadPlan = { kind: 'load', label: c.label, report: c.report, openFile: OPEN_FILE, openFileLines: c.lines, trace: process.env['LOAD_BENCH_TRACE'] !== undefined, profile: runOutput('LOAD_BENCH_PROFILE', ++runs, (n) => `load-${n}.json`), heap: runOutput('LOAD_BENCH_HEAP', runs, (n) => `write-${n}.heapprofile`) };
  fs.writeFileSync(PLAN, JSON.stringify(plan));
  const script = path.join(REPO, 'scripts', 'run-integration.mjs');
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [script, '--tests', 'out/bench/vscode'], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * MiB }));
  } catch (error) {
    throw new Error(`the VS Code load bench failed: ${String(error)}`, { cause: error });
  } finally {
    fs.rmSync(PLAN, { force: true });
  }
  if (plan.trace === true) for (const l of stdout.split('\n')) if (l.includes('TRACE ')) console.log(l);
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH-LOAD '));
  if (line === undefined) throw new Error(`the VS Code load bench printed no sample:\n${stdout}`);
  return JSON.parse(line.slice('BENCH-LOAD '.length)) as LoadSample;
}

let runs = 0;
/**
 * The file of this run in the directory an environment variable names (undefined without it):
 * LOAD_BENCH_PROFILE=DIR, a CPU profile of the extension host per run (bench/profileTicks.ts reads
 * them); LOAD_BENCH_HEAP=DIR, a sampling heap profile of it over each settled write (bench/heapSites.ts).
 */
function runOutput(variable: 'LOAD_BENCH_PROFILE' | 'LOAD_BENCH_HEAP', run: number, name: (run: number) => string): string | undefined {
  const dir = process.env[variable];
  if (dir === undefined) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(path.resolve(dir), name(run));
}

if (require.main === module) {
  runVsCodeLoadBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
