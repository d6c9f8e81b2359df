import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { FileDetail, LoadedReport, WorkerRequest, WorkerResponse } from '../src/shared/protocol';
// WorkerHost imports only vscode *types*, so it runs in plain node (as in test/unit).
// eslint-disable-next-line no-restricted-imports
import { WorkerHost } from '../src/vscode/workerHost';
import { synthesiseLcov, synthesiseOneLineGo, synthesiseOneLineLcov } from './synth';
import { readFixtureReport } from '../test/fixtureReports';
import { median, MiB, table } from './util';

const TARGET_BYTES = 100 * MiB;
const DETAIL_SAMPLES = 50;
/** Runs per design, alternating, each in a fresh node process (RSS is per process). */
const RUNS = 3;
const HEAP_MB = 4096;
/** The heartbeat keeps ticking this long after the result arrived: deserialising it and the GC that follows count. */
const SETTLE_MS = 200;

type Design = 'process' | 'thread';

interface Sample {
  readonly files: number;
  readonly loadMs: number;
  readonly maxGapMs: number;
  readonly detailMedianMs: number;
  readonly detailMaxMs: number;
  readonly hostRssGrowthMiB: number;
  readonly workerPeakRssMiB: number | undefined;
}

interface Client {
  request<T>(message: WorkerRequest): Promise<T>;
  readonly pid: number | undefined;
  close(): void;
}

