import type { Clock, FileView } from '../../src/host/reportLoad';
import { allocateNumberColumns, type FileDetail } from '../../src/shared/fileDetail';
import type { LoadedReport } from '../../src/shared/protocol';

/** A clock whose time moves only when a delay is waited for; it records every delay asked. */
export class FakeClock implements Clock {
  time = 1_000_000;
  readonly delays: number[] = [];
  /** Called on every delay, before it resolves: a test changes the world between checks here. */
  onDelay: (clock: FakeClock) => void = () => undefined;

  now(): number {
    return this.time;
  }

  async delay(ms: number): Promise<void> {
    this.delays.push(ms);
    this.time += ms;
    this.onDelay(this);
    await Promise.resolve();
  }
}

/** Files by path: size and modification time, or absent. */
export class FakeFiles implements FileView {
  readonly files = new Map<string, { size: number; mtimeMs: number }>();

  stat(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    return Promise.resolve(this.files.get(path));
  }
}

export function loadedReport(reportId: string, files: { reportPath: string; resolvedPath?: string; lines?: number; testNames?: string[] }[], extra: Partial<LoadedReport> = {}): LoadedReport {
  const totals = (lines: number) => ({ files: 1, lines, linesHit: lines, branches: 0, branchesHit: 0, functions: 0, functionsHit: 0 });
  return {
    reportId,
    format: 'lcov',
    contentHash: reportId,
    totals: { ...totals(files.reduce((sum, file) => sum + (file.lines ?? 1), 0)), files: files.length },
    files: files.map((file) => ({ reportPath: file.reportPath, resolvedPath: file.resolvedPath, resolution: 'test', totals: totals(file.lines ?? 1), testNames: file.testNames ?? [] })),
    warnings: [],
    cached: false,
    complete: true,
    ...extra,
  };
}

/** A detail from plain rows; columns not given are empty. */
export function detailOf(rows: {
  lines?: [line: number, hits: number, status: number][];
  branches?: [line: number, taken: number, label?: string][];
  functions?: [name: string, start: number, end: number, hits: number][];
  checksums?: [line: number, checksum: string][];
  tests?: [name: string, lines: number[]][];
}): FileDetail {
  const lines = rows.lines ?? [];
  const branches = rows.branches ?? [];
  const functions = rows.functions ?? [];
  const checksums = rows.checksums ?? [];
  const columns = allocateNumberColumns({ line: lines.length, branch: branches.length, function: functions.length, checksum: checksums.length });
  lines.forEach(([line, hits, status], i) => {
    columns.lines[i] = line;
    columns.hits[i] = hits;
    columns.status[i] = status;
  });
  branches.forEach(([line, taken], i) => {
    columns.branchLines[i] = line;
    columns.branchTaken[i] = taken;
  });
  functions.forEach(([, start, end, hits], i) => {
    columns.functionStartLines[i] = start;
    columns.functionEndLines[i] = end;
    columns.functionHits[i] = hits;
  });
  checksums.forEach(([line], i) => (columns.checksumLines[i] = line));
  return {
    ...columns,
    branchLabels: branches.map(([, , label]) => label ?? ''),
    functionNames: functions.map(([name]) => name),
    checksums: checksums.map(([, checksum]) => checksum),
    testNames: (rows.tests ?? []).map(([name]) => name),
    testLines: (rows.tests ?? []).map(([, testLines]) => Uint32Array.from(testLines)),
  };
}
