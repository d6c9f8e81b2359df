import * as path from 'node:path';
import * as vscode from 'vscode';
import { DetailCache, groupFileSources, type ReportFacts } from '../host/fileSources';
import { addTotals, type CoverageTotals, emptyTotals } from '../core/model/model';
import type { EarlyFiles, FileDetail, FileSource } from '../shared/protocol';
import { type ReceivedReport, receivedReport } from '../shared/wire';
import type { Activity } from './activity';
import type { Settings } from './settings';
import type { WorkerHost } from './workerHost';

/** One report as the extension host knows it: summaries only; details stay in the worker. */
export interface ReportState {
  readonly reportUri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
  readonly loaded: ReceivedReport;
  readonly loadedAt: Date;
  /** When the report file was last written. */
  readonly reportModified: Date;
  /** Set for coverage from the Codecov server: which commit it describes. */
  readonly codecov?: CodecovOrigin;
}

/** Where Codecov coverage comes from (host/codecov/walkBack.ts writes it for people). */
export interface CodecovOrigin {
  readonly sha: string;
  readonly behind: number;
  readonly branch: string | undefined;
  /** Read from the disk cache (and, with `offline`, because the server could not be reached). */
  readonly cached: boolean;
  readonly offline: boolean;
}

/** Where a workspace file's coverage comes from: one report, or several merged. */
export interface FileEntry {
  readonly uri: vscode.Uri;
  /** The reports covering the file, oldest first. */
  readonly reports: readonly ReportState[];
  /** Parallel to `reports`: each report's record of the file (the worker's keys). */
  readonly sources: readonly FileSource[];
  /** Totals after merging. */
  readonly totals: CoverageTotals;
  /** Tests the reports name as running part of this file. */
  readonly testNames: readonly string[];
  /** Codecov's record of the file when a local report covers it too (local marks win; the hover shows both). */
  readonly codecov?: { readonly report: ReportState; readonly source: FileSource };
}

/**
 * Workspace file → coverage entry, rebuilt whenever a report is added, replaced or removed; the
 * grouping is host/fileSources.ts's (`coverageSentinel.mergeReports`). When several reports cover
 * one file, their totals and details are merged in the worker.
 */
export class CoverageIndex implements vscode.Disposable {
  private readonly reports = new Map<string, ReportState>();
  /** Codecov coverage by workspace folder: shown where no local report covers a file. */
  private readonly server = new Map<string, ReportState>();
  private files = new Map<string, FileEntry>();
  private readonly details: DetailCache;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly configListener: vscode.Disposable;
  private rebuildCount = 0;
  private lastSetAsideNote = '';
  /** Report URI → the report of the same run shown instead (mergeReports `auto`). */
  private setAside = new Map<string, vscode.Uri>();
  /**
   * Early files of reports still loading (the visible editors' files, shared/protocol.ts
   * EarlyFiles), by report URI then file URI: shown only where no loaded report covers the file,
   * and only until their report's load settles. Not part of `allFiles` or the totals.
   */
  private readonly early = new Map<string, Map<string, { readonly entry: FileEntry; readonly detail: FileDetail }>>();
  /** Reports whose load settled: their early files go when the next rebuild is in place. */
  private readonly settledEarly = new Set<string>();
  private readonly earlyChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Early files came or went (onDidChange covers the loaded reports). */
  readonly onDidChangeEarly = this.earlyChanged.event;

  constructor(
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
    private readonly settings: Settings,
  ) {
    this.details = new DetailCache((sources) => this.worker.request({ type: 'fileDetail', sources }));
    this.configListener = settings.onDidChange((change) => {
      if (change.affects('mergeReports')) this.rebuild();
    });
  }

  setReport(state: ReportState): void {
    this.reports.set(state.reportUri.toString(), state);
    this.settledEarly.add(state.reportUri.toString());
    this.rebuild();
  }

