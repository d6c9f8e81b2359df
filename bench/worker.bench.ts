import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { FileDetail, LoadedReport, WorkerRequest, WorkerResponse } from '../src/shared/protocol';
import { synthesiseLcov } from './synth';
import { median, MiB, sharedReportsDir, table } from './util';

const TARGET_BYTES = 100 * MiB;
const DETAIL_SAMPLES = 50;

/** The extension host's view of the worker: how long is the main thread blocked, how fast do details arrive. */
export async function runWorkerBench(): Promise<void> {
  const workerScript = path.resolve(__dirname, '..', '..', 'dist', 'worker.js');
  if (!fs.existsSync(workerScript)) throw new Error(`${workerScript} is missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-worker-bench-'));
  const report = path.join(tmp, 'lcov-100MiB.info');
  synthesiseLcov(fs.readFileSync(path.join(sharedReportsDir(), 'generated', 'lcov-c8-eslint.info')), report, TARGET_BYTES);
  const size = fs.statSync(report).size;
  const worker = new Worker(workerScript);
  let nextId = 1;
  const pending = new Map<number, (response: WorkerResponse) => void>();
  worker.on('message', (response: WorkerResponse) => pending.get(response.id)?.(response));
  const request = async <T>(message: WorkerRequest): Promise<T> => {
    const id = nextId++;
    const response = await new Promise<WorkerResponse>((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ ...message, id });
    });
    if (!response.ok) throw new Error(response.error.reason);
    return response.result as T;
  };
  try {
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const started = performance.now();
    const loaded = await request<LoadedReport>({ type: 'loadReport', reportPath: report, workspaceFolders: [tmp], ownerFolder: tmp, maxBytes: 1024 * MiB, pathMappings: [] });
    const loadMs = performance.now() - started;
    lag.disable();
    clearInterval(sampler);
    const detailMs: number[] = [];
    for (let i = 0; i < DETAIL_SAMPLES; i++) {
      const file = loaded.files[(i * 97) % loaded.files.length];
      if (file === undefined) break;
      const t0 = performance.now();
      await request<FileDetail>({ type: 'fileDetail', sources: [{ reportId: loaded.reportId, reportPath: file.reportPath }] });
      detailMs.push(performance.now() - t0);
    }
    const rows = [
      ['report', `${(size / MiB).toFixed(1)} MiB LCOV, ${loaded.files.length} files (synthesised from the ESLint run)`],
      ['load + parse through the worker', `${loadMs.toFixed(0)} ms (${(size / MiB / (loadMs / 1000)).toFixed(0)} MiB/s, path resolution included)`],
      ['main thread: max event-loop delay during the load', `${(lag.max / 1e6).toFixed(1)} ms (target ≤ 20 ms)`],
      ['one file’s detail arriving on the main thread', `median ${median(detailMs).toFixed(2)} ms, max ${Math.max(...detailMs).toFixed(2)} ms over ${detailMs.length} files (target < 2 ms)`],
      ['process RSS growth while the worker parsed', `${((peakRss - rssBefore) / MiB).toFixed(0)} MiB = ${((peakRss - rssBefore) / size).toFixed(2)}× the file (target ≤ 3×)`],
    ];
    console.log(`Worker, as the extension host sees it (node ${process.version})`);
    console.log(table(['measure', 'value'], rows));
  } finally {
    await worker.terminate();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) void runWorkerBench();
