/**
 * The worker message protocol: every request carries an id; every response answers one id
 * with either a result or a typed error. Lines in FileDetail are 1-based (core's convention).
 */
import type { CoverageFormat, CoverageTotals, ParseWarning } from '../core/model';
import type { PathMapping } from '../core/pathMapping';
import type { FileDetail } from './fileDetail';

export type { FileDetail } from './fileDetail';

export interface LoadReportRequest {
  readonly type: 'loadReport';
  /** Absolute path of the report on disk. */
  readonly reportPath: string;
  /** Absolute paths of the workspace folders; report paths resolve only inside them. */
  readonly workspaceFolders: readonly string[];
  /** The folder that owns the report (resolution tries it before the others). */
  readonly ownerFolder: string;
  readonly maxBytes: number;
  /** The owner folder's `coverageSentinel.pathMappings`. */
  readonly pathMappings: readonly PathMapping[];
}

/** One report's record of a file: the report and the path as that report wrote it. */
export interface FileSource {
  readonly reportId: string;
  readonly reportPath: string;
}

/** One file's detail; several sources are merged (core/merge.ts rules). */
export interface FileDetailRequest {
  readonly type: 'fileDetail';
  readonly sources: readonly FileSource[];
}

/** Totals of files covered by several reports, after merging: one per group, in order. */
export interface MergeSummariesRequest {
  readonly type: 'mergeSummaries';
  readonly groups: readonly (readonly FileSource[])[];
}

export interface DropReportRequest {
  readonly type: 'dropReport';
  readonly reportId: string;
}

export type WorkerRequest = LoadReportRequest | FileDetailRequest | MergeSummariesRequest | DropReportRequest;
export type WorkerRequestType = WorkerRequest['type'];

export interface FileSummary {
  /** The path as the report wrote it. */
  readonly reportPath: string;
  /** Absolute path of the workspace file it resolved to, or undefined when it did not. */
  readonly resolvedPath: string | undefined;
  /** How the path resolved, or why it did not. */
  readonly resolution: string;
  readonly totals: CoverageTotals;
  /** Tests the report names as running part of this file (LCOV `TN`, coverage.py contexts). */
  readonly testNames: readonly string[];
}

export interface LoadedReport {
  readonly reportId: string;
  readonly format: CoverageFormat;
  readonly contentHash: string;
  readonly totals: CoverageTotals;
  readonly files: readonly FileSummary[];
  readonly warnings: readonly ParseWarning[];
  /** True when the same content was already parsed and the cached result was reused. */
  readonly cached: boolean;
  /** False when the report looks cut short, as while a test run is still writing it. */
  readonly complete: boolean;
}

export interface WorkerResults {
  loadReport: LoadedReport;
  fileDetail: FileDetail;
  mergeSummaries: { totals: CoverageTotals[] };
  dropReport: { dropped: boolean };
}

/**
 * `missing`: the report file is not there (any more). `io`: it could not be read otherwise.
 * `notCoverage`: a file under a report name that holds no coverage format (skipped quietly).
 * `outsideWorkspace`: the report's real path (symlinks followed) is outside every workspace
 * folder; `notAFile`: it is not a regular file (a FIFO, a device, a directory); `stalled`: a read
 * made no progress for too long and was abandoned.
 */
export type WorkerErrorKind = 'parse' | 'notCoverage' | 'missing' | 'io' | 'tooLarge' | 'notFound' | 'outsideWorkspace' | 'notAFile' | 'stalled' | 'internal';

export interface WorkerError {
  readonly kind: WorkerErrorKind;
  /** The report file concerned, when there is one. */
  readonly file: string | undefined;
  /** 1-based line in that file, 0 when not tied to a line. */
  readonly line: number;
  readonly reason: string;
}

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: WorkerResults[WorkerRequestType] }
  | { readonly id: number; readonly ok: false; readonly error: WorkerError };

export type WorkerEnvelope = WorkerRequest & { readonly id: number };

/** A request the worker answered with an error (or could not answer). */
export class WorkerRequestError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.reason);
    this.name = 'WorkerRequestError';
  }
}

export function describeWorkerError(error: WorkerError): string {
  const file = error.file === undefined ? '' : `${error.file}: `;
  const line = error.line > 0 ? `line ${error.line}: ` : '';
  return `${file}${line}${error.reason}`;
}
