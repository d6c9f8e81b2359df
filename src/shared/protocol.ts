/**
 * The worker message protocol: every request carries an id; every response answers one id
 * with either a result or a typed error. Lines in FileDetail are 1-based (core's convention).
 */
import type { CoverageFormat, CoverageTotals, ParseWarning } from '../core/model/model';
import type { CoverageRatio } from '../core/compare/compareCoverage';
import type { CodecovBody } from './codecovBody';
import type { Hunk } from '../core/lines/lineMapping';
import type { PathMapping } from '../core/paths/pathMapping';
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
  /** A Codecov response to parse instead of reading `reportPath` (then only a name for the report). */
  readonly codecov?: CodecovPayload;
  /**
   * Absolute paths of the files open in visible editors: in a large LCOV report they are found,
   * parsed and sent first (EarlyFiles), before the whole report is parsed.
   */
  readonly priorityFiles?: readonly string[];
}

/**
 * Sent during a load, before its response: the priority files the report covers, with their
 * details, found without parsing the rest (worker/earlyFiles.ts). Shown until the load's result
 * arrives; never a substitute for it.
 */
export interface EarlyFiles {
  /** When the report file was last written (as the early pass saw it). */
  readonly reportModifiedMs: number;
  readonly format: CoverageFormat;
  /** Resolved files only. */
  readonly files: readonly FileSummary[];
  /** Parallel to `files`. */
  readonly details: readonly FileDetail[];
}

/**
 * A Codecov `report` response fetched by the extension host, and how the working tree differs
 * from the commit it describes: the worker parses the body and moves each file's coverage onto
 * today's lines. Paths are relative to the repository root, with `/`.
 */
export interface CodecovPayload {
  readonly body: CodecovBody;
  /** The repository's top folder: Codecov's paths are relative to it. */
  readonly repoRoot: string;
  /** Files that differ from the commit: their coverage moves through `hunks`, or is dropped when there are none (binary, too large). */
  readonly changed: readonly MovedFile[];
  /** Files of the commit that are gone. */
  readonly deleted: readonly string[];
}

export interface MovedFile {
  /** Path in the working tree. */
  readonly path: string;
  /** Path at the commit (differs for a rename). */
  readonly basePath: string;
  /** The line mapping's hunks (core/lines/lineMapping.ts), undefined when there is none. */
  readonly hunks: readonly Hunk[] | undefined;
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

/** A line diff (core/lines/lineDiff.ts), run here so a large diff never holds the editor. */
export interface DiffTextsRequest {
  readonly type: 'diffTexts';
  readonly oldText: string;
  readonly newText: string;
}

/**
 * A baseline report (issue 11), parsed and matched to the files of a commit (core/paths/repoPaths.ts)
 * rather than to the workspace: it describes files as they were at that commit.
 */
export interface BaselineReportRequest {
  readonly type: 'baselineReport';
  readonly reportPath: string;
  /** The report must lie inside one of these folders (it is named by a workspace setting). */
  readonly workspaceFolders: readonly string[];
  readonly maxBytes: number;
  /** The repository root, absolute, and every file path of the commit relative to it. */
  readonly root: string;
  readonly files: readonly string[];
  readonly pathMappings: readonly PathMapping[];
}

/**
 * A Codecov report response used as a baseline (issue 11): its files by repository path, kept
 * when the commit has that path (Codecov's paths are relative to the repository root, exactly).
 */
export interface CodecovBaselineRequest {
  readonly type: 'codecovBaseline';
  readonly body: CodecovBody;
  /** Every file path of the baseline commit. */
  readonly files: readonly string[];
}

export type WorkerRequest = LoadReportRequest | FileDetailRequest | MergeSummariesRequest | DropReportRequest | DiffTextsRequest | BaselineReportRequest | CodecovBaselineRequest;
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

/** Lines, hits and statuses of one file (what a comparison reads). */
export interface LineCoverageWire {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
  readonly status: Uint8Array;
}

export interface BaselineReportResult {
  /** Repository path → coverage. */
  readonly files: readonly (readonly [string, LineCoverageWire])[];
  /** The lines of the report files that matched no path of the commit, as one figure (their lines never cross: thousands of files of a large report). */
  readonly unmatched: CoverageRatio;
  /** Why report paths did not match (at most a few dozen). */
  readonly notes: readonly string[];
}

export interface WorkerResults {
  loadReport: LoadedReport;
  fileDetail: FileDetail;
  mergeSummaries: { totals: CoverageTotals[] };
  dropReport: { dropped: boolean };
  /** oldStart, oldEnd, newStart, newEnd of each hunk (LineMapping.fromHunks). */
  diffTexts: { hunks: Int32Array };
  baselineReport: BaselineReportResult;
  codecovBaseline: BaselineReportResult;
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
