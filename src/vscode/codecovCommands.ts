import * as vscode from 'vscode';
import type { CodecovSource } from './codecovSource';

export const CODECOV_COMMANDS = {
  setToken: 'coverageSentinel.codecov.setToken',
  clearToken: 'coverageSentinel.codecov.clearToken',
  showBranch: 'coverageSentinel.codecov.showBranch',
  refresh: 'coverageSentinel.codecov.refresh',
} as const;

export function registerCodecovCommands(source: CodecovSource): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CODECOV_COMMANDS.setToken, () => source.setToken()),
    vscode.commands.registerCommand(CODECOV_COMMANDS.clearToken, () => source.clearToken()),
    vscode.commands.registerCommand(CODECOV_COMMANDS.showBranch, () => source.showBranch()),
    vscode.commands.registerCommand(CODECOV_COMMANDS.refresh, () => source.refresh()),
  ];
}
