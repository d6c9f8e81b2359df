import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { formatName } from '../core/formats/formatName';
import type { Activity } from './activity';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { Notifier } from './notifier';
import type { Settings } from './settings';
import type { WorkerHost } from './workerHost';
import { combinedGlobs, excludedIn } from '../host/reportExclusion';
import { KnownReports } from '../host/knownReports';
import { NewFolderSearch } from '../host/newFolderSearch';
import { diskFileView, type FileSignature, ReportLoads, systemClock } from '../host/reportLoad';

/**
 * How long a watched report must go without a new file event before it is read; its size and
 * modification time must also be those seen at the last event (else the load policy waits for
 * the writer: host/reportLoad.ts).
 */
const DEBOUNCE_MS = 100;

/**
 * How long after the first folder or file made in the workspace the made paths are looked at, and
 * the report globs searched again if one is a folder (at most once per this time, however many are
 * made): the reports in a folder made after VS Code started get no file event of their own.
 */
const NEW_FOLDER_SEARCH_MS = 1_000;

/**
 * Finds the reports matching `coverageSentinel.reportPaths` in every workspace folder, watches
 * them, and loads each new version through the worker into the CoverageIndex (the load policy:
 * host/reportLoad.ts).
 */
export class ReportWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; end: () => void }>();
  private generation = 0;
  /** Every report found (by a search or a file event) since the last rescan, by URI, deleted ones too: a folder made again may hold them again. */
  private readonly known = new KnownReports<{ readonly uri: vscode.Uri; readonly folder: vscode.WorkspaceFolder }>();
  /** The search for reports in folders made since the last search. */
  private readonly newFolderSearch: NewFolderSearch;
  private readonly loads: ReportLoads;

  constructor(
    private readonly index: CoverageIndex,
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings,
  ) {
    super();
    this.loads = new ReportLoads(diskFileView, systemClock, log);
    this.newFolderSearch = new NewFolderSearch(
      {
        isDirectory: (fsPath) => stat(fsPath).then((stats) => stats.isDirectory(), () => false),
        search: async () => void (await this.search(this.generation, DEBOUNCE_MS)),
        begin: () => activity.begin(),
      },
      NEW_FOLDER_SEARCH_MS,
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('reportPaths', 'excludePaths', 'maxReportSizeMB', 'pathMappings')) void this.rescan();
      }),
    );
  }

  /** Finds and loads every report, and (re)creates the file watchers. */
  async rescan(): Promise<void> {
    const generation = ++this.generation;
    const end = this.activity.begin();
    try {
      this.disposeWatchers();
      this.known.clear();
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const excluded = this.exclusionOf(folder);
        this.watchFolders(folder, excluded);
        for (const glob of combinedGlobs(this.settings.get(folder).reportPaths)) this.watch(new vscode.RelativePattern(folder, glob), folder, excluded);
      }
      if (!(await this.search(generation, 0))) return;
      this.index.retainReports((uri) => this.known.has(uri.toString()));
      this.log.info(`found ${this.known.size} coverage report(s)`);
    } finally {
      end();
    }
  }

  /**
   * Searches every folder's report globs and loads each report not found before, `delay` ms
   * later; false when a rescan began meanwhile.
   */
  private async search(generation: number, delay: number): Promise<boolean> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const settings = this.settings.get(folder);
      const excluded = this.exclusionOf(folder);
      // The exclude glob only prunes the search; `excluded` is the rule, as for watcher events.
      const exclude = settings.excludePaths.length > 0 ? `{${settings.excludePaths.join(',')}}` : null;
      for (const glob of combinedGlobs(settings.reportPaths)) {
        const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), exclude);
        if (generation !== this.generation) return false;
        for (const uri of uris) {
          if (this.known.has(uri.toString()) || excluded(uri)) continue;
          if (delay > 0) this.log.info(`report found in a folder made since the last search: ${uri.fsPath}`);
          this.schedule(uri, folder, delay, delay > 0 ? this.loads.signature(uri.fsPath) : undefined);
        }
      }
    }
    return true;
  }

  private exclusionOf(folder: vscode.WorkspaceFolder): (uri: vscode.Uri) => boolean {
    const inFolder = excludedIn(folder.uri.path, this.settings.get(folder).excludePaths);
    return (uri) => inFolder(uri.path);
  }

  override dispose(): void {
    this.disposeWatchers();
    this.newFolderSearch.dispose();
    for (const { timer, end } of this.timers.values()) {
      clearTimeout(timer);
      end();
    }
    this.timers.clear();
    super.dispose();
  }

  /** Watches the reports `pattern` matches, but those `ignored` says to leave alone. */
  private watch(pattern: vscode.RelativePattern, folder: vscode.WorkspaceFolder, ignored: (uri: vscode.Uri) => boolean): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const written = (uri: vscode.Uri) => ignored(uri) || this.schedule(uri, folder, DEBOUNCE_MS, this.loads.signature(uri.fsPath));
    watcher.onDidCreate(written);
    watcher.onDidChange(written);
    watcher.onDidDelete((uri) => {
      if (ignored(uri)) return;
      this.log.info(`report removed: ${uri.fsPath}`);
      this.known.add(uri.toString(), uri.fsPath, { uri, folder });
      this.index.removeReport(uri);
    });
    this.watchers.push(watcher);
  }

  /**
   * A deleted folder is one file event, without one for each file it held (VS Code folds them):
   * `rm -rf coverage` or `git clean` says nothing to the report globs. And a file written at once
   * into a folder just made may get no event of its own (the watcher of the new folder starts
   * after it): jest and vitest delete `coverage/` and make it again on every run. So a folder made,
   * changed or deleted sends each report known below it (found since the last rescan, deleted ones too) back to the load
   * policy, which loads it when it is there and removes it when it is not. A report new to a folder
   * made since the last search has no event at all: anything made (outside the excluded paths)
   * is looked at once the making settles, and a folder among them brings a search of the report
   * globs (NewFolderSearch). An event on a path above no known report costs one look-up.
   */
  private watchFolders(folder: vscode.WorkspaceFolder, excluded: (uri: vscode.Uri) => boolean): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'));
    const lookAgain = (changed: vscode.Uri) => {
      for (const { uri, folder: owner } of this.known.below(changed.fsPath)) this.schedule(uri, owner, DEBOUNCE_MS);
    };
    watcher.onDidCreate((uri) => {
      lookAgain(uri);
      if (!excluded(uri)) this.newFolderSearch.add(uri.fsPath);
    });
    watcher.onDidChange(lookAgain);
    watcher.onDidDelete(lookAgain);
    this.watchers.push(watcher);
  }

  /** Loads `uri` after `delay` (a newer event for it starts the delay again); `seen`: its signature at the event. */
  private schedule(uri: vscode.Uri, folder: vscode.WorkspaceFolder, delay: number, seen?: Promise<FileSignature>): boolean {
    const key = uri.toString();
    this.known.add(key, uri.fsPath, { uri, folder });
    const previous = this.timers.get(key);
    if (previous !== undefined) {
      clearTimeout(previous.timer);
      previous.end();
    }
    const end = this.activity.begin();
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.load(uri, folder, seen).finally(end);
    }, delay);
    this.timers.set(key, { timer, end });
    return true;
  }

  private async load(uri: vscode.Uri, folder: vscode.WorkspaceFolder, seen: Promise<FileSignature> | undefined): Promise<void> {
    const settings = this.settings.get(folder);
    const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const seenBefore = await seen;
    const outcome = await this.loads.load(uri.toString(), uri.fsPath, () =>
      this.worker.request(
        {
          type: 'loadReport',
          reportPath: uri.fsPath,
          workspaceFolders,
          ownerFolder: folder.uri.fsPath,
          maxBytes: settings.maxReportSizeMB * 1024 * 1024,
          pathMappings: settings.pathMappings,
          priorityFiles: visibleFiles(),
        },
        (early) => this.index.setEarlyFiles(uri, folder, early),
      ),
      seenBefore,
    );
    switch (outcome.kind) {
      case 'superseded':
        return;
      case 'missing':
        this.index.removeReport(uri);
        return;
      case 'notCoverage':
        this.log.info(`skipped ${uri.fsPath}: ${outcome.reason}`);
        this.index.removeReport(uri);
        return;
      case 'failed':
        this.index.dropEarlyFiles(uri);
        this.notifier.reportFailure(uri, outcome.error);
        return;
      case 'loaded': {
        const { loaded } = outcome;
        const { unresolvedCount, unresolvedSample } = loaded;
        this.log.info(
          `loaded ${formatName(loaded.format)} report ${uri.fsPath}: ${loaded.resolvedFiles.length + unresolvedCount} file(s), ${unresolvedCount} not found in the workspace${loaded.cached ? ' (unchanged)' : ''}`,
        );
        for (const file of unresolvedSample) this.log.info(`  ${file.reportPath}: ${file.resolution}`);
        if (unresolvedCount > unresolvedSample.length) this.log.info(`  … and ${unresolvedCount - unresolvedSample.length} more`);
        this.notifier.reportWarnings(uri, loaded.warnings);
        this.notifier.clearFailure(uri);
        const before = this.index.allReports().find((r) => r.reportUri.toString() === uri.toString())?.loaded.contentHash;
        this.index.setReport({ reportUri: uri, folder, loaded, loadedAt: new Date(), reportModified: new Date(outcome.reportModifiedMs) });
        if (before !== undefined && before !== loaded.contentHash) this.reloadTwins(uri, before);
      }
    }
  }

  /**
   * The same file found through a symlinked folder gets file events at one of its paths only: when
   * the report at `uri` changed, the reports that had its old bytes (host/sameRun.ts counts them
   * once) are read again too, or a stale twin would be summed with the new version.
   */
  private reloadTwins(uri: vscode.Uri, oldHash: string): void {
    for (const report of this.index.allReports()) {
      if (report.reportUri.toString() !== uri.toString() && report.loaded.contentHash === oldHash) this.schedule(report.reportUri, report.folder, DEBOUNCE_MS);
    }
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
  }
}

/** The files of the visible editors: a large report sends their coverage first (worker/earlyFiles.ts). */
function visibleFiles(): string[] {
  const files = new Set<string>();
  for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.scheme === 'file') files.add(editor.document.uri.fsPath);
  return [...files];
}
