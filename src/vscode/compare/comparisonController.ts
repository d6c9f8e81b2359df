import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileComparison, LineCoverage } from '../../core/compare/compareCoverage';
import { resolveComparisonBase } from '../../host/compare/baseBranch';
import { type BaselineSource, chooseBaseline } from '../../host/compare/baseline';
import type { ComparedWith } from '../../host/compare/comparisonText';
import { repoRelativePath, withoutRemoved, writtenAfterReport } from '../../host/compare/editorInputs';
import { ReportBaselineSource } from '../../host/compare/reportSource';
import { SnapshotBaselineSource } from '../../host/compare/snapshotSource';
import { SnapshotStore } from '../../host/compare/snapshotStore';
import { snapshotAsIs, snapshotIfClean } from '../../host/compare/takeSnapshot';
import { UpdateScheduler } from '../../host/compare/updateScheduler';
import { WorkingFiles } from '../../host/compare/workingFile';
import { compareWorkingTree, type WorkingTreeComparison } from '../../host/compare/workingTreeComparison';
import { GitRepository } from '../../host/git/gitRepository';
import { GitRunner } from '../../host/git/gitRunner';
import { inertLogLine } from '../../host/inertText';
import type { Activity } from '../activity';
import type { CoverageIndex, FileEntry } from '../coverageIndex';
import { Disposable } from '../disposable';
import type { LiveCoverage } from '../liveCoverage';
import type { Settings } from '../settings';
import type { WorkerHost } from '../workerHost';
import { baselineReportPath, compareSettings } from './compareSettings';
import { diffInWorker, readBaselineReport } from './compareRequests';

/** Quiet time after an edit, save or git change before comparing again. */
const UPDATE_DELAY_MS = 400;
/** Text diffed per file at most; a larger file is left out of the comparison. */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** The comparison as the editor shows it. */
export interface ComparisonState {
  readonly repo: GitRepository;
  readonly withWhat: ComparedWith;
  readonly run: WorkingTreeComparison;
  /** By document URI string. */
  readonly byUri: ReadonlyMap<string, FileComparison>;
}

/**
 * Runs the comparison of issue 11 in the editor: finds the repository and the base branch,
 * picks a baseline (BASELINE_PRECEDENCE: a report file named in the settings, then Codecov, then
 * coverage remembered by commit), and compares the working tree with the editor's text. Decisions live
 * in src/host/compare; this class only gathers VS Code's state and schedules runs.
 */
export class ComparisonController extends Disposable {
  private readonly git = new GitRunner();
  private readonly repos = new Map<string, Promise<GitRepository | undefined>>();
  private readonly scheduler: UpdateScheduler;
  private readonly store: SnapshotStore | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private current: ComparisonState | undefined;
  private why = 'not compared yet';
  /** Runs finished, and the last run's failure (for the log and the test API). */
  updates = 0;
  lastError: string | undefined;
  private readonly gitWatchers = new Map<string, vscode.Disposable>();
  readonly onDidChange = this.changed.event;

