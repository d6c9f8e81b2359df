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
  console.log(
    `Large reports inside VS Code (code-server), extension host's view: median (min–max) of ${runs} alternating runs, a fresh VS Code each; ` +
      `clock from the rescan that finds the report (as at activation) to the open file's marks; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} CPUs`,
  );
  const spread = (values: number[], unit: (v: number) => string) => (values.length === 1 ? unit(values[0] as number) : `${unit(median(values))} (${unit(Math.min(...values))}–${unit(Math.max(...values))})`);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const mib = (v: number) => `${v.toFixed(0)} MiB`;
  const row = (label: string, cell: (s: LoadSample[], c: Case) => string) => [label, ...selected.map((c) => cell(samples.get(c.label) ?? [], c))];
  const of = (s: LoadSample[], f: (x: LoadSample) => number | undefined) => s.map(f).filter((v): v is number => v !== undefined);
  console.log(
    table(
      ['measure', ...selected.map((c) => c.label)],
      [
        row('time to marks on the open file', (s) => spread(of(s, (x) => x.timeToMarksMs), ms)),
        row('bare read of the report, same run', (s) => spread(of(s, (x) => x.bareReadMs), ms)),
        row('time until the extension is idle', (s) => spread(of(s, (x) => x.timeToIdleMs), ms)),
        row('longest host stall (10 ms heartbeat, max gap)', (s) => spread(of(s, (x) => x.maxGapMs), ms)),
        row('heartbeat gaps over 20 ms', (s) => spread(of(s, (x) => x.gapsOver20), (v) => v.toFixed(0))),
        row('longest host stall by main-thread CPU time (between two ticks)', (s) => spread(of(s, (x) => x.maxBusyMs), ms)),
        row('ticks with over 20 ms of main-thread CPU time', (s) => spread(of(s, (x) => x.busyOver20), (v) => v.toFixed(0))),
        row('control, VS Code alone (no report): longest tick by CPU', (s) => spread(of(s, (x) => x.control.maxBusyMs), ms)),
        row('control, VS Code alone: ticks over 20 ms of CPU', (s) => spread(of(s, (x) => x.control.busyOver20), (v) => v.toFixed(0))),
        row('control window (settings change, idle, 10 s more)', (s) => spread(of(s, (x) => x.control.windowMs), ms)),
        row('window watched with the report (start → idle + 0.5 s)', (s) => spread(of(s, (x) => x.windowMs), ms)),
        row('host main-thread CPU time, start to marks', (s) => spread(of(s, (x) => x.hostCpuToMarksMs), ms)),
        row('worker process CPU time, start to marks', (s) => spread(of(s, (x) => x.childCpuToMarksMs), ms)),
        row('host RSS growth at marks', (s) => spread(of(s, (x) => x.hostRssAtMarksMiB - x.hostRssBeforeMiB), (v) => `${mib(v)} (${((v * MiB) / (s[0]?.reportBytes ?? 1)).toFixed(2)}×)`)),
        row('host RSS growth, peak in the window', (s) => spread(of(s, (x) => x.hostRssPeakMiB - x.hostRssBeforeMiB), mib)),
        row('host RSS before', (s) => spread(of(s, (x) => x.hostRssBeforeMiB), mib)),
        row('worker process RSS at marks', (s) => spread(of(s, (x) => x.childRssAtMarksMiB), mib)),
        row('worker process peak RSS', (s) => spread(of(s, (x) => x.childPeakRssMiB), mib)),
        row('after: Show Report Summary rows', (s) => spread(of(s, (x) => x.summaryMs), (v) => `${v.toFixed(1)} ms`)),
        row('after: Go to Uncovered Code list', (s) => spread(of(s, (x) => x.uncoveredMs), (v) => `${v.toFixed(1)} ms`)),
        ...(selected.some((c) => samples.get(c.label)?.some((x) => x.ourLongestRunMs !== undefined))
          ? [
              row('with LOAD_BENCH_PROFILE: our code\'s longest unbroken run (samples)', (s) => spread(of(s, (x) => x.ourLongestRunMs), (v) => `${v.toFixed(1)} ms`)),
              row('with LOAD_BENCH_PROFILE: our code in the window (samples)', (s) => spread(of(s, (x) => x.ourSampledMs), ms)),
              row('with LOAD_BENCH_PROFILE: ticks over 20 ms that ran our code', (s) => spread(of(s, (x) => x.busyTicksWithOurCode), (v) => v.toFixed(0))),
            ]
          : []),
        row('files in the report / resolved', (s) => `${s[0]?.files ?? 0} / ${s[0]?.resolvedFiles ?? 0}`),
      ],
    ),
  );
}

async function measureOnce(c: Case): Promise<LoadSample> {
  const plan: LoadPlan = { kind: 'load', label: c.label, report: c.report, openFile: OPEN_FILE, openFileLines: c.lines, trace: process.env['LOAD_BENCH_TRACE'] !== undefined, profile: profilePath() };
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

let profiles = 0;
/** LOAD_BENCH_PROFILE=DIR: one CPU profile of the extension host per run (bench/profileTicks.ts reads them). */
function profilePath(): string | undefined {
  const dir = process.env['LOAD_BENCH_PROFILE'];
  if (dir === undefined) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  return path.join(path.resolve(dir), `load-${++profiles}.json`);
}

if (require.main === module) {
  runVsCodeLoadBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
