import * as vscode from 'vscode';
import type { CodecovSource } from './codecovSource';
import type { Informer } from './informer';

export const CODECOV_COMMANDS = {
  setToken: 'coverageSentinel.codecov.setToken',
  clearToken: 'coverageSentinel.codecov.clearToken',
  showBranch: 'coverageSentinel.codecov.showBranch',
  refresh: 'coverageSentinel.codecov.refresh',
} as const;

/** Said by the commands that show a folder's Codecov coverage in a window with no folder. */
export const NO_FOLDER_FOR_CODECOV = 'Coverage Sentinel: open a folder first: Codecov coverage is shown for the git repository of a folder.';

export function registerCodecovCommands(source: CodecovSource, informer: Informer): vscode.Disposable[] {
  const inFolder = (run: () => Promise<void>) => () => (vscode.workspace.workspaceFolders === undefined ? informer.inform(NO_FOLDER_FOR_CODECOV) : run());
  return [
    vscode.commands.registerCommand(CODECOV_COMMANDS.setToken, () => source.setToken()),
    vscode.commands.registerCommand(CODECOV_COMMANDS.clearToken, () => source.clearToken()),
    vscode.commands.registerCommand(CODECOV_COMMANDS.showBranch, inFolder(() => source.showBranch())),
    vscode.commands.registerCommand(CODECOV_COMMANDS.refresh, inFolder(() => source.refresh())),
  ];
}
