import * as vscode from 'vscode';
import type { CoverageDecorations } from './decorations';
import type { ReportWatcher } from './reportWatcher';
import { TOGGLE_MARKS_COMMAND } from './statusBar';

export const COMMANDS = {
  toggleMarks: TOGGLE_MARKS_COMMAND,
  reloadReports: 'coverageSentinel.reloadReports',
  showLog: 'coverageSentinel.showLog',
} as const;

export const MARKS_VISIBLE_CONTEXT = 'coverageSentinel.marksVisible';

export function registerCommands(
  decorations: CoverageDecorations,
  watcher: ReportWatcher,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  const setContext = (visible: boolean) => vscode.commands.executeCommand('setContext', MARKS_VISIBLE_CONTEXT, visible);
  void setContext(decorations.marksVisible);
  return [
    vscode.commands.registerCommand(COMMANDS.toggleMarks, async () => {
      const visible = decorations.toggle();
      log.info(`coverage marks ${visible ? 'shown' : 'hidden'}`);
      await setContext(visible);
    }),
    vscode.commands.registerCommand(COMMANDS.reloadReports, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reloading coverage reports' }, () => watcher.rescan()),
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
  ];
}
