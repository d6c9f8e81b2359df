import * as vscode from 'vscode';
import { findCoverageGuttersSettings, type FoundSettings, offerKey, SCOPE, type Scope, scopeName, settingsToWrite, valueAt } from '../host/coverageGuttersOffer';
import type { Activity } from './activity';
import { Disposable } from './disposable';
import type { Settings } from './settings';

export const USE_COVERAGE_GUTTERS_SETTINGS = 'coverageSentinel.useCoverageGuttersSettings';
// Workspace settings are anyone's to commit: the message names no value from them.
const MESSAGE = 'Coverage Gutters settings were found (report file names, base folder or remote path mapping). Use them for Coverage Sentinel?';
const USE = 'Use Them';
const NOT_NOW = 'Not Now';

const TARGETS: Record<Scope, vscode.ConfigurationTarget> = {
  [SCOPE.user]: vscode.ConfigurationTarget.Global,
  [SCOPE.workspace]: vscode.ConfigurationTarget.Workspace,
  [SCOPE.folder]: vscode.ConfigurationTarget.WorkspaceFolder,
};

interface Folder {
  readonly name: string;
  readonly uri: string;
  readonly folder: vscode.WorkspaceFolder;
}

/**
 * Offers once, non-modally, to carry a user's Coverage Gutters settings over, and does it on
 * request (`Coverage: Use Coverage Gutters Settings`). Only in a trusted workspace: the settings
 * written are restricted ones (report globs, path mappings).
 */
export class CoverageGuttersOffer extends Disposable {
  private readonly offered: string[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly activity: Activity,
    private readonly log: Pick<vscode.LogOutputChannel, 'info'>,
    private readonly settings: Settings,
  ) {
    super();
    this.register(settings.onDidChange((change) => change.affects('coverageGutters') && void this.offerOnce()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.offerOnce()));
    this.register(vscode.commands.registerCommand(USE_COVERAGE_GUTTERS_SETTINGS, () => this.useThem()));
  }

  /** The offers shown so far (for the test API). */
  offers(): readonly string[] {
    return this.offered;
  }

  /** Shows the offer unless these settings were offered before; tracked until decided, not until answered. */
  async offerOnce(): Promise<void> {
    if (!(await this.activity.track(this.shouldOffer()))) return;
    const choice = await vscode.window.showInformationMessage(MESSAGE, USE, NOT_NOW);
    if (choice === USE) await this.useThem();
  }

  private async shouldOffer(): Promise<boolean> {
    if (!vscode.workspace.isTrusted) return false;
    const found = this.find();
    if (found.length === 0) return false;
    const key = offerKey(found);
    if (this.state.get<boolean>(key) === true) return false;
    await this.state.update(key, true);
    this.offered.push(MESSAGE);
    return true;
  }

  async useThem(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Coverage Gutters settings can be used once the workspace is trusted.');
      return;
    }
    const found = this.find();
    if (found.length === 0) {
      void vscode.window.showInformationMessage('No Coverage Gutters settings were found.');
      return;
    }
    for (const { scope, folder, imported } of found) {
      const target = TARGETS[scope];
      const write = settingsToWrite(imported, {
        reportPaths: valueAt(this.settings.inspect<string[]>('reportPaths', folder?.folder), scope),
        pathMappings: valueAt(this.settings.inspect<Record<string, string>>('pathMappings', folder?.folder), scope),
      });
      if (write.reportPaths !== undefined) await this.settings.update('reportPaths', write.reportPaths, target, folder?.folder);
      if (write.pathMappings !== undefined) await this.settings.update('pathMappings', write.pathMappings, target, folder?.folder);
      this.log.info(`used Coverage Gutters settings (${scopeName(scope, folder)}): ${imported.reportGlobs.length} report glob(s), ${Object.keys(imported.pathMappings).length} path mapping(s)`);
    }
  }

  private find(): FoundSettings<Folder>[] {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({ name: folder.name, uri: folder.uri.toString(), folder }));
    return findCoverageGuttersSettings(folders, (key, folder) => this.settings.inspectCoverageGutters(key, folder?.folder));
  }
}
