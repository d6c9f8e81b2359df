import { UnknownFormatError } from '../core/formats/detect';
import { mergeFileCoverage } from '../core/model/merge';
import { type FileCoverageData, fileTotals, ReportParseError } from '../core/model/model';
import { FileTable } from '../core/model/fileTable';
import { fileDetailOf } from '../shared/fileDetail';
import { type FileColumns, withFileColumns } from '../shared/wire';
import type { EarlyFiles, FileSource, FileSummary, LoadReportRequest, LoadedReport, WorkerError, WorkerRequest, WorkerResults } from '../shared/protocol';
import { findEarlyFiles } from './earlyFiles';
import { CodecovPathResolver, parseCodecov } from './loadCodecov';
import { baselineReport, codecovBaseline, diffHunks } from './baselineReport';
import { ReportAccessError } from './openReport';
import { ReportChangedError } from '../core/formats/lcov/lcovLazySections';
import { LAZY_MIN_BYTES, readReport, ReportTooLargeError } from './readReport';
import { ReportCache } from './reportCache';
import { type Resolution, ReportPathResolver } from './resolveFiles';

/** Reports from this size on get an early pass for the visible editors' files (earlyFiles.ts). */
export const EARLY_MIN_BYTES = 4 * 1024 * 1024;

export interface HandlerOptions {
  readonly earlyMinBytes?: number;
  /** Defaults to LAZY_MIN_BYTES (ReadLimits.lazyMinBytes). */
  readonly lazyMinBytes?: number;
}

/** Answers protocol requests against one ReportCache. Pure of worker_threads, so unit-testable. */
export class RequestHandlers {
  /** Merged files by their sources; emptied whenever a report comes or goes. */
  private readonly merged = new Map<string, FileCoverageData>();
  private readonly earlyMinBytes: number;
  private readonly lazyMinBytes: number;

  constructor(
    private readonly cache = new ReportCache(),
    options: HandlerOptions = {},
  ) {
    this.earlyMinBytes = options.earlyMinBytes ?? EARLY_MIN_BYTES;
    this.lazyMinBytes = options.lazyMinBytes ?? LAZY_MIN_BYTES;
  }

  /** `early` receives a load's priority files before its result, when they can be found sooner. */
  async handle(request: WorkerRequest, early?: (files: EarlyFiles) => void): Promise<WorkerResults[WorkerRequest['type']]> {
    switch (request.type) {
      case 'loadReport':
        if (early !== undefined) await this.sendEarly(request, early);
        return this.loadReport(request);
      case 'fileDetail':
        return fileDetailOf(this.fileData(request.sources), this.checksums(request.sources));
      case 'mergeSummaries':
        return { totals: request.groups.map((sources) => fileTotals(this.fileData(sources))) };
      case 'dropReport':
        this.merged.clear();
        return { dropped: this.cache.drop(request.reportId) };
      case 'diffTexts':
        return { hunks: diffHunks(request.oldText, request.newText) };
      case 'baselineReport':
        return baselineReport(request);
      case 'codecovBaseline':
        return codecovBaseline(request);
    }
  }

  private async sendEarly(request: LoadReportRequest, early: (files: EarlyFiles) => void): Promise<void> {
    let files: EarlyFiles | undefined;
    try {
      files = await findEarlyFiles(request, { minBytes: this.earlyMinBytes, caseInsensitive: isCaseInsensitive(), toDetail: fileDetailOf });
    } catch {
      // The full load reads the report again and reports what is wrong with it.
      return;
    }
    if (files !== undefined) early(files);
  }

  private async loadReport(request: LoadReportRequest): Promise<LoadedReport> {
    if (request.codecov !== undefined) return this.loadCodecov(request);
    const source = request.reportPath;
    const { report, contentHash, complete } = await readReport(source, { maxBytes: request.maxBytes, workspaceFolders: request.workspaceFolders, lazyMinBytes: this.lazyMinBytes }, (hash) => this.cache.find(source, hash)?.report);
    const previous = this.cache.find(source, contentHash);
    if (previous === undefined) this.merged.clear();
    const entry = previous ?? this.cache.put(source, contentHash, report);
    const resolver = new ReportPathResolver({
      reportFile: source,
      ownerFolder: request.ownerFolder,
      workspaceFolders: request.workspaceFolders,
      mappings: request.pathMappings,
      sourceRoots: report.sourceRoots ?? [],
      caseInsensitive: isCaseInsensitive(),
    });
    const paths = [...report.files.keys()];
    const resolutions = await resolver.resolveAll(paths);
    const columns = fileColumns(report.files, paths, resolutions);
    return withFileColumns({ reportId: entry.reportId, format: report.format, contentHash, totals: report.totals, warnings: report.warnings, cached: previous !== undefined, complete }, columns);
  }

