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

/** One repository's comparison as the editor shows it. */
export interface ComparisonState {
  readonly repo: GitRepository;
  /** The workspace folder's name the repository was found by (shown when several are compared). */
  readonly name: string;
  readonly withWhat: ComparedWith;
  readonly run: WorkingTreeComparison;
  /** By document URI string. */
  readonly byUri: ReadonlyMap<string, FileComparison>;
}

/** A repository holding covered files: compared, or why not. */
export type RepositoryOutcome = { readonly root: string; readonly name: string } & ({ readonly state: ComparisonState } | { readonly reason: string });

/** A repository holding covered files, and the folder whose settings apply to it. */
interface CoveredRepository {
  readonly repo: GitRepository;
  readonly folder: vscode.WorkspaceFolder;
  readonly entries: FileEntry[];
}

/**
 * Runs the comparison of issue 11 in the editor: finds each repository holding covered files (a
 * multi-root workspace may hold several) and its base branch, picks a baseline (BASELINE_PRECEDENCE: a report file named in the settings, then Codecov, then
 * coverage remembered by commit), and compares the working tree with the editor's text; each
 * repository with its own folder's settings, one failing leaves the others compared. Decisions live
 * in src/host/compare; this class only gathers VS Code's state and schedules runs.
 */
export class ComparisonController extends Disposable {
  private readonly git = new GitRunner();
  private readonly repos = new Map<string, Promise<GitRepository | undefined>>();
  private readonly scheduler: UpdateScheduler;
  private readonly store: SnapshotStore | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private outcomes: readonly RepositoryOutcome[] = [];
  private byUri: ReadonlyMap<string, FileComparison> = new Map();
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

  /** Each repository holding covered files, in workspace folder order. */
  get repositories(): readonly RepositoryOutcome[] {
    return this.outcomes;
  }

  /** The repositories compared. */
  get states(): ComparisonState[] {
    return this.outcomes.flatMap((outcome) => ('state' in outcome ? [outcome.state] : []));
  }

