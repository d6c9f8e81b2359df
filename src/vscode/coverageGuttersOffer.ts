import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { importCoverageGutters, type ImportedSettings } from '../host/coverageGutters';
import { DEFAULT_REPORT_GLOBS } from '../shared/settings';
import type { Activity } from './activity';
import { Disposable } from './disposable';
import type { ScopedValues, Settings } from './settings';

export const USE_COVERAGE_GUTTERS_SETTINGS = 'coverageSentinel.useCoverageGuttersSettings';
const KEYS = ['coverageFileNames', 'coverageBaseDir', 'remotePathResolve'] as const;
// Workspace settings are anyone's to commit: the message names no value from them.
const MESSAGE = 'Coverage Gutters settings were found (report file names, base folder or remote path mapping). Use them for Coverage Sentinel?';
const USE = 'Use Them';
const NOT_NOW = 'Not Now';

/** Coverage Gutters settings of one scope, and where ours go. */
interface Found {
  readonly target: vscode.ConfigurationTarget;
  readonly folder: vscode.WorkspaceFolder | undefined;
  readonly imported: ImportedSettings;
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
    const found = findCoverageGuttersSettings(this.settings);
    if (found.length === 0) return false;
    const key = `coverageGuttersOffered:${fingerprint(found)}`;
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
    const found = findCoverageGuttersSettings(this.settings);
    if (found.length === 0) {
      void vscode.window.showInformationMessage('No Coverage Gutters settings were found.');
      return;
    }
    for (const { target, folder, imported } of found) {
      const currentGlobs = valueAt(this.settings.inspect<string[]>('reportPaths', folder), target) ?? [...DEFAULT_REPORT_GLOBS];
      const reportPaths = [...new Set([...currentGlobs, ...imported.reportGlobs])];
      if (reportPaths.length !== currentGlobs.length) await this.settings.update('reportPaths', reportPaths, target, folder);
      if (Object.keys(imported.pathMappings).length > 0) {
        const currentMappings = valueAt(this.settings.inspect<Record<string, string>>('pathMappings', folder), target) ?? {};
        await this.settings.update('pathMappings', { ...currentMappings, ...imported.pathMappings }, target, folder);
      }
      this.log.info(`used Coverage Gutters settings (${scopeName(target, folder)}): ${imported.reportGlobs.length} report glob(s), ${Object.keys(imported.pathMappings).length} path mapping(s)`);
    }
  }
}

function findCoverageGuttersSettings(settings: Settings): Found[] {
  const found: Found[] = [];
  const scopes: [vscode.ConfigurationTarget, vscode.WorkspaceFolder | undefined][] = [
    [vscode.ConfigurationTarget.Global, undefined],
    [vscode.ConfigurationTarget.Workspace, undefined],
    ...(vscode.workspace.workspaceFolders ?? []).map((folder): [vscode.ConfigurationTarget, vscode.WorkspaceFolder] => [vscode.ConfigurationTarget.WorkspaceFolder, folder]),
  ];
  for (const [target, folder] of scopes) {
    const values: Record<string, unknown> = {};
    for (const key of KEYS) values[key] = valueAt(settings.inspectCoverageGutters(key, folder), target);
    const imported = importCoverageGutters(values);
    if (imported !== undefined) found.push({ target, folder, imported });
  }
  return found;
}

function valueAt<T>(inspected: ScopedValues<T> | undefined, target: vscode.ConfigurationTarget): T | undefined {
  if (inspected === undefined) return undefined;
  if (target === vscode.ConfigurationTarget.Global) return inspected.globalValue;
  if (target === vscode.ConfigurationTarget.Workspace) return inspected.workspaceValue;
  return inspected.workspaceFolderValue;
}

function scopeName(target: vscode.ConfigurationTarget, folder: vscode.WorkspaceFolder | undefined): string {
  if (folder !== undefined) return `folder ${folder.name}`;
  return target === vscode.ConfigurationTarget.Global ? 'user settings' : 'workspace settings';
}

function fingerprint(found: readonly Found[]): string {
  const text = JSON.stringify(found.map(({ target, folder, imported }) => [target, folder?.uri.toString(), imported.reportGlobs, Object.entries(imported.pathMappings)]));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
