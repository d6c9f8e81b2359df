import * as path from 'node:path';
import * as vscode from 'vscode';
import { receivedReport } from '../shared/wire';
import { CodecovClient } from '../host/codecov/client';
import { type CodecovLoad, type CodecovLoadInput, loadCodecovCoverage, loadCodecovDefaultBranch } from '../host/codecov/codecovLoader';
import type { CodecovBaselineAccess, CodecovCommitCoverage } from '../host/compare/codecovBaselineSource';
import type { MatchedReport } from '../host/compare/reportSource';
import { codecovMoves } from '../host/codecov/codecovMoves';
import { tokenSecretKey } from '../host/codecov/codecovSettings';
import { ResponseCache } from '../host/codecov/responseCache';
import { WarningsPerToken } from '../host/codecov/warningsPerToken';
import { statusText } from '../host/codecov/walkBack';
import { isBranchName } from '../host/codecov/branchName';
import { GitRepository } from '../host/git/gitRepository';
import { GitRunner } from '../host/git/gitRunner';
import { inertNotification } from '../host/inertText';
import type { Activity } from './activity';
import { CODECOV_COMMANDS } from './codecovCommands';
import { currentText, unsavedPaths } from './codecovWorkingTree';
import type { CoverageIndex } from './coverageIndex';
import { Disposable } from './disposable';
import type { Informer } from './informer';
import type { Settings } from './settings';
import type { WorkerHost } from './workerHost';

const SET_TOKEN = 'Set Codecov Token…';
const REFRESH_DEBOUNCE_MS = 300;

/** What the status bar and hovers say about a folder's Codecov coverage. */
export interface CodecovStatus {
  readonly text: string;
  readonly detail: string;
}

/**
 * Codecov coverage of each workspace folder, as one more source beside local reports: only
 * when enabled and the workspace is trusted (in Restricted Mode neither git nor the network is
 * touched), fetched here on the extension host, parsed in the worker, refreshed when HEAD moves.
 */
