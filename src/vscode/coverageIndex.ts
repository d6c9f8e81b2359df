import * as vscode from 'vscode';
import { type CoverageTotals, emptyTotals } from '../core/model';
import type { FileDetail, LoadedReport } from '../shared/protocol';
import type { WorkerHost } from './workerHost';

/** One report as the extension host knows it: summaries only; details stay in the worker. */
export interface ReportState {
  readonly reportUri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
  readonly loaded: LoadedReport;
  readonly loadedAt: Date;
}

/** Where a workspace file's coverage comes from. */
export interface FileEntry {
  readonly uri: vscode.Uri;
  readonly report: ReportState;
  /** The path as the report wrote it (the worker's key). */
  readonly reportPath: string;
  readonly totals: CoverageTotals;
}

/**
 * Workspace file → coverage entry, rebuilt whenever a report is added, replaced or removed.
 * When several reports cover one file, the most recently loaded report wins.
 */
export class CoverageIndex implements vscode.Disposable {
  private readonly reports = new Map<string, ReportState>();
  private files = new Map<string, FileEntry>();
  private readonly details = new Map<string, Promise<FileDetail>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly worker: WorkerHost) {}

  setReport(state: ReportState): void {
    const key = state.reportUri.toString();
    const previous = this.reports.get(key);
    this.reports.set(key, state);
    if (previous !== undefined && previous.loaded.reportId !== state.loaded.reportId) this.forgetDetails(previous);
    this.rebuild();
  }

  removeReport(reportUri: vscode.Uri): void {
    const key = reportUri.toString();
    const previous = this.reports.get(key);
    if (previous === undefined) return;
    this.reports.delete(key);
    this.forgetDetails(previous);
    void this.worker.request({ type: 'dropReport', reportId: previous.loaded.reportId }).catch(() => undefined);
    this.rebuild();
  }

  /** Removes every report whose URI does not satisfy `keep`. */
  retainReports(keep: (reportUri: vscode.Uri) => boolean): void {
    for (const state of [...this.reports.values()]) if (!keep(state.reportUri)) this.removeReport(state.reportUri);
  }

  hasReport(reportUri: vscode.Uri): boolean {
    return this.reports.has(reportUri.toString());
  }

  allReports(): readonly ReportState[] {
    return [...this.reports.values()];
  }

  allFiles(): readonly FileEntry[] {
    return [...this.files.values()];
  }

  fileFor(uri: vscode.Uri): FileEntry | undefined {
    return this.files.get(uri.toString());
  }

  workspaceTotals(): CoverageTotals {
    const totals = emptyTotals();
    for (const entry of this.files.values()) {
      for (const key of Object.keys(totals) as (keyof CoverageTotals)[]) totals[key] += entry.totals[key];
    }
    return totals;
  }

  /** One file's detail from the worker, fetched once per report version. */
  detail(entry: FileEntry): Promise<FileDetail> {
    const key = detailKey(entry.report.loaded.reportId, entry.reportPath);
    let detail = this.details.get(key);
    if (detail === undefined) {
      detail = this.worker.request({ type: 'fileDetail', reportId: entry.report.loaded.reportId, reportPath: entry.reportPath });
      detail.catch(() => this.details.delete(key));
      this.details.set(key, detail);
    }
    return detail;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private forgetDetails(state: ReportState): void {
    const prefix = detailKey(state.loaded.reportId, '');
    for (const key of [...this.details.keys()]) if (key.startsWith(prefix)) this.details.delete(key);
  }

  private rebuild(): void {
    const ordered = [...this.reports.values()].sort((a, b) => a.loadedAt.getTime() - b.loadedAt.getTime());
    const files = new Map<string, FileEntry>();
    for (const report of ordered) {
      for (const file of report.loaded.files) {
        if (file.resolvedPath === undefined) continue;
        const uri = vscode.Uri.file(file.resolvedPath);
        files.set(uri.toString(), { uri, report, reportPath: file.reportPath, totals: file.totals });
      }
    }
    this.files = files;
    this.changed.fire();
  }
}

function detailKey(reportId: string, reportPath: string): string {
  return `${reportId}\n${reportPath}`;
}
