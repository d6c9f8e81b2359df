import * as path from 'node:path';
import * as vscode from 'vscode';
import { oneReportPerRun, type RunFacts } from '../host/sameRun';
import { addTotals, type CoverageTotals, emptyTotals } from '../core/model';
import type { FileDetail, FileSource, LoadedReport } from '../shared/protocol';
import type { Activity } from './activity';
import type { Settings } from './settings';
import type { WorkerHost } from './workerHost';

/** One report as the extension host knows it: summaries only; details stay in the worker. */
export interface ReportState {
  readonly reportUri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
  readonly loaded: LoadedReport;
  readonly loadedAt: Date;
  /** When the report file was last written. */
  readonly reportModified: Date;
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
}

/**
 * Workspace file → coverage entry, rebuilt whenever a report is added, replaced or removed.
 * When several reports cover one file, their coverage is merged in the worker, except several
 * formats written by one test run, which count once (`coverageSentinel.mergeReports`: `auto`);
 * `all` merges every report, `newest` shows only the newest.
 */
export class CoverageIndex implements vscode.Disposable {
  private readonly reports = new Map<string, ReportState>();
  private files = new Map<string, FileEntry>();
  private readonly details = new Map<string, Promise<FileDetail>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly configListener: vscode.Disposable;
  private rebuildCount = 0;
  private lastSetAsideNote = '';
  /** Report URI → the report of the same run shown instead (mergeReports `auto`). */
  private setAside = new Map<string, vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>,
    private readonly settings: Settings,
  ) {
    this.configListener = settings.onDidChange((change) => {
      if (change.affects('mergeReports')) this.rebuild();
    });
  }

  setReport(state: ReportState): void {
    this.reports.set(state.reportUri.toString(), state);
    this.rebuild();
  }

  removeReport(reportUri: vscode.Uri): void {
    const key = reportUri.toString();
    const previous = this.reports.get(key);
    if (previous === undefined) return;
    this.reports.delete(key);
    void this.worker.request({ type: 'dropReport', reportId: previous.loaded.reportId }).catch(() => undefined);
    this.rebuild();
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

  fileFor(uri: vscode.Uri): FileEntry | undefined {
    return this.files.get(uri.toString());
  }

  workspaceTotals(): CoverageTotals {
    const totals = emptyTotals();
    for (const entry of this.files.values()) addTotals(totals, entry.totals);
    return totals;
  }

  /** One file's (merged) detail from the worker, fetched once per set of report versions. */
  detail(entry: FileEntry): Promise<FileDetail> {
    const key = sourcesKey(entry.sources);
    let detail = this.details.get(key);
    if (detail === undefined) {
      detail = this.worker.request({ type: 'fileDetail', sources: entry.sources });
      detail.catch(() => this.details.delete(key));
      this.details.set(key, detail);
    }
    return detail;
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    void this.activity.track(this.rebuildAsync());
  }

  /** Several formats written by one test run count once (host/sameRun.ts); the log says which were set aside. */
  private onePerRun(reports: readonly ReportState[]): ReportState[] {
    const byKey = new Map(reports.map((report) => [report.reportUri.toString(), report]));
    const { shown, setAside } = oneReportPerRun(reports.map(runFacts));
    this.setAside = new Map(setAside.map(({ key, shownKey }) => [key, (byKey.get(shownKey) as ReportState).reportUri]));
    const note = setAside
      .map(({ key, shownKey }) => `${(byKey.get(key) as ReportState).reportUri.fsPath} is the same test run as ${(byKey.get(shownKey) as ReportState).reportUri.fsPath}; showing the latter only (setting coverageSentinel.mergeReports)`)
      .join('\n');
    if (note !== this.lastSetAsideNote) {
      this.lastSetAsideNote = note;
      for (const line of note.split('\n')) if (line !== '') this.log.info(line);
    }
    return shown.map((facts) => byKey.get(facts.key) as ReportState);
  }

  private async rebuildAsync(): Promise<void> {
    const rebuild = ++this.rebuildCount;
    const mode = this.settings.get().mergeReports;
    const merge = mode !== 'newest';
    const loaded = [...this.reports.values()].sort((a, b) => a.loadedAt.getTime() - b.loadedAt.getTime());
    if (mode !== 'auto') this.setAside = new Map();
    const ordered = mode === 'auto' ? this.onePerRun(loaded) : loaded;
    const grouped = new Map<string, { uri: vscode.Uri; reports: ReportState[]; sources: FileSource[]; totals: CoverageTotals; testNames: string[] }>();
    for (const report of ordered) {
      for (const file of report.loaded.files) {
        if (file.resolvedPath === undefined) continue;
        const uri = vscode.Uri.file(file.resolvedPath);
        const source = { reportId: report.loaded.reportId, reportPath: file.reportPath };
        const existing = grouped.get(uri.toString());
        if (existing === undefined || !merge) {
          grouped.set(uri.toString(), { uri, reports: [report], sources: [source], totals: file.totals, testNames: [...file.testNames] });
        } else {
          existing.reports.push(report);
          existing.sources.push(source);
          for (const name of file.testNames) if (!existing.testNames.includes(name)) existing.testNames.push(name);
        }
      }
    }
    const multi = [...grouped.values()].filter((entry) => entry.sources.length > 1);
    if (multi.length > 0) {
      try {
        const { totals } = await this.worker.request({ type: 'mergeSummaries', groups: multi.map((entry) => entry.sources) });
        multi.forEach((entry, i) => (entry.totals = totals[i] ?? entry.totals));
      } catch (error) {
        this.log.warn(`could not merge reports: ${String(error)}`);
      }
    }
    if (rebuild !== this.rebuildCount) return;
    this.files = grouped;
    const live = new Set([...grouped.values()].map((entry) => sourcesKey(entry.sources)));
    for (const key of [...this.details.keys()]) if (!live.has(key)) this.details.delete(key);
    this.changed.fire();
  }
}

function runFacts(report: ReportState): RunFacts {
  const files = new Set<string>();
  let hasPerTest = false;
  for (const file of report.loaded.files) {
    if (file.resolvedPath !== undefined) files.add(file.resolvedPath);
    if (file.testNames.length > 0) hasPerTest = true;
  }
  const { totals } = report.loaded;
  return {
    key: report.reportUri.toString(),
    folder: path.dirname(report.reportUri.fsPath),
    format: report.loaded.format,
    modifiedMs: report.reportModified.getTime(),
    files,
    hasPerTest,
    branches: totals.branches,
    functions: totals.functions,
    lines: totals.lines,
  };
}

function sourcesKey(sources: readonly FileSource[]): string {
  return sources.map((s) => `${s.reportId}\n${s.reportPath}`).join('\u0000');
}
