import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadReportRequest } from '../src/shared/protocol';
import { RequestHandlers } from '../src/worker/handlers';
import { PRODUCER_REPORTS_DIR, readFixtureReport } from '../test/fixtureReports';
import { synthesiseLcovReport } from './synth';
import { median, medianMs, MiB, table } from './util';

const TARGET_BYTES = 100 * MiB;
const RUNS = 3;
const OPENED = 'src/opened';

interface Sample {
  readonly earlyMs: number | undefined;
  readonly loadMs: number;
}

/**
 * Issue 13, time to marks, per format: a 100 MiB report whose one workspace file comes last, loaded
 * by the worker's request handlers in this process with that file as the priority file. The early
 * files (worker/earlyFiles.ts) arrive after a byte search; the whole load parses everything.
 */
export async function runEarlyBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-early-bench-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    const reports = [
      { format: 'LCOV', file: writeLcov(dir), opened: `${OPENED}.js` },
      { format: 'Istanbul JSON', file: writeIstanbul(dir), opened: `${OPENED}.js` },
      { format: 'coverage.py JSON', file: writeCoveragePy(dir), opened: `${OPENED}.py` },
      { format: 'llvm-cov JSON', file: writeLlvm(dir), opened: `${OPENED}.c` },
      { format: 'Go profile', file: writeGo(dir), opened: `${OPENED}.go` },
    ];
    for (const { opened } of reports) fs.writeFileSync(path.join(dir, opened), 'x\n'.repeat(5000));
    const samples = new Map<string, Sample[]>(reports.map((r) => [r.format, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const { format, file, opened } of reports) samples.get(format)?.push(await load(dir, file, path.join(dir, opened)));
    }
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const rows = reports.map(({ format, file }) => {
      const runs = samples.get(format) ?? [];
      const early = runs.map((s) => s.earlyMs).filter((v): v is number => v !== undefined);
      const read = medianMs(() => fs.readFileSync(file), RUNS);
      return [format, (fs.statSync(file).size / MiB).toFixed(1), early.length === runs.length ? ms(median(early)) : `missing in ${runs.length - early.length} runs`, ms(median(runs.map((s) => s.loadMs))), ms(read)];
    });
    console.log(`Early files of a 100 MiB report, the open file last (worker request handlers in this process; median of ${RUNS} runs, formats alternating)`);
    console.log(table(['format', 'MiB', 'early files', 'whole load', 'readFileSync in this process'], rows));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function load(dir: string, report: string, opened: string): Promise<Sample> {
  const request: LoadReportRequest = { type: 'loadReport', reportPath: report, workspaceFolders: [dir], ownerFolder: dir, maxBytes: 1024 * MiB, pathMappings: [], priorityFiles: [opened] };
  const started = performance.now();
  let earlyMs: number | undefined;
  await new RequestHandlers().handle(request, (files) => {
    if (files.files.some((f) => f.resolvedPath === opened)) earlyMs = performance.now() - started;
  });
  return { earlyMs, loadMs: performance.now() - started };
}

function writeLcov(dir: string): string {
  const file = path.join(dir, 'lcov.info');
  synthesiseLcovReport(readFixtureReport('generated/lcov-c8-eslint.info'), file, { targetBytes: TARGET_BYTES, lastSourceFile: `${OPENED}.js` });
  return file;
}

/** The ESLint run's Istanbul JSON, its files repeated under `/ci/copyN` until 100 MiB, then the opened file. */
function writeIstanbul(dir: string): string {
  const file = path.join(dir, 'coverage-final.json');
  const members = Object.entries(JSON.parse(readFixtureReport('generated/istanbul-c8-eslint.json').toString()) as Record<string, Record<string, unknown>>);
  const out = fs.openSync(file, 'w');
  try {
    let written = fs.writeSync(out, '{');
    for (let copy = 0; written < TARGET_BYTES; copy++) {
      const text = members.map(([key, value]) => `${JSON.stringify(`/ci/copy${copy}${key}`)}:${JSON.stringify({ ...value, path: `/ci/copy${copy}${key}` })}`).join(',');
      written += fs.writeSync(out, `${copy === 0 ? '' : ','}${text}`);
    }
    const [, last] = members[0] as [string, Record<string, unknown>];
    const opened = path.join(dir, `${OPENED}.js`);
    fs.writeSync(out, `,${JSON.stringify(opened)}:${JSON.stringify({ ...last, path: opened })}}`);
  } finally {
    fs.closeSync(out);
  }
  return file;
}

/** The Python producer fixture's file (with contexts and branches) repeated under `copyN/` until 100 MiB, then the opened file. */
function writeCoveragePy(dir: string): string {
  const file = path.join(dir, 'coverage.json');
  const fixture = path.join(PRODUCER_REPORTS_DIR, 'python', 'coverage.json');
  const { meta, files } = JSON.parse(fs.readFileSync(fixture, 'utf8')) as { meta: unknown; files: Record<string, unknown> };
  const [name, entry] = Object.entries(files)[0] as [string, unknown];
  const value = JSON.stringify(entry);
  const out = fs.openSync(file, 'w');
  try {
    let written = fs.writeSync(out, `{"meta":${JSON.stringify(meta)},"files":{`);
    for (let copy = 0; written < TARGET_BYTES; copy++) written += fs.writeSync(out, `${copy === 0 ? '' : ','}${JSON.stringify(`copy${copy}/${name}`)}:${value}`);
    fs.writeSync(out, `,${JSON.stringify(`${OPENED}.py`)}:${value}},"totals":{}}`);
  } finally {
    fs.closeSync(out);
  }
  return file;
}

/** The clang producer's file and its functions repeated under `/ci/copyN/` until 100 MiB, the opened file's last (as llvm-cov writes an export: its keys sorted). */
function writeLlvm(dir: string): string {
  const file = path.join(dir, 'llvm-export.json');
  const fixture = path.join(PRODUCER_REPORTS_DIR, 'c', 'coverage.json');
  const unit = (JSON.parse(fs.readFileSync(fixture, 'utf8')) as { data: { files: Record<string, unknown>[]; functions: Record<string, unknown>[] }[] }).data[0];
  const fileObject = unit?.files[0] ?? {};
  const functions = unit?.functions ?? [];
  const fileText = (name: string) => JSON.stringify({ ...fileObject, filename: name });
  const functionsText = (name: string) => functions.map((fn) => JSON.stringify({ ...fn, filenames: [name] })).join(',');
  const copies = Math.ceil(TARGET_BYTES / (fileText('/ci/copy0/calc.c').length + functionsText('/ci/copy0/calc.c').length + 2));
  const names = [...Array.from({ length: copies }, (_, copy) => `/ci/copy${copy}/calc.c`), path.join(dir, `${OPENED}.c`)];
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, '{"data":[{"files":[');
    names.forEach((name, i) => fs.writeSync(out, `${i === 0 ? '' : ','}${fileText(name)}`));
    fs.writeSync(out, '],"functions":[');
    names.forEach((name, i) => fs.writeSync(out, `${i === 0 ? '' : ','}${functionsText(name)}`));
    fs.writeSync(out, ']}],"type":"llvm.coverage.json.export","version":"2.0.1"}\n');
  } finally {
    fs.closeSync(out);
  }
  return file;
}

/** The Go standard library's profile, its blocks repeated under `copyN/` until 100 MiB, then the opened file's. */
function writeGo(dir: string): string {
  const file = path.join(dir, 'cover.out');
  const lines = readFixtureReport('generated/go-std-count.out').toString().split('\n').filter((line) => line !== '' && !line.startsWith('mode:'));
  const out = fs.openSync(file, 'w');
  try {
    let written = fs.writeSync(out, 'mode: count\n');
    for (let copy = 0; written < TARGET_BYTES; copy++) written += fs.writeSync(out, lines.map((line) => `copy${copy}/${line}\n`).join(''));
    fs.writeSync(out, `example.com/m/${OPENED}.go:3.1,5.2 2 1\nexample.com/m/${OPENED}.go:6.1,7.2 1 0\n`);
  } finally {
    fs.closeSync(out);
  }
  return file;
}

if (require.main === module) {
  runEarlyBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