/** The extension host's view of the worker (issue 8 §1: a forked process vs the earlier worker thread). */
export async function runWorkerBench(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..');
  const workerScript = path.join(repo, 'dist', 'worker.js');
  if (!fs.existsSync(workerScript)) throw new Error(`${workerScript} is missing: run npm run build first`);
  const threadScript = path.join(repo, 'out', 'bench', 'thread-worker.js');
  buildSync({ entryPoints: [path.join(repo, 'bench', 'threadWorker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: threadScript, logLevel: 'silent' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-worker-bench-'));
  try {
    const report = path.join(tmp, 'lcov-100MiB.info');
    synthesiseLcov(readFixtureReport('generated/lcov-c8-eslint.info'), report, TARGET_BYTES);
    const size = fs.statSync(report).size;
    const samples: Record<Design, Sample[]> = { process: [], thread: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const design of ['process', 'thread'] as const) samples[design].push(await measureInFreshProcess(design, report, design === 'process' ? workerScript : threadScript));
    }
    const row = (label: string, value: (s: Sample) => number | undefined, unit: (v: number) => string) => [
      label,
      ...(['process', 'thread'] as const).map((design) => {
        const values = samples[design].map(value).filter((v): v is number => v !== undefined);
        return values.length === 0 ? 'n/a' : unit(median(values));
      }),
    ];
    const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
    const mib = (v: number) => `${v.toFixed(0)} MiB (${((v * MiB) / size).toFixed(2)}×)`;
    console.log(`Worker, as the extension host sees it: ${(size / MiB).toFixed(1)} MiB LCOV, ${samples.process[0]?.files ?? 0} files (synthesised from the ESLint run); median of ${RUNS} alternating runs, node ${process.version}`);
    console.log(
      table(
        ['measure', 'worker process (fork, shipped)', 'worker thread (before)'],
        [
          row('load + parse + path resolution', (s) => s.loadMs, (v) => `${ms(v)} (${(size / MiB / (v / 1000)).toFixed(0)} MiB/s)`),
          row(`host main thread: longest stall (1 ms heartbeat, until ${SETTLE_MS} ms after the result)`, (s) => s.maxGapMs, ms),
          row(`one file’s detail, round trip: median over ${DETAIL_SAMPLES} files`, (s) => s.detailMedianMs, ms),
          row('one file’s detail, round trip: max', (s) => s.detailMaxMs, ms),
          row('host process RSS growth (peak during the load)', (s) => s.hostRssGrowthMiB, mib),
          row('worker process peak RSS', (s) => s.workerPeakRssMiB, mib),
        ],
      ),
    );
    const read = readOnlyProcessMs(report);
    const load = median(samples.process.map((s) => s.loadMs));
    console.log(`A fresh node process that only reads the file (readFileSync), median of ${RUNS}: ${ms(read)}; the worker process's load: ${(load / read).toFixed(2)}× that (target ≤ 2×)`);
    fs.rmSync(report);
    // Issue 8 §5: a million one-line files, in LCOV and as a Go coverprofile; the shipped design only.
    const manyRows: string[][] = [];
    for (const [name, make] of [
      ['1M one-line files, LCOV', synthesiseOneLineLcov],
      ['1M one-line files, Go', synthesiseOneLineGo],
    ] as const) {
      const file = path.join(tmp, name.endsWith('Go') ? 'many.out' : 'many.info');
      make(file, 1_000_000);
      const bytes = fs.statSync(file).size;
      const sample = await measureInFreshProcess('process', file, workerScript);
      const many = (v: number) => `${v.toFixed(0)} MiB (${((v * MiB) / bytes).toFixed(2)}×)`;
      manyRows.push([
        name,
        (bytes / MiB).toFixed(1),
        String(sample.files),
        ms(sample.loadMs),
        ms(readOnlyProcessMs(file)),
        sample.workerPeakRssMiB === undefined ? 'n/a' : many(sample.workerPeakRssMiB),
        many(sample.hostRssGrowthMiB),
        ms(sample.maxGapMs),
      ]);
      fs.rmSync(file);
    }
    console.log('Many small files through the worker process (one run each):');
    console.log(table(['input', 'MiB', 'files', 'load + parse + path resolution', 'read-only process', 'worker peak RSS (× file)', 'host RSS growth', 'host longest stall'], manyRows));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Median wall time of a fresh node process that only reads `file`. */
function readOnlyProcessMs(file: string): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['-e', 'require("node:fs").readFileSync(process.argv[1])', file], { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`reading ${file} failed`);
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measureInFreshProcess(design: Design, report: string, script: string): Promise<Sample> {
  const { stdout } = await promisify(execFile)(process.execPath, [__filename, '--measure', design, report, script], { encoding: 'utf8', maxBuffer: 16 * MiB });
  const line = stdout.split('\n').find((l) => l.startsWith('SAMPLE '));
  if (line === undefined) throw new Error(`the ${design} measurement printed no sample:\n${stdout}`);
  return JSON.parse(line.slice('SAMPLE '.length)) as Sample;
}

async function measure(design: Design, report: string, script: string): Promise<Sample> {
  const client = design === 'process' ? processClient(script) : threadClient(script);
  try {
    const folder = path.dirname(report);
    // Start the worker first, so that the figures are about the load.
    await client.request({ type: 'dropReport', reportId: 'warm-up' });
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
    const stall = heartbeat();
    const started = performance.now();
    const loaded = await client.request<LoadedReport>({ type: 'loadReport', reportPath: report, workspaceFolders: [folder], ownerFolder: folder, maxBytes: 1024 * MiB, pathMappings: [] });
    const loadMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const maxGapMs = stall();
    clearInterval(sampler);
    const workerPeakRssMiB = design === 'process' && client.pid !== undefined ? peakRssOf(client.pid) : undefined;
    const detailMs: number[] = [];
    // Read once: the host builds the list from its kept pages at each read.
    const files = loaded.files;
    for (let i = 0; i < DETAIL_SAMPLES; i++) {
      const file = files[(i * 97) % files.length];
      if (file === undefined) break;
      const t0 = performance.now();
      await client.request<FileDetail>({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: file.reportPath }] });
      detailMs.push(performance.now() - t0);
    }
    return {
      files: files.length,
      loadMs,
      maxGapMs,
      detailMedianMs: median(detailMs),
      detailMaxMs: Math.max(...detailMs),
      hostRssGrowthMiB: (peakRss - rssBefore) / MiB,
      workerPeakRssMiB,
    };
  } finally {
    client.close();
  }
}

/** The shipped design: WorkerHost forks dist/worker.js. */
function processClient(script: string): Client {
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const host = new WorkerHost({ scriptPath: script, timeoutMs: 600_000, maxOldGenerationSizeMb: HEAP_MB, log: quiet });
  return {
    request: async <T>(message: WorkerRequest) => (await host.request(message)) as T,
    get pid() {
      return host.processId;
    },
    close: () => host.dispose(),
  };
}

/** The earlier design: a worker thread with resourceLimits, details transferred. */
function threadClient(script: string): Client {
  const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
  let nextId = 1;
  const pending = new Map<number, (response: WorkerResponse) => void>();
  worker.on('message', (response: WorkerResponse) => pending.get(response.id)?.(response));
  return {
    request: async <T>(message: WorkerRequest) => {
      const id = nextId++;
      const response = await new Promise<WorkerResponse>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ ...message, id });
      });
      if (!response.ok) throw new Error(response.error.reason);
      return response.result as T;
    },
    pid: undefined,
    close: () => void worker.terminate(),
  };
}

/** Longest gap between ticks of a 1 ms interval, from now until the returned function is called. */
function heartbeat(): () => number {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return () => {
    clearInterval(timer);
    return Math.max(longest, performance.now() - last);
  };
}

/** Peak resident set size of another process (Linux: VmHWM), in MiB. */
function peakRssOf(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--measure');
  if (at === -1) void runWorkerBench();
  else {
    const [design, report, script] = process.argv.slice(at + 1) as [Design, string, string];
    void measure(design, report, script).then((sample) => {
      console.log(`SAMPLE ${JSON.stringify(sample)}`);
      process.exit(0);
    });
  }
}