  /** The comparison the status bar shows: the active editor's repository's, else the first. */
  get state(): ComparisonState | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    return (active === undefined ? undefined : this.stateFor(active)) ?? this.states[0];
  }

  /** The comparison of the repository holding a document. */
  stateFor(uri: vscode.Uri): ComparisonState | undefined {
    return this.states.find((state) => repoPath(state.repo, uri) !== undefined);
  }

  /** Why there is no comparison, when there is none. */
  get reason(): string {
    if (this.states.length > 0) return '';
    if (this.outcomes.length <= 1) return this.why;
    return this.outcomes.map((outcome) => `${outcome.name}: ${'reason' in outcome ? outcome.reason : ''}`).join('; ');
  }

  fileFor(uri: vscode.Uri): FileComparison | undefined {
    return this.byUri.get(uri.toString());
  }

  /** Asks for a comparison once things are quiet (`immediate`: now). */
  request(reason: string, immediate = false): void {
    const end = this.activity.begin();
    this.scheduler.request(reason, immediate);
    void this.scheduler.whenIdle().then(end);
  }

  /** `Coverage: Save Current Coverage as Baseline`: HEAD's snapshot of each repository, dirty files with their text's hash. */
  async saveBaseline(): Promise<string> {
    if (this.store === undefined) throw new Error('no workspace storage (open a folder)');
    const found = await this.repositoriesWithCoverage();
    if (found.length === 0) throw new Error('no coverage report of a file in a git repository is loaded');
    const saved: string[] = [];
    for (const { repo, entries, folder } of found) {
      const disk = new WorkingFiles(repo.root, MAX_SOURCE_BYTES);
      const snapshot = await snapshotAsIs(repo, await this.coverageOf(repo, entries, false), (file) => disk.read(file), Date.now());
      await this.store.save(snapshot);
      const text = `${snapshot.files.size} file(s) at ${snapshot.commit.slice(0, 7)}${snapshot.contentHashes.size > 0 ? `, ${snapshot.contentHashes.size} with uncommitted changes` : ''}`;
      saved.push(found.length > 1 ? `${folder.name}: ${text}` : text);
    }
    this.request('baseline saved', true);
    return saved.join('; ');
  }

  /** The repository `Coverage: Compare With Branch…` sets the branch of: the active editor's, else the first; with its folder. */
  async branchTarget(): Promise<{ readonly branches: string[]; readonly folder: vscode.WorkspaceFolder; readonly several: boolean } | undefined> {
    const found = await this.repositoriesWithCoverage();
    const active = vscode.window.activeTextEditor?.document.uri;
    const target = (active === undefined ? undefined : found.find(({ repo }) => repoPath(repo, active) !== undefined)) ?? found[0];
    return target === undefined ? undefined : { branches: await target.repo.branches(), folder: target.folder, several: found.length > 1 };
  }

  private async update(reasons: ReadonlySet<string>): Promise<void> {
    if (!compareSettings(this.settings.get()).enabled) return this.clear('comparison is switched off (coverageSentinel.compare.enabled)');
    if (!vscode.workspace.isTrusted) return this.clear('git runs only in a trusted workspace');
    const found = await this.repositoriesWithCoverage();
    if (found.length === 0) return this.clear('no coverage report of a file in a git repository is loaded');
    const outcomes: RepositoryOutcome[] = [];
    for (const covered of found) {
      const { repo, folder } = covered;
      const named = { root: repo.root, name: folder.name };
      try {
        const compared = await this.compareRepository(covered, reasons);
        outcomes.push('reason' in compared ? { ...named, reason: compared.reason } : { ...named, state: compared });
      } catch (error) {
        // One repository's failure leaves the others compared; the scheduler's handler would drop them all.
        this.lastError = error instanceof Error ? (error.stack ?? error.message) : String(error);
        this.log.error(`comparison of ${repo.root} failed: ${String(error)}`);
        outcomes.push({ ...named, reason: `comparison failed: ${String(error)}` });
      }
    }
    this.publish(outcomes);
  }

  /** One repository's comparison with its folder's settings, or why there is none. */
  private async compareRepository({ repo, entries, folder }: CoveredRepository, reasons: ReadonlySet<string>): Promise<ComparisonState | { reason: string }> {
    const settings = compareSettings(this.settings.get(folder.uri));
    this.watchGit(repo);
    // Only local reports are remembered: Codecov's coverage is on Codecov already.
    const local = entries.filter((entry) => entry.reports.every((report) => report.codecov === undefined));
    if (reasons.has('reports') && settings.rememberCoverage && local.length > 0) await this.remember(repo, local);

    const base = await resolveComparisonBase(repo, settings.baseBranch, () => this.codecovDefaultBranch(repo.root));
    if ('reason' in base) return { reason: base.reason };
    const reportSource = new ReportBaselineSource(
      () => (settings.baselineReport === '' ? undefined : { reportPath: baselineReportPath(settings.baselineReport, folder), commit: settings.baselineCommit, shownPath: settings.baselineReport }),
      (reportPath, root, files) => readBaselineReport(this.worker, this.settings, reportPath, root, files, folder),
    );
    const sources: BaselineSource[] = [reportSource, ...this.extraSources, ...(this.store === undefined ? [] : [new SnapshotBaselineSource(this.store)])];
    const choice = await chooseBaseline(sources, { repo, head: base.head, baseRef: base.ref, mergeBase: base.mergeBase });
    for (const miss of choice.misses) this.log.info(inertLogLine(`compare: ${miss}`));
    const baseline = choice.baseline;
    if (baseline === undefined) {
      return { reason: `no baseline coverage for ${base.ref} (${base.mergeBase.slice(0, 7)}): run the tests there once, save one with Coverage: Save Current Coverage as Baseline, or set coverageSentinel.compare.baselineReport` };
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
    for (const file of run.result.files) byUri.set(uriIn(repo, file.path).toString(), file);
    const withWhat = { ref: base.ref, commit: run.baseline.commit, ...(run.baseline.coverageCommit === undefined ? {} : { coverageCommit: run.baseline.coverageCommit }), description: run.baseline.description };
    return { repo, name: folder.name, withWhat, run, byUri };
  }

  /** Shows the repositories' outcomes; a repository's reason is logged when it changes. */
  private publish(outcomes: readonly RepositoryOutcome[]): void {
    const several = outcomes.length > 1;
    for (const outcome of outcomes) {
      const before = this.outcomes.find((old) => old.root === outcome.root);
      const reason = 'reason' in outcome ? outcome.reason : undefined;
      const reasonBefore = before === undefined ? (this.outcomes.length === 0 ? this.why : undefined) : 'reason' in before ? before.reason : undefined;
      if (reason !== undefined && reason !== reasonBefore) this.log.info(several ? `compare: ${outcome.name}: ${reason}` : `compare: ${reason}`);
    }
    this.outcomes = outcomes;
    const byUri = new Map<string, FileComparison>();
    for (const state of this.states) for (const [uri, file] of state.byUri) byUri.set(uri, file);
    this.byUri = byUri;
    const only = outcomes.length === 1 ? outcomes[0] : undefined;
    this.why = only !== undefined && 'reason' in only ? only.reason : '';
    this.changed.fire();
  }

  private clear(reason: string): void {
    if (this.outcomes.length === 0 && this.why === reason) return;
    if (this.why !== reason) this.log.info(`compare: ${reason}`);
    this.outcomes = [];
    this.byUri = new Map();
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

  /** The repositories (by workspace folder of the reports, each once) holding covered files. */
  private async repositoriesWithCoverage(): Promise<CoveredRepository[]> {
    const folders = new Map<string, vscode.WorkspaceFolder>();
    // Codecov's coverage of HEAD counts as current coverage when no local report covers the repository.
    for (const report of [...this.index.allReports(), ...this.index.serverReports()]) folders.set(report.folder.uri.fsPath, report.folder);
    const ordered = [...folders.values()].sort((a, b) => a.index - b.index);
    const found = new Map<string, CoveredRepository>();
    for (const folder of ordered) {
      let opened = this.repos.get(folder.uri.fsPath);
      if (opened === undefined) {
        opened = GitRepository.open(this.git, folder.uri.fsPath).catch((error: unknown) => {
          this.log.warn(`compare: git cannot read ${folder.uri.fsPath}: ${String(error)}`);
          return undefined;
        });
        this.repos.set(folder.uri.fsPath, opened);
      }
      const repo = await opened;
      if (repo === undefined || found.has(repo.root)) continue;
      const entries = this.index.allFiles().filter((entry) => repoPath(repo, entry.uri) !== undefined);
      // The repository's own folder's settings when it is one, else those of the folder that found it.
      const own = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(repo.root));
      if (entries.length > 0) found.set(repo.root, { repo, entries, folder: own !== undefined && own.uri.fsPath === repo.root ? own : folder });
    }
    return [...found.values()];
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

/** A file of a repository by its path relative to the root (`/`-separated). */
export function uriIn(repo: GitRepository, repoRelative: string): vscode.Uri {
  return vscode.Uri.file(path.join(repo.root, ...repoRelative.split('/')));
}

/** A document's path relative to the repository root with `/`, or undefined outside it. */
export function repoPath(repo: GitRepository, uri: vscode.Uri): string | undefined {
  return uri.scheme === 'file' ? repoRelativePath(repo.root, uri.fsPath) : undefined;
}
