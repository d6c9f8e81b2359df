import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatName } from '../core/parsers';
import { describeWorkerError } from '../shared/protocol';
import type { Activity } from './activity';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { Notifier } from './notifier';
import type { Settings } from './settings';
import { WorkerRequestError, type WorkerHost } from './workerHost';
import { createReportExclusion } from '../host/reportExclusion';

const DEBOUNCE_MS = 250;
const STABLE_CHECK_MS = 100;
/** A report a test run is still writing fails to parse; it is retried this many times. */
const PARSE_RETRIES = 3;
const RETRY_DELAY_MS = 400;
const MAX_LOGGED_UNRESOLVED = 20;

/**
 * Finds the reports matching `coverageSentinel.reportPaths` in every workspace folder, watches
 * them, and loads each new version through the worker into the CoverageIndex.
 */
export class ReportWatcher extends Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; end: () => void }>();
  private generation = 0;
  /** The newest load of each report; an older load that finishes later is discarded. */
  private readonly latestLoad = new Map<string, number>();
  private loadCounter = 0;

  constructor(
    private readonly index: CoverageIndex,
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly notifier: Notifier,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: Settings,
  ) {
    super();
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
      const found = new Set<string>();
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const settings = this.settings.get(folder);
        const excluded = excludedIn(folder, settings.excludePaths);
        // The exclude glob only prunes the search; `excluded` is the rule, as for watcher events.
        const exclude = settings.excludePaths.length > 0 ? `{${settings.excludePaths.join(',')}}` : null;
        for (const glob of combinedGlobs(settings.reportPaths)) {
          const pattern = new vscode.RelativePattern(folder, glob);
          this.watch(pattern, folder, excluded);
          for (const uri of await vscode.workspace.findFiles(pattern, exclude)) {
            if (generation !== this.generation) return;
            if (!found.has(uri.toString()) && !excluded(uri)) {
              found.add(uri.toString());
              this.schedule(uri, folder, 0);
            }
          }
        }
      }
      this.index.retainReports((uri) => found.has(uri.toString()));
      this.log.info(`found ${found.size} coverage report(s)`);
    } finally {
      end();
    }
  }

  override dispose(): void {
    this.disposeWatchers();
    for (const { timer, end } of this.timers.values()) {
      clearTimeout(timer);
      end();
    }
    this.timers.clear();
    super.dispose();
  }

  private watch(pattern: vscode.RelativePattern, folder: vscode.WorkspaceFolder, excluded: (uri: vscode.Uri) => boolean): void {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    watcher.onDidCreate((uri) => excluded(uri) || this.schedule(uri, folder, DEBOUNCE_MS));
    watcher.onDidChange((uri) => excluded(uri) || this.schedule(uri, folder, DEBOUNCE_MS));
    watcher.onDidDelete((uri) => {
      this.log.info(`report removed: ${uri.fsPath}`);
      this.index.removeReport(uri);
    });
    this.watchers.push(watcher);
  }

  private schedule(uri: vscode.Uri, folder: vscode.WorkspaceFolder, delay: number): boolean {
    const key = uri.toString();
    const previous = this.timers.get(key);
    if (previous !== undefined) {
      clearTimeout(previous.timer);
      previous.end();
    }
    const end = this.activity.begin();
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.load(uri, folder).finally(end);
    }, delay);
    this.timers.set(key, { timer, end });
    return true;
  }

  private async load(uri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<void> {
    const settings = this.settings.get(folder);
    const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const key = uri.toString();
    const loadId = ++this.loadCounter;
    this.latestLoad.set(key, loadId);
    const superseded = () => this.latestLoad.get(key) !== loadId;
    for (let attempt = 1; ; attempt++) {
      await waitUntilStable(uri.fsPath);
      if (superseded()) return;
      try {
        const loaded = await this.worker.request({
          type: 'loadReport',
          reportPath: uri.fsPath,
          workspaceFolders,
          ownerFolder: folder.uri.fsPath,
          maxBytes: settings.maxReportSizeMB * 1024 * 1024,
          pathMappings: settings.pathMappings,
        });
        if (superseded()) return;
        if (!loaded.complete && attempt < PARSE_RETRIES) {
          this.log.debug(`report ${uri.fsPath} looks cut short (attempt ${attempt}); waiting for the writer`);
          await delay(RETRY_DELAY_MS * attempt);
          continue;
        }
        if (!loaded.complete) this.log.warn(`report ${uri.fsPath} does not end with a complete record; showing what it holds`);
        const unresolved = loaded.files.filter((file) => file.resolvedPath === undefined);
        this.log.info(
          `loaded ${formatName(loaded.format)} report ${uri.fsPath}: ${loaded.files.length} file(s), ${unresolved.length} not found in the workspace${loaded.cached ? ' (unchanged)' : ''}`,
        );
        for (const file of unresolved.slice(0, MAX_LOGGED_UNRESOLVED)) this.log.info(`  ${file.reportPath}: ${file.resolution}`);
        if (unresolved.length > MAX_LOGGED_UNRESOLVED) this.log.info(`  … and ${unresolved.length - MAX_LOGGED_UNRESOLVED} more`);
        this.notifier.reportWarnings(uri, loaded.warnings);
        this.notifier.clearFailure(uri);
        const reportModified = new Date((await stat(uri.fsPath).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs);
        this.index.setReport({ reportUri: uri, folder, loaded, loadedAt: new Date(), reportModified });
        return;
      } catch (error) {
        if (!(error instanceof WorkerRequestError)) throw error;
        if (superseded()) return;
        if (error.error.kind === 'io' && error.error.reason.startsWith('ENOENT')) {
          this.index.removeReport(uri);
          return;
        }
        if (error.error.kind === 'notCoverage') {
          // Only shares a report's name: a line in the log, never a warning.
          this.log.info(`skipped ${uri.fsPath}: ${error.error.reason}`);
          this.index.removeReport(uri);
          return;
        }
        const retryable = error.error.kind === 'parse' && attempt < PARSE_RETRIES;
        this.log.debug(`report ${uri.fsPath} attempt ${attempt}: ${describeWorkerError(error.error)}`);
        if (retryable) {
          await delay(RETRY_DELAY_MS * attempt);
          continue;
        }
        // The last good version (if any) stays shown: nothing is lost.
        this.notifier.reportFailure(uri, error.error);
        return;
      }
    }
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
  }
}

/**
 * The report globs as few patterns as possible: one `{a,b,…}` group (one search, one watcher)
 * for every glob without braces of its own (VS Code's globs do not nest groups).
 */
function combinedGlobs(globs: readonly string[]): string[] {
  const plain = globs.filter((glob) => !glob.includes('{') && !glob.includes(','));
  const braced = globs.filter((glob) => !plain.includes(glob));
  if (plain.length <= 1) return [...plain, ...braced];
  return [`{${plain.join(',')}}`, ...braced];
}

/** `coverageSentinel.excludePaths` of one folder, for URIs inside it. */
function excludedIn(folder: vscode.WorkspaceFolder, excludeGlobs: readonly string[]): (uri: vscode.Uri) => boolean {
  const excluded = createReportExclusion(excludeGlobs);
  return (uri) => excluded(path.posix.relative(folder.uri.path, uri.path));
}

/** Waits until a file's size and modification time stop changing (a writer has finished). */
async function waitUntilStable(file: string): Promise<void> {
  let previous = await signature(file);
  for (let i = 0; i < 20; i++) {
    await delay(STABLE_CHECK_MS);
    const current = await signature(file);
    if (current === previous) return;
    previous = current;
  }
}

async function signature(file: string): Promise<string> {
  try {
    const info = await stat(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