  constructor(
    storageFolder: vscode.Uri | undefined,
    private readonly index: CoverageIndex,
    private readonly live: LiveCoverage,
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings,
    /** Further baseline sources (Codecov), tried in BASELINE_PRECEDENCE with the others. */
    private readonly extraSources: readonly BaselineSource[] = [],
    /** Codecov's default branch of a repository when Codecov is connected there. */
    private readonly codecovDefaultBranch: (repoRoot: string) => Promise<string | undefined> = () => Promise.resolve(undefined),
  ) {
    super();
    this.store = storageFolder === undefined ? undefined : new SnapshotStore(path.join(storageFolder.fsPath, 'baselines'), undefined, (message) => this.log.warn(message));
    this.scheduler = new UpdateScheduler(
      async (reasons) => {
        this.lastError = undefined;
        await this.update(reasons);
        this.updates++;
      },
      UPDATE_DELAY_MS,
      (error) => {
        this.lastError = error instanceof Error ? (error.stack ?? error.message) : String(error);
        this.log.error(`comparison failed: ${String(error)}`);
      },
    );
    this.register(this.changed);
    this.register({ dispose: () => this.scheduler.dispose() });
    this.register({
      dispose: () => {
        for (const watcher of this.gitWatchers.values()) watcher.dispose();
      },
    });
    this.register(index.onDidChange(() => this.request('reports')));
    this.register(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.index.fileFor(event.document.uri) !== undefined) this.request('edit');
      }),
    );
    this.register(vscode.workspace.onDidSaveTextDocument(() => this.request('save')));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.request('trust')));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('compareEnabled', 'compareBaseBranch', 'compareBaselineReport', 'compareBaselineCommit', 'compareRememberCoverage', 'compareShowGained')) this.request('settings');
      }),
    );
  }

  /** Where snapshots are kept (workspace storage), when there is a workspace. */
  get snapshotFolder(): string | undefined {
    return this.store?.folder;
  }

  get state(): ComparisonState | undefined {
    return this.current;
  }

  /** Why there is no comparison, when there is none. */
  get reason(): string {
    return this.why;
  }

  fileFor(uri: vscode.Uri): FileComparison | undefined {
    return this.current?.byUri.get(uri.toString());
  }

  uriOf(repoPath: string): vscode.Uri | undefined {
    return this.current === undefined ? undefined : vscode.Uri.file(path.join(this.current.repo.root, ...repoPath.split('/')));
  }

  /** Asks for a comparison once things are quiet (`immediate`: now). */
  request(reason: string, immediate = false): void {
    const end = this.activity.begin();
    this.scheduler.request(reason, immediate);
    void this.scheduler.whenIdle().then(end);
  }

  /** `Coverage: Save Current Coverage as Baseline`: HEAD's snapshot, dirty files with their text's hash. */
  async saveBaseline(): Promise<string> {
    if (this.store === undefined) throw new Error('no workspace storage (open a folder)');
    const found = await this.repositoryWithCoverage();
    if (found === undefined) throw new Error('no coverage report of a file in a git repository is loaded');
    const disk = new WorkingFiles(found.repo.root, MAX_SOURCE_BYTES);
    const snapshot = await snapshotAsIs(found.repo, await this.coverageOf(found.repo, found.entries, false), (file) => disk.read(file), Date.now());
    await this.store.save(snapshot);
    this.request('baseline saved', true);
    return `${snapshot.files.size} file(s) at ${snapshot.commit.slice(0, 7)}${snapshot.contentHashes.size > 0 ? `, ${snapshot.contentHashes.size} with uncommitted changes` : ''}`;
  }

  /** Branches for `Coverage: Compare With Branch…`. */
  async branches(): Promise<string[]> {
    const found = await this.repositoryWithCoverage();
    return found === undefined ? [] : found.repo.branches();
  }

  private async update(reasons: ReadonlySet<string>): Promise<void> {
    const settings = compareSettings(this.settings.get());
    if (!settings.enabled) return this.clear('comparison is switched off (coverageSentinel.compare.enabled)');
    if (!vscode.workspace.isTrusted) return this.clear('git runs only in a trusted workspace');
    const found = await this.repositoryWithCoverage();
    if (found === undefined) return this.clear('no coverage report of a file in a git repository is loaded');
    const { repo, entries } = found;
    this.watchGit(repo);
    // Only local reports are remembered: Codecov's coverage is on Codecov already.
    const local = entries.filter((entry) => entry.reports.every((report) => report.codecov === undefined));
    if (reasons.has('reports') && settings.rememberCoverage && local.length > 0) await this.remember(repo, local);

    const base = await resolveComparisonBase(repo, settings.baseBranch, () => this.codecovDefaultBranch(repo.root));
    if ('reason' in base) return this.clear(base.reason);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(repo.root)) ?? entries[0]?.reports[0]?.folder;
    const reportSource = new ReportBaselineSource(
      () => (settings.baselineReport === '' || folder === undefined ? undefined : { reportPath: baselineReportPath(settings.baselineReport, folder), commit: settings.baselineCommit, shownPath: settings.baselineReport }),
      (reportPath, root, files) => readBaselineReport(this.worker, this.settings, reportPath, root, files, folder),
    );
    const sources: BaselineSource[] = [reportSource, ...this.extraSources, ...(this.store === undefined ? [] : [new SnapshotBaselineSource(this.store)])];
    const choice = await chooseBaseline(sources, { repo, head: base.head, baseRef: base.ref, mergeBase: base.mergeBase });
    for (const miss of choice.misses) this.log.info(inertLogLine(`compare: ${miss}`));
    const baseline = choice.baseline;
    if (baseline === undefined) {
      return this.clear(`no baseline coverage for ${base.ref} (${base.mergeBase.slice(0, 7)}): run the tests there once, save one with Coverage: Save Current Coverage as Baseline, or set coverageSentinel.compare.baselineReport`);
    }

    const current = await this.coverageOf(repo, entries, true);
    const documents = this.openDocuments(repo);
    const disk = new WorkingFiles(repo.root, MAX_SOURCE_BYTES);
    const run = await compareWorkingTree({
      repo,
      baseline,
      current,
      currentText: (file) => {
        const document = documents.get(file);
        return document === undefined ? disk.read(file) : Promise.resolve({ kind: 'text', text: document.getText() });
      },
      unsaved: [...documents].filter(([, document]) => document.isDirty).map(([file]) => file),
      diff: (oldText, newText) => diffInWorker(this.worker, oldText, newText),
      maxBytes: MAX_SOURCE_BYTES,
      patchBase: base.mergeBase,
    });
    for (const note of run.baseline.notes ?? []) this.log.info(inertLogLine(`compare: baseline ${note}`));
    for (const skip of run.skipped) this.log.info(inertLogLine(`compare: ${skip.path} not compared (${skip.reason})`));
    const byUri = new Map<string, FileComparison>();
    for (const file of run.result.files) byUri.set(vscode.Uri.file(path.join(repo.root, ...file.path.split('/'))).toString(), file);
    this.current = { repo, withWhat: { ref: base.ref, commit: run.baseline.commit, ...(run.baseline.coverageCommit === undefined ? {} : { coverageCommit: run.baseline.coverageCommit }), description: run.baseline.description }, run, byUri };
    this.why = '';
    this.changed.fire();
  }

  private clear(reason: string): void {
    if (this.current === undefined && this.why === reason) return;
    if (this.why !== reason) this.log.info(`compare: ${reason}`);
    this.current = undefined;
    this.why = reason;
    this.changed.fire();
  }

  /** Coverage remembered with no setup, when the covered files are as HEAD has them. */
  private async remember(repo: GitRepository, entries: readonly FileEntry[]): Promise<void> {
    if (this.store === undefined) return;
    const notAsOnDisk = new Set<string>();
    for (const document of vscode.workspace.textDocuments) {
      const file = repoPath(repo, document.uri);
      if (file !== undefined && document.isDirty) notAsOnDisk.add(file);
    }
    // A file written after its report: the report describes an older text.
    for (const entry of entries) {
      const file = repoPath(repo, entry.uri);
      if (file === undefined) continue;
      try {
        const modified = (await vscode.workspace.fs.stat(entry.uri)).mtime;
        if (writtenAfterReport(entry.reports.map((report) => report.reportModified), modified)) notAsOnDisk.add(file);
      } catch {
        notAsOnDisk.add(file);
      }
    }
    const decision = await snapshotIfClean(repo, await this.coverageOf(repo, entries, false), notAsOnDisk, Date.now());
    if (decision.snapshot === undefined) {
      this.log.info(inertLogLine(`compare: coverage not remembered: ${decision.reason}`));
      return;
    }
    const outcome = await this.store.remember(decision.snapshot);
    if (!outcome.saved) return void this.log.info(`compare: coverage not remembered: ${outcome.reason}`);
    this.log.info(`compare: coverage of ${decision.snapshot.files.size} file(s) remembered at ${decision.snapshot.commit.slice(0, 7)}${outcome.evicted.length > 0 ? ` (${outcome.evicted.length} older snapshot(s) evicted)` : ''}`);
  }

  /** Current coverage by repository path: as the reports have it, or (`live`) moved by unsaved edits. */
  private async coverageOf(repo: GitRepository, entries: readonly FileEntry[], live: boolean): Promise<Map<string, LineCoverage>> {
    const documents = live ? this.openDocuments(repo) : new Map<string, vscode.TextDocument>();
    const result = new Map<string, LineCoverage>();
    for (const entry of entries) {
      const file = repoPath(repo, entry.uri);
      if (file === undefined) continue;
      const document = documents.get(file);
      const detail = document === undefined ? await this.index.detail(entry) : (await this.live.detailFor(document))?.detail;
      if (detail === undefined) continue;
      result.set(file, live ? withoutRemoved(detail) : detail);
    }
    return result;
  }

  private openDocuments(repo: GitRepository): Map<string, vscode.TextDocument> {
    const documents = new Map<string, vscode.TextDocument>();
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== 'file' || document.isClosed) continue;
      const file = repoPath(repo, document.uri);
      if (file !== undefined) documents.set(file, document);
    }
    return documents;
  }

  /** The first repository (by workspace folder of the reports) holding covered files. */
  private async repositoryWithCoverage(): Promise<{ repo: GitRepository; entries: FileEntry[] } | undefined> {
    const folders = new Map<string, vscode.WorkspaceFolder>();
    // Codecov's coverage of HEAD counts as current coverage when no local report covers the repository.
    for (const report of [...this.index.allReports(), ...this.index.serverReports()]) folders.set(report.folder.uri.fsPath, report.folder);
    for (const folder of folders.values()) {
      let opened = this.repos.get(folder.uri.fsPath);
      if (opened === undefined) {
        opened = GitRepository.open(this.git, folder.uri.fsPath).catch((error: unknown) => {
          this.log.warn(`compare: git cannot read ${folder.uri.fsPath}: ${String(error)}`);
          return undefined;
        });
        this.repos.set(folder.uri.fsPath, opened);
      }
      const repo = await opened;
      if (repo === undefined) continue;
      const entries = this.index.allFiles().filter((entry) => repoPath(repo, entry.uri) !== undefined);
      if (entries.length > 0) return { repo, entries };
    }
    return undefined;
  }

  /** Commits, staging and branch switches change HEAD, the index or refs. */
  private watchGit(repo: GitRepository): void {
    if (this.gitWatchers.has(repo.root)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.join(repo.root, '.git')), '{HEAD,index,refs/**,packed-refs}'));
    const onGit = () => this.request('git');
    watcher.onDidChange(onGit);
    watcher.onDidCreate(onGit);
    watcher.onDidDelete(onGit);
    this.gitWatchers.set(repo.root, watcher);
  }
}

/** A document's path relative to the repository root with `/`, or undefined outside it. */
export function repoPath(repo: GitRepository, uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' ? repoRelativePath(repo.root, uri.fsPath) : undefined;
}
