import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { SentinelSettings } from '../../shared/settings';

export interface CompareSettings {
  readonly enabled: boolean;
  readonly baseBranch: string;
  readonly baselineReport: string;
  readonly baselineCommit: string;
  readonly rememberCoverage: boolean;
  readonly showGained: boolean;
}

/** The comparison's settings out of a snapshot of the Settings service. */
export function compareSettings(settings: SentinelSettings): CompareSettings {
  return {
    enabled: settings.compareEnabled,
    baseBranch: settings.compareBaseBranch,
    baselineReport: settings.compareBaselineReport,
    baselineCommit: settings.compareBaselineCommit,
    rememberCoverage: settings.compareRememberCoverage,
    showGained: settings.compareShowGained,
  };
}

/** The baseline report setting as an absolute path (relative ones start at the folder). */
export function baselineReportPath(setting: string, folder: vscode.WorkspaceFolder): string {
  const expanded = setting.replace(/^\$\{workspaceFolder\}/, folder.uri.fsPath);
  return path.resolve(folder.uri.fsPath, expanded);
}