  /** A loading report's early files (its visible editors' files), until its load settles. */
  setEarlyFiles(reportUri: vscode.Uri, folder: vscode.WorkspaceFolder, early: EarlyFiles): void {
    const key = reportUri.toString();
    const totals = emptyTotals();
    for (const file of early.files) addTotals(totals, file.totals);
    const reportId = `early:${key}`;
    const loaded = receivedReport({ reportId, format: early.format, contentHash: '', totals, files: early.files, warnings: [], cached: false, complete: false });
    const state: ReportState = { reportUri, folder, loaded, loadedAt: new Date(), reportModified: new Date(early.reportModifiedMs) };
    const files = new Map<string, { entry: FileEntry; detail: FileDetail }>();
    early.files.forEach((file, i) => {
      const detail = early.details[i];
      if (file.resolvedPath === undefined || detail === undefined) return;
      const uri = vscode.Uri.file(file.resolvedPath);
      const entry: FileEntry = { uri, reports: [state], sources: [{ reportId, reportPath: file.reportPath }], totals: file.totals, testNames: file.testNames };
      files.set(uri.toString(), { entry, detail });
    });
    this.early.set(key, files);
    this.settledEarly.delete(key);
    this.earlyChanged.fire();
  }

  /** A load that ended without a report to show: its early files go at once. */
  dropEarlyFiles(reportUri: vscode.Uri): void {
    if (this.early.delete(reportUri.toString())) this.earlyChanged.fire();
  }

  removeReport(reportUri: vscode.Uri): void {
    const key = reportUri.toString();
    this.dropEarlyFiles(reportUri);
    const previous = this.reports.get(key);
    if (previous === undefined) return;
    this.reports.delete(key);
    void this.worker.request({ type: 'dropReport', reportId: previous.loaded.reportId }).catch(() => undefined);
    this.rebuild();
  }

  /** Sets (or, with undefined, removes) a workspace folder's Codecov coverage. */
  setServerReport(folderKey: string, state: ReportState | undefined): void {
    const previous = this.server.get(folderKey);
    if (state === undefined) this.server.delete(folderKey);
    else this.server.set(folderKey, state);
    if (previous !== undefined && previous.loaded.reportId !== state?.loaded.reportId) {
      void this.worker.request({ type: 'dropReport', reportId: previous.loaded.reportId }).catch(() => undefined);
    }
    this.rebuild();
  }

  serverReports(): readonly ReportState[] {
    return [...this.server.values()];
  }

  /** Every workspace file a folder's Codecov coverage covers, whether or not a local report covers it too. */
  serverFiles(report: ReportState): readonly FileEntry[] {
    const entries = new Map<string, FileEntry>();
    for (const file of report.loaded.resolvedFiles) {
      if (file.resolvedPath === undefined) continue;
      const uri = vscode.Uri.file(file.resolvedPath);
      // The first record of a file wins, as in the index.
      if (entries.has(uri.toString())) continue;
      entries.set(uri.toString(), { uri, reports: [report], sources: [{ reportId: report.loaded.reportId, reportPath: file.reportPath }], totals: file.totals, testNames: [] });
    }
    return [...entries.values()];
  }

  /** The files local reports cover (Codecov's own files are left to its run). */
  localFiles(): readonly FileEntry[] {
    return this.allFiles().filter((entry) => entry.reports.some((report) => report.codecov === undefined));
  }

  /** Removes every report whose URI does not satisfy `keep`. */
  retainReports(keep: (reportUri: vscode.Uri) => boolean): void {
    for (const state of [...this.reports.values()]) if (!keep(state.reportUri)) this.removeReport(state.reportUri);
  }

  allReports(): readonly ReportState[] {
    return [...this.reports.values()];
  }

  /** The report shown instead of this one because both describe one test run, if any. */
  sameRunAs(reportUri: vscode.Uri): vscode.Uri | undefined {
    return this.setAside.get(reportUri.toString());
  }

  allFiles(): readonly FileEntry[] {
    return [...this.files.values()];
  }

  /** The file's entry; a loading report's early entry where no loaded report covers it. */
  fileFor(uri: vscode.Uri): FileEntry | undefined {
    const key = uri.toString();
    return this.files.get(key) ?? this.earlyFile(key)?.entry;
  }

  workspaceTotals(): CoverageTotals {
    const totals = emptyTotals();
    for (const entry of this.files.values()) addTotals(totals, entry.totals);
    return totals;
  }

