import * as vscode from 'vscode';
import { type CodecovSettings, readCodecovSettings } from '../host/codecov/codecovSettings';
import { PERCENT_MODES, PERCENT_SETTING, type PercentMode } from '../host/coveragePercent';
import { readSentinelSettings, SETTING_NAMES, SETTINGS, SETTINGS_SECTION, type SentinelSettings, type SettingName } from '../shared/settings';
import { Disposable } from './disposable';

/** Coverage Gutters' settings, offered for import (coverageGuttersOffer.ts). */
export const COVERAGE_GUTTERS_SECTION = 'coverage-gutters';

/** What a change can touch: one of our settings, VS Code's percentage mode, or Coverage Gutters' settings. */
export type SettingKey = SettingName | 'percentMode' | 'coverageGutters';

/** One configuration change, as the keys it touched (in any scope). */
export interface SettingsChange {
  readonly keys: ReadonlySet<SettingKey>;
  affects(...keys: SettingKey[]): boolean;
}

/** The raw values a setting holds in each scope (`WorkspaceConfiguration.inspect`). */
export interface ScopedValues<T> {
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * The one owner of configuration: every read of a setting and every reaction to a change goes
 * through here. Built once by the composition root.
 */
export class Settings extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<SettingsChange>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        const keys = new Set<SettingKey>(SETTING_NAMES.filter((name) => event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS[name].key}`)));
        if (event.affectsConfiguration(PERCENT_SETTING)) keys.add('percentMode');
        if (event.affectsConfiguration(COVERAGE_GUTTERS_SECTION)) keys.add('coverageGutters');
        if (keys.size > 0) this.changed.fire({ keys, affects: (...wanted) => wanted.some((key) => keys.has(key)) });
      }),
    );
  }

  /** A typed snapshot of our settings for one scope (a workspace folder, a document's URI) or the window. */
  get(scope?: vscode.ConfigurationScope): SentinelSettings {
    // null: the window's values, said explicitly (undefined makes VS Code log a warning for each resource-scoped key read).
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope ?? null);
    return readSentinelSettings((key) => config.get<unknown>(key));
  }

  /**
   * The Codecov settings for a folder: the application-scoped ones (server, enterprise hosts,
   * cache size, the loopback switch) from user settings only, whatever a workspace writes.
   */
  codecov(folder?: vscode.WorkspaceFolder): CodecovSettings {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, folder ?? null);
    const inspect = (name: SettingName) => config.inspect<unknown>(SETTINGS[name].key) ?? {};
    return readCodecovSettings({
      enabled: config.get<unknown>(SETTINGS.codecovEnabled.key),
      repository: config.get<unknown>(SETTINGS.codecovRepository.key),
      url: inspect('codecovUrl'),
      enterpriseHosts: inspect('codecovEnterpriseHosts'),
      allowLoopbackHttp: inspect('codecovAllowLoopbackHttp'),
      cacheSizeMB: inspect('codecovCacheSizeMB'),
    });
  }

  /** What VS Code's coverage percentage counts (`testing.displayedCoveragePercent`). */
  percentMode(): PercentMode {
    const value = vscode.workspace.getConfiguration().get<unknown>(PERCENT_SETTING);
    return typeof value === 'string' && (PERCENT_MODES as readonly string[]).includes(value) ? (value as PercentMode) : 'totalCoverage';
  }

  /** One of our settings' raw values per scope. */
  inspect<T>(name: SettingName, folder?: vscode.WorkspaceFolder): ScopedValues<T> | undefined {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri ?? null).inspect<T>(SETTINGS[name].key);
  }

  /** A Coverage Gutters setting's raw values per scope. */
  inspectCoverageGutters(key: string, folder?: vscode.WorkspaceFolder): ScopedValues<unknown> | undefined {
    return vscode.workspace.getConfiguration(COVERAGE_GUTTERS_SECTION, folder?.uri ?? null).inspect<unknown>(key);
  }

  /**
   * Sets a window-wide setting where it takes effect: in the workspace when the workspace sets it
   * (a user value would stay hidden under it), else in user settings (as VS Code's own pickers do).
   */
  async updateWhereEffective(name: SettingName, value: unknown): Promise<void> {
    const target = this.inspect(name)?.workspaceValue === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
    await this.update(name, value, target);
  }

  async update(name: SettingName, value: unknown, target: vscode.ConfigurationTarget, folder?: vscode.WorkspaceFolder): Promise<void> {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION, folder?.uri ?? null).update(SETTINGS[name].key, value, target);
  }
}