export class CodecovSource extends Disposable {
  private readonly statuses = new Map<string, CodecovStatus>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly branches = new Map<string, string>();
  private readonly knownTokens = new Set<string>();
  private readonly git = new GitRunner();
  private timer: NodeJS.Timeout | undefined;
  /** Ends the activity of a scheduled refresh: waiting until idle includes the debounce. */
  private endScheduled: (() => void) | undefined;
  private generation = 0;
  private readonly warningsPerToken = new WarningsPerToken();
  private readonly warningsShown: string[] = [];
  private readonly requestCounts = { sent: 0 };

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly index: CoverageIndex,
    private readonly worker: WorkerHost,
    private readonly activity: Activity,
    private readonly log: vscode.LogOutputChannel,
    private readonly onStatus: () => void,
    private readonly settings: Settings,
    private readonly informer: Informer,
  ) {
    super();
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('codecovEnabled', 'codecovRepository', 'codecovUrl', 'codecovEnterpriseHosts', 'codecovCacheSizeMB', 'codecovAllowLoopbackHttp')) this.scheduleRefresh();
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleRefresh()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRefresh()));
    this.register(context.secrets.onDidChange(() => this.scheduleRefresh()));
    this.register({
      dispose: () => {
        for (const watcher of this.watchers.values()) watcher.dispose();
      },
    });
    this.register({
      dispose: () => {
        clearTimeout(this.timer);
        this.endScheduled?.();
      },
    });
  }

  /** Tokens read in this session: the log redacts them. */
  tokens(): Iterable<string> {
    return this.knownTokens;
  }

  status(folder: vscode.WorkspaceFolder): CodecovStatus | undefined {
    return this.statuses.get(folder.uri.toString());
  }

  allStatuses(): readonly CodecovStatus[] {
    return [...this.statuses.values()];
  }

  /** The warnings shown, oldest first (for the test API). */
  get warnings(): readonly string[] {
    return this.warningsShown;
  }

  /** Requests the client was asked to send (for the test API). */
  get requestsSent(): number {
    return this.requestCounts.sent;
  }

  scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.endScheduled ??= this.activity.begin();
    this.timer = setTimeout(() => {
      const end = this.endScheduled;
      this.endScheduled = undefined;
      void this.activity.track(this.refresh()).finally(end);
    }, REFRESH_DEBOUNCE_MS);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const key of [...this.statuses.keys()]) if (!folders.some((f) => f.uri.toString() === key)) this.forget(key);
    for (const folder of folders) {
      if (generation !== this.generation) return;
      await this.refreshFolder(folder, generation).catch((error: unknown) => this.log.error(`Codecov: ${folder.name}: ${error instanceof Error ? error.message : String(error)}`));
    }
    this.onStatus();
  }

  async setToken(): Promise<void> {
    const settings = this.settings.codecov();
    if (!settings.server.ok) {
      void vscode.window.showWarningMessage(`Coverage Sentinel: ${settings.server.reason} (setting coverageSentinel.codecov.url).`);
      return;
    }
    const origin = settings.server.origin;
    const token = await vscode.window.showInputBox({
      title: 'Codecov API token',
      prompt: `A personal API token from ${origin.hostname} (Settings → Access). It is kept in VS Code's secret storage and sent only to ${origin.origin}.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (/^[\x21-\x7e]{1,512}$/.test(value.trim()) ? undefined : 'A token is printable characters without spaces.'),
    });
    if (token === undefined || token.trim() === '') return;
    this.knownTokens.add(token.trim());
    await this.context.secrets.store(tokenSecretKey(origin), token.trim());
    this.log.info(`Codecov: a token is stored for ${origin.origin}`);
    // Also on secrets.onDidChange; here too, so that the refresh is under way when the command ends.
    this.scheduleRefresh();
    const next = this.isShownAnywhere() ? 'Codecov coverage is being refreshed with it.' : 'it is used once Codecov coverage is on (coverageSentinel.codecov.enabled, in a trusted workspace).';
    this.informer.inform(`Coverage Sentinel: the Codecov token for ${origin.origin} is stored; ${next}`);
  }

  async clearToken(): Promise<void> {
    const settings = this.settings.codecov();
    if (!settings.server.ok) return;
    const origin = settings.server.origin;
    const key = tokenSecretKey(origin);
    if ((await this.context.secrets.get(key)) === undefined) {
      this.log.info(`Codecov: no token was stored for ${origin.origin}; none removed`);
      this.informer.inform(`Coverage Sentinel: no Codecov token was stored for ${origin.origin}, so none was removed.`);
      return;
    }
    await this.context.secrets.delete(key);
    this.log.info(`Codecov: the token for ${origin.origin} is removed`);
    this.scheduleRefresh();
    const next = this.isShownAnywhere() ? '; Codecov coverage is being refreshed without it.' : '.';
    this.informer.inform(`Coverage Sentinel: the Codecov token for ${origin.origin} is removed${next}`);
  }

  /** Whether a refresh fetches anything: Codecov coverage is on in some folder on disk of a trusted workspace. */
  private isShownAnywhere(): boolean {
    if (!vscode.workspace.isTrusted) return false;
    return (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme === 'file' && this.settings.codecov(folder).enabled);
  }

  async showBranch(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => this.settings.codecov(folder).enabled);
    if (!vscode.workspace.isTrusted || folders.length === 0) {
      void vscode.window.showInformationMessage('Codecov coverage is off: turn on coverageSentinel.codecov.enabled in a trusted workspace.');
      return;
    }
    const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Show Codecov coverage for which folder?' });
    if (folder === undefined) return;
    const branch = await vscode.window.showInputBox({
      title: 'Show Codecov coverage of branch',
      prompt: 'The branch whose head commit’s coverage to show (empty: back to the checked-out commit).',
      value: this.branches.get(folder.uri.toString()) ?? 'main',
      validateInput: (value) => (value === '' || isBranchName(value) ? undefined : 'Not a branch name.'),
    });
    if (branch === undefined) return;
    if (branch === '') this.branches.delete(folder.uri.toString());
    else this.branches.set(folder.uri.toString(), branch);
    await this.activity.track(this.refreshFolder(folder, this.generation));
    this.onStatus();
  }

  /** What the comparison's Codecov baseline (issue 11) asks of Codecov; the same client, cache and rules as the marks. */
  baselineAccess(): CodecovBaselineAccess {
    return {
      coverageAt: async (repoRoot, commit, signal): Promise<CodecovCommitCoverage> => {
        const input = await this.connectedInput(repoRoot);
        if (input === undefined) return { kind: 'notConnected' };
        const load = await loadCodecovCoverage({ ...input, from: commit, ...(signal === undefined ? {} : { signal }) });
        if (load.kind === 'problem') return { kind: 'problem', message: load.message };
        return { kind: 'found', sha: load.sha, behind: load.behind, body: load.body, cached: load.cached, offline: load.offline };
      },
      parse: async (body, commitFiles): Promise<MatchedReport> => {
        const result = await this.worker.request({ type: 'codecovBaseline', body, files: commitFiles });
        return { files: new Map(result.files), unmatched: result.unmatched, notes: result.notes };
      },
    };
  }

  /** Codecov's default branch of the repository at `repoRoot`, when Codecov is connected there and names one. */
  async defaultBranch(repoRoot: string): Promise<string | undefined> {
    const input = await this.connectedInput(repoRoot);
    return input === undefined ? undefined : loadCodecovDefaultBranch(input);
  }

  /** The loader's input for the first workspace folder of that repository where Codecov is connected (enabled, trusted, a valid server). */
  private async connectedInput(repoRoot: string): Promise<CodecovLoadInput | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const settings = this.settings.codecov(folder);
      if (!settings.enabled || folder.uri.scheme !== 'file' || !settings.server.ok) continue;
      const repo = await GitRepository.open(this.git, folder.uri.fsPath).catch(() => undefined);
      if (repo === undefined || path.resolve(repo.root) !== path.resolve(repoRoot)) continue;
      const origin = settings.server.origin;
      const token = await this.context.secrets.get(tokenSecretKey(origin));
      if (token !== undefined) this.knownTokens.add(token);
      const client = new CodecovClient({ origin, token, log: (line) => this.log.info(line) });
      return {
        folder: folder.uri.fsPath,
        git: repo,
        origin,
        repository: settings.repository,
        enterpriseHosts: settings.enterpriseHosts,
        fetcher: { get: (url: URL, signal?: AbortSignal) => (this.requestCounts.sent++, client.get(url, signal)) },
        cache: new ResponseCache(path.join(this.context.globalStorageUri.fsPath, 'codecov'), settings.cacheBytes),
        log: (line) => this.log.info(line),
      };
    }
    return undefined;
  }

  private forget(key: string): void {
    this.statuses.delete(key);
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    this.index.setServerReport(key, undefined);
  }

  private async refreshFolder(folder: vscode.WorkspaceFolder, generation: number): Promise<void> {
    const key = folder.uri.toString();
    const settings = this.settings.codecov(folder);
    // Restricted Mode: no git, no network, nothing.
    if (!vscode.workspace.isTrusted || !settings.enabled || folder.uri.scheme !== 'file') {
      if (this.statuses.has(key) || this.index.serverReports().length > 0) this.forget(key);
      return;
    }
    for (const ignored of settings.ignoredWorkspaceValues) this.logOnce(`Codecov: ${ignored} is set in workspace settings and ignored: it is read from user settings only.`);
    for (const problem of settings.problems) this.logOnce(`Codecov: ${problem}`);
    if (!settings.server.ok) return this.problem(folder, { kind: 'problem', message: `${settings.server.reason} (setting coverageSentinel.codecov.url).`, offerToken: false, quiet: false });
    const origin = settings.server.origin;
    const repo = await GitRepository.open(this.git, folder.uri.fsPath).catch(() => undefined);
    if (repo === undefined) return this.problem(folder, { kind: 'problem', message: 'The folder is not in a git repository: Codecov coverage needs its commits.', offerToken: false, quiet: true });
    await this.watchHead(folder, repo);
    const token = await this.context.secrets.get(tokenSecretKey(origin));
    if (token !== undefined) this.knownTokens.add(token);
    const tokenTurn = this.warningsPerToken.turnOf(origin.origin, token);
    const client = new CodecovClient({ origin, token, log: (line) => this.log.info(line) });
    const counted = { get: (url: URL, signal?: AbortSignal) => (this.requestCounts.sent++, client.get(url, signal)) };
    const cache = new ResponseCache(path.join(this.context.globalStorageUri.fsPath, 'codecov'), settings.cacheBytes);
    const branch = this.branches.get(key);
    const load = await loadCodecovCoverage({
      folder: folder.uri.fsPath,
      git: repo,
      origin,
      repository: settings.repository,
      enterpriseHosts: settings.enterpriseHosts,
      fetcher: counted,
      cache,
      ...(branch === undefined ? {} : { branch }),
      log: (line) => this.log.info(line),
    });
    if (generation !== this.generation) return;
    if (load.kind === 'problem') return this.problem(folder, load, tokenTurn);
    const moves = await codecovMoves(repo, load.sha, load.pathPrefix, (file) => currentText(repo.root, file), { unsaved: unsavedPaths(repo.root) });
    const reportPath = `codecov:${folder.uri.fsPath}`;
    const loaded = receivedReport(await this.worker.request({
      type: 'loadReport',
      reportPath,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
      ownerFolder: folder.uri.fsPath,
      maxBytes: load.body.kind === 'bytes' ? load.body.bytes.byteLength : load.body.size,
      pathMappings: [],
      codecov: { body: load.body, repoRoot: repo.root, changed: moves.changed, deleted: moves.deleted },
    }));
    if (generation !== this.generation) return;
    const now = new Date();
    const label = `${statusText(load.sha, load.behind)}${load.branch === undefined ? '' : ` · ${load.branch}`}${load.cached ? ' (cached)' : ''}`;
    const resolved = loaded.resolvedFiles.length;
    this.log.info(`Codecov: ${label}: ${resolved + loaded.unresolvedCount} files, ${resolved} in the workspace; ${moves.changed.length} changed since that commit${load.offline ? '; the server could not be reached, showing the cached copy' : ''}`);
    this.statuses.set(key, { text: label, detail: load.offline ? 'Codecov could not be reached: showing the cached copy.' : '' });
    this.index.setServerReport(key, {
      reportUri: vscode.Uri.from({ scheme: 'codecov', path: `/${load.slug.service}/${load.slug.owner}/${load.slug.repo}/${load.sha}` }),
      folder,
      loaded,
      loadedAt: now,
      reportModified: now,
      codecov: { sha: load.sha, behind: load.behind, branch: load.branch, cached: load.cached, offline: load.offline },
    });
  }

  /** `tokenTurn`: the turn of the token the failed requests carried (0: the problem does not depend on it). */
  private problem(folder: vscode.WorkspaceFolder, load: Extract<CodecovLoad, { kind: 'problem' }>, tokenTurn = 0): void {
    const key = folder.uri.toString();
    this.index.setServerReport(key, undefined);
    this.statuses.set(key, { text: 'Codecov · no coverage', detail: load.message });
    this.log.warn(`Codecov: ${folder.name}: ${load.message}`);
    if (load.quiet || !this.warningsPerToken.firstTime(tokenTurn, load.message)) return;
    const message = inertNotification(`Coverage Sentinel: ${load.message}`);
    this.warningsShown.push(message);
    const actions = load.offerToken ? [SET_TOKEN] : [];
    void vscode.window.showWarningMessage(message, ...actions).then((choice) => {
      if (choice === SET_TOKEN) void vscode.commands.executeCommand(CODECOV_COMMANDS.setToken);
    });
  }

  /**
   * HEAD moves on checkout, commit, pull and reset: git writes `HEAD` or appends to `logs/HEAD`.
   * An event that leaves HEAD on the same commit (one delivered late, for a write before the watch
   * began; a ref of another branch) reloads nothing, unless a branch's coverage is shown.
   */
  private async watchHead(folder: vscode.WorkspaceFolder, repo: GitRepository): Promise<void> {
    const key = folder.uri.toString();
    if (this.watchers.has(key)) return;
    const { stdout } = await repo.git.run(repo.root, ['rev-parse', '--absolute-git-dir']);
    const gitDir = stdout.toString('utf8').trim();
    if (gitDir === '') return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(gitDir), '{HEAD,logs/HEAD,refs/heads/**}'));
    let head = await repo.head().catch(() => undefined);
    const changed = () =>
      void this.activity.track(
        repo.head().then(
          (now) => {
            if (now !== undefined && now === head && !this.branches.has(key)) return;
            head = now;
            this.scheduleRefresh();
          },
          () => this.scheduleRefresh(),
        ),
      );
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    this.watchers.set(key, watcher);
  }

  private readonly logged = new Set<string>();
  private logOnce(line: string): void {
    if (this.logged.has(line)) return;
    this.logged.add(line);
    this.log.warn(line);
  }
}