  /** A Codecov response: parsed from the bytes the host fetched, paths relative to the repository root. */
  private async loadCodecov(request: LoadReportRequest): Promise<LoadedReport> {
    const payload = request.codecov as NonNullable<LoadReportRequest['codecov']>;
    const source = request.reportPath;
    const { report, contentHash } = await parseCodecov(payload);
    this.merged.clear();
    const entry = this.cache.put(source, contentHash, report);
    const resolver = new CodecovPathResolver(payload.repoRoot, request.workspaceFolders);
    const files: FileSummary[] = [];
    for (const file of report.files.values()) {
      const { resolvedPath, note } = await resolver.resolve(file.path);
      files.push({ reportPath: file.path, resolvedPath, resolution: note, totals: fileTotals(file), testNames: [] });
    }
    return { reportId: entry.reportId, format: report.format, contentHash, totals: report.totals, files, warnings: report.warnings, cached: false, complete: true };
  }

  private fileData(sources: readonly FileSource[]): FileCoverageData {
    if (sources.length === 1) return this.sourceFile(sources[0] as FileSource);
    const key = sources.map((s) => `${s.reportId}\n${s.reportPath}`).join('\u0000');
    let merged = this.merged.get(key);
    if (merged === undefined) {
      merged = mergeFileCoverage(sources.map((s) => this.sourceFile(s)));
      this.merged.set(key, merged);
    }
    return merged;
  }

  /** Line checksums of a file from every report that has them (the first report wins a line). */
  private checksums(sources: readonly FileSource[]): Map<number, string> {
    const merged = new Map<number, string>();
    for (const { reportId, reportPath } of sources) {
      const lines = this.cache.get(reportId)?.report.lineChecksums?.get(reportPath);
      if (lines === undefined) continue;
      for (const [line, checksum] of lines) if (!merged.has(line)) merged.set(line, checksum);
    }
    return merged;
  }

  private sourceFile({ reportId, reportPath }: FileSource): FileCoverageData {
    const entry = this.cache.get(reportId);
    if (entry === undefined) throw new NotFoundError(`report ${reportId} is not loaded`);
    const file = entry.report.files.get(reportPath);
    if (file === undefined) throw new NotFoundError(`report has no file ${reportPath}`);
    return file;
  }
}

/** A load's files, read by index: a FileTable answers counts and test names from its rows, with no file object. */
function fileColumns(files: ReadonlyMap<string, FileCoverageData>, paths: readonly string[], resolutions: readonly Resolution[]): FileColumns {
  const table = files instanceof FileTable ? files : undefined;
  const values = table === undefined ? [...files.values()] : [];
  const fileAt = (i: number): FileCoverageData => (table === undefined ? (values[i] as FileCoverageData) : table.fileAt(i));
  return {
    count: paths.length,
    pathAt: (i) => paths[i] as string,
    resolutionAt: (i) => resolutions[i] as Resolution,
    summaryAt: (i) => {
      const { resolvedPath, note } = resolutions[i] as Resolution;
      if (table !== undefined) return { reportPath: paths[i] as string, resolvedPath, resolution: note, totals: table.totalsAt(i), testNames: [...table.testNamesAt(i)] };
      const file = fileAt(i);
      return { reportPath: file.path, resolvedPath, resolution: note, totals: fileTotals(file), testNames: [...file.tests.keys()] };
    },
    countsInto: (i, into) => {
      if (table !== undefined) return table.countsInto(i, into);
      const { lines, linesHit, branches, branchesHit, functions, functionsHit } = fileTotals(fileAt(i));
      into.push(lines, linesHit, branches, branchesHit, functions, functionsHit);
    },
    testNamesAt: (i) => (table === undefined ? [...fileAt(i).tests.keys()] : table.testNamesAt(i)),
    hasTestNames: table === undefined ? values.some((file) => file.tests.size > 0) : table.hasTests(),
  };
}

function isCaseInsensitive(): boolean {
  return process.platform === 'win32' || process.platform === 'darwin';
}

export class NotFoundError extends Error {}

export function toWorkerError(error: unknown, file: string | undefined): WorkerError {
  if (error instanceof UnknownFormatError) return { kind: 'notCoverage', file, line: 0, reason: error.reason };
  if (error instanceof ReportParseError) return { kind: 'parse', file, line: error.line, reason: error.reason };
  if (error instanceof ReportTooLargeError) return { kind: 'tooLarge', file, line: 0, reason: error.message };
  if (error instanceof ReportChangedError) return { kind: 'io', file, line: 0, reason: error.message };
  if (error instanceof NotFoundError) return { kind: 'notFound', file, line: 0, reason: error.message };
  if (error instanceof ReportAccessError) return { kind: error.kind, file, line: 0, reason: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { kind: 'missing', file, line: 0, reason: `${code}: the report is not there` };
  if (typeof code === 'string') return { kind: 'io', file, line: 0, reason: `${code}: cannot read the report` };
  return { kind: 'internal', file, line: 0, reason: error instanceof Error ? error.message : String(error) };
}
