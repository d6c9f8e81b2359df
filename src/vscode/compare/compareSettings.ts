import * as path from 'node:path';
import * as vscode from 'vscode';

export const COMPARE_SECTION = 'coverageSentinel.compare';

export interface CompareSettings {
  readonly enabled: boolean;
  readonly baseBranch: string;
  readonly baselineReport: string;
  readonly baselineCommit: string;
  readonly rememberCoverage: boolean;
  readonly showGained: boolean;
}

export function readCompareSettings(scope?: vscode.ConfigurationScope): CompareSettings {
  const config = vscode.workspace.getConfiguration(COMPARE_SECTION, scope);
  const text = (name: string) => {
    const value = config.get<unknown>(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    enabled: config.get<boolean>('enabled', true),
    baseBranch: text('baseBranch'),
    baselineReport: text('baselineReport'),
    baselineCommit: text('baselineCommit'),
    rememberCoverage: config.get<boolean>('rememberCoverage', true),
    showGained: config.get<boolean>('showGained', false),
  };
}

/** The baseline report setting as an absolute path (relative ones start at the folder). */
export function baselineReportPath(setting: string, folder: vscode.WorkspaceFolder): string {
  const expanded = setting.replace(/^\$\{workspaceFolder\}/, folder.uri.fsPath);
  return path.resolve(folder.uri.fsPath, expanded);
}
