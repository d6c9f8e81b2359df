import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthesiseLcov, synthesiseOneLineGo, synthesiseOneLineLcov } from './synth';
import { readFixtureReport } from '../test/fixtureReports';
import { median, MiB, table } from './util';

/** Runs of each command per input, alternating, each a fresh node process. */
const RUNS = 3;
const ONE_LINE_FILES = 1_000_000;

/**
 * Prints the child's peak RSS (kB) and CPU time (user + system, µs, every thread) on stderr as it
 * exits; preloaded into every measured process alike. CPU time says more than wall time when other
 * processes share the cores.
 */
const RSS_PRELOAD = `process.on('exit', () => { const cpu = process.cpuUsage(); process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + ' CPU ' + (cpu.user + cpu.system) + '\\n'); });`;
const READ_ONLY = `require('node:fs').readFileSync(process.argv[1]);`;
/** A read, then one pass of a JavaScript loop over every byte (counting lines): less than any JavaScript parser can do with the bytes. */
const READ_AND_ONE_PASS = `const bytes = require('node:fs').readFileSync(process.argv[1]); let lines = 0; for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++; if (lines < 0) throw new Error();`;
const LCOV_PARSE = `const text = require('node:fs').readFileSync(process.argv[1], 'utf8'); require('lcov-parse').source(text, (error) => { if (error) throw new Error(String(error)); });`;

interface Run {
  readonly ms: number;
  readonly peakRssMiB: number;
  readonly cpuMs: number;
}

/**
 * Issue 7 §5 and issue 8 §5, as a user meets them: a whole `node dist/inspect.js REPORT` process
 * against a fresh node process that only reads the file (and, for LCOV, one running lcov-parse),
 * on the 100 MiB ESLint LCOV and on a million one-line files in LCOV and Go. Beside them, a process
 * that reads the file and passes once over its bytes in a JavaScript loop: what no parser written
 * in JavaScript can go below, on the machine of the run.
 */
export function runWholeProcessBench(): void {
  const repo = path.resolve(__dirname, '..', '..');
  const inspect = path.join(repo, 'dist', 'inspect.js');
  if (!fs.existsSync(inspect)) throw new Error(`${inspect} is missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-process-bench-'));
  const preload = path.join(tmp, 'rss.js');
  fs.writeFileSync(preload, RSS_PRELOAD);
  const node = (args: readonly string[]): Run => {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 16 * MiB });
    const ms = performance.now() - started;
    const usage = /MAXRSS (\d+) CPU (\d+)/.exec(result.stderr);
    if (result.status !== 0 || usage === null) throw new Error(`node ${args.join(' ')} failed (${String(result.status)}):\n${result.stderr}`);
    return { ms, peakRssMiB: Number(usage[1]) / 1024, cpuMs: Number(usage[2]) / 1000 };
  };
  try {
    const inputs = [
      { name: 'lcov-eslint-x100MiB.info', make: (file: string) => synthesiseLcov(readFixtureReport('generated/lcov-c8-eslint.info'), file, 100 * MiB), lcovParse: true },
      { name: '1M-one-line-files.info', make: (file: string) => synthesiseOneLineLcov(file, ONE_LINE_FILES), lcovParse: false },
      { name: '1M-one-line-files.out (Go)', make: (file: string) => synthesiseOneLineGo(file, ONE_LINE_FILES), lcovParse: false },
    ];
    const rows: string[][] = [];
    // WHOLE_PROCESS_ONLY=lcov-eslint runs the inputs whose name starts so.
    const only = process.env['WHOLE_PROCESS_ONLY'];
    for (const input of inputs.filter((candidate) => only === undefined || candidate.name.startsWith(only))) {
      const file = path.join(tmp, input.name.split(' ')[0] as string);
      input.make(file);
      const size = fs.statSync(file).size;
      const reads: Run[] = [];
      const onePasses: Run[] = [];
      const inspects: Run[] = [];
      for (let run = 0; run < RUNS; run++) {
        reads.push(node(['-e', READ_ONLY, file]));
        onePasses.push(node(['-e', READ_AND_ONE_PASS, file]));
        inspects.push(node([inspect, file]));
      }
      const read = median(reads.map((r) => r.ms));
      const onePass = median(onePasses.map((r) => r.ms));
      const ours = median(inspects.map((r) => r.ms));
      const rss = median(inspects.map((r) => r.peakRssMiB));
      const readCpu = median(reads.map((r) => r.cpuMs));
      const oursCpu = median(inspects.map((r) => r.cpuMs));
      let lcovParseCell = '-';
      if (input.lcovParse) {
        // One run: it takes tens of seconds on this input.
        const lcovParse = node(['-e', LCOV_PARSE, file]);
        lcovParseCell = `${(lcovParse.ms / 1000).toFixed(1)} s (ours ${(lcovParse.ms / ours).toFixed(1)}× faster; CPU time ${(lcovParse.cpuMs / oursCpu).toFixed(1)}×)`;
      }
      rows.push([
        input.name,
        (size / MiB).toFixed(1),
        `${read.toFixed(0)} ms`,
        `${onePass.toFixed(0)} ms (${(onePass / read).toFixed(2)}×)`,
        `${ours.toFixed(0)} ms`,
        `${(ours / read).toFixed(2)}×`,
        `${readCpu.toFixed(0)} / ${oursCpu.toFixed(0)} ms (${(oursCpu / readCpu).toFixed(2)}×)`,
        `${rss.toFixed(0)} MiB (${((rss * MiB) / size).toFixed(2)}×)`,
        `${median(reads.map((r) => r.peakRssMiB)).toFixed(0)} MiB`,
        lcovParseCell,
      ]);
      fs.rmSync(file);
    }
    console.log(`Whole processes: \`node dist/inspect.js REPORT\` against a fresh node that only reads the file (readFileSync), and one that reads it and loops once over its bytes in JavaScript; median of ${RUNS} alternating runs each, lcov-parse 1 run; node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)} at the end`);
    console.log(
      table(['input', 'MiB', 'read-only process', 'read + one JS pass over the bytes (× read)', 'inspect process', 'inspect / read (target ≤ 2×)', 'CPU time: read / inspect', 'inspect peak RSS (× file)', 'read-only peak RSS', 'lcov-parse process (target ≥ 15×)'], rows),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runWholeProcessBench();