  /** Whether an entry is a loading report's early one (not yet replaced by the loaded report's). */
  isEarly(entry: FileEntry): boolean {
    return this.earlyFile(entry.uri.toString())?.entry === entry;
  }

  /** One file's (merged) detail from the worker, fetched once per set of report versions. */
  detail(entry: FileEntry): Promise<FileDetail> {
    const early = this.earlyFile(entry.uri.toString());
    if (early?.entry === entry) return Promise.resolve(early.detail);
    return this.details.get(entry.sources);
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
    this.earlyChanged.dispose();
  }

  private earlyFile(key: string): { readonly entry: FileEntry; readonly detail: FileDetail } | undefined {
    for (const files of this.early.values()) {
      const file = files.get(key);
      if (file !== undefined) return file;
    }
    return undefined;
  }

  private rebuild(): void {
    void this.activity.track(this.rebuildAsync());
  }

  private async rebuildAsync(): Promise<void> {
    const rebuild = ++this.rebuildCount;
    const mode = this.settings.get().mergeReports;
    const { files, setAside } = groupFileSources(this.reports.values(), reportFacts, mode, (resolvedPath) => vscode.Uri.file(resolvedPath).toString());
    this.setAside = new Map(setAside.map(({ report, shownInstead }) => [report.reportUri.toString(), shownInstead.reportUri]));
    this.logSetAside(setAside);
    const grouped = new Map<string, { uri: vscode.Uri; reports: ReportState[]; sources: FileSource[]; totals: CoverageTotals; testNames: string[]; codecov?: NonNullable<FileEntry['codecov']> }>();
    for (const [key, group] of files) {
      grouped.set(key, { uri: vscode.Uri.file(group.resolvedPath), reports: group.reports, sources: group.sources, totals: group.totals, testNames: group.testNames });
    }
    for (const report of this.server.values()) {
      for (const file of report.loaded.resolvedFiles) {
        if (file.resolvedPath === undefined) continue;
        const uri = vscode.Uri.file(file.resolvedPath);
        const source = { reportId: report.loaded.reportId, reportPath: file.reportPath };
        const local = grouped.get(uri.toString());
        if (local === undefined) grouped.set(uri.toString(), { uri, reports: [report], sources: [source], totals: file.totals, testNames: [] });
        else if (local.codecov === undefined) local.codecov = { report, source };
      }
    }
    const multi = [...grouped.values()].filter((entry) => entry.sources.length > 1);
    if (multi.length > 0) {
      try {
        const { totals } = await this.worker.request({ type: 'mergeSummaries', groups: multi.map((group) => group.sources) });
        multi.forEach((group, i) => (group.totals = totals[i] ?? group.totals));
      } catch (error) {
        this.log.warn(`could not merge reports: ${String(error)}`);
      }
    }
    if (rebuild !== this.rebuildCount) return;
    this.files = grouped;
    for (const key of this.settledEarly) this.early.delete(key);
    this.settledEarly.clear();
    this.details.retain([...this.files.values()].map((entry) => entry.sources));
    this.changed.fire();
  }

  /** Several formats written by one test run, or one report found twice, count once (host/sameRun.ts); the log says which were set aside. */
  private logSetAside(setAside: readonly { report: ReportState; shownInstead: ReportState; reason: 'same run' | 'same report' }[]): void {
    const note = setAside
      .map(({ report, shownInstead, reason }) =>
        reason === 'same run'
          ? `${report.reportUri.fsPath} is the same test run as ${shownInstead.reportUri.fsPath}; showing the latter only (setting coverageSentinel.mergeReports)`
          : `${report.reportUri.fsPath} is the same report as ${shownInstead.reportUri.fsPath} (the same bytes and files: a symlinked folder or a copy); counting it once`,
      )
      .join('\n');
    if (note === this.lastSetAsideNote) return;
    this.lastSetAsideNote = note;
    for (const line of note.split('\n')) if (line !== '') this.log.info(line);
  }
}

function reportFacts(report: ReportState): ReportFacts {
  return {
    key: report.reportUri.toString(),
    reportFolder: path.dirname(report.reportUri.fsPath),
    loaded: report.loaded,
    loadedAtMs: report.loadedAt.getTime(),
    reportModifiedMs: report.reportModified.getTime(),
  };
}
