import * as vscode from 'vscode';
import type { CoverageDecorations } from './decorations';
import type { CoverageIndex } from './coverageIndex';
import type { Informer } from './informer';
import type { UncoveredNavigation } from './navigation';
import { pickMarkedKinds, pickMarkStyle } from './markSettingsPicks';
import { pickFromSummary, pickUncoveredRegion } from './quickPicks';
import type { ReportWatcher } from './reportWatcher';
import type { Settings } from './settings';
import { TOGGLE_MARKS_COMMAND } from './statusBar';

export const COMMANDS = {
  toggleMarks: TOGGLE_MARKS_COMMAND,
  reloadReports: 'coverageSentinel.reloadReports',
  showLog: 'coverageSentinel.showLog',
  nextUncoveredLine: 'coverageSentinel.nextUncoveredLine',
  previousUncoveredLine: 'coverageSentinel.previousUncoveredLine',
  goToUncovered: 'coverageSentinel.goToUncovered',
  showSummary: 'coverageSentinel.showSummary',
  chooseMarkStyle: 'coverageSentinel.chooseMarkStyle',
  chooseMarkedKinds: 'coverageSentinel.chooseMarkedKinds',
} as const;

export const MARKS_VISIBLE_CONTEXT = 'coverageSentinel.marksVisible';

/** Said by Reload Coverage Reports in a window with no folder: reports are searched for in folders only. */
export const NO_FOLDER_FOR_REPORTS = 'Coverage Sentinel: open a folder first: coverage reports are found in the folders of the workspace.';

export interface CommandTargets {
  readonly decorations: CoverageDecorations;
  readonly watcher: ReportWatcher;
  readonly navigation: UncoveredNavigation;
  readonly index: CoverageIndex;
  readonly log: vscode.LogOutputChannel;
  readonly settings: Settings;
  readonly informer: Informer;
}

export function registerCommands({ decorations, watcher, navigation, index, log, settings, informer }: CommandTargets): vscode.Disposable[] {
  const setContext = (visible: boolean) => vscode.commands.executeCommand('setContext', MARKS_VISIBLE_CONTEXT, visible);
  void setContext(decorations.marksVisible);
  return [
    vscode.commands.registerCommand(COMMANDS.toggleMarks, async () => {
      const visible = decorations.toggle();
      log.info(`coverage marks ${visible ? 'shown' : 'hidden'}`);
      await setContext(visible);
    }),
    vscode.commands.registerCommand(COMMANDS.reloadReports, () =>
      vscode.workspace.workspaceFolders === undefined
        ? informer.inform(NO_FOLDER_FOR_REPORTS)
        : vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reloading coverage reports' }, () => watcher.rescan()),
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.nextUncoveredLine, () => navigation.go(1)),
    vscode.commands.registerCommand(COMMANDS.previousUncoveredLine, () => navigation.go(-1)),
    vscode.commands.registerCommand(COMMANDS.goToUncovered, () => pickUncoveredRegion(index, settings.percentMode())),
    vscode.commands.registerCommand(COMMANDS.showSummary, () => pickFromSummary(index, settings.percentMode())),
    vscode.commands.registerCommand(COMMANDS.chooseMarkStyle, () => pickMarkStyle(settings)),
    vscode.commands.registerCommand(COMMANDS.chooseMarkedKinds, () => pickMarkedKinds(settings)),
  ];
}
