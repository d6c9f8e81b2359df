import * as vscode from 'vscode';
import { ROW_ORDERS, type RowOrder, commitText } from '../../host/compare/comparisonText';
import { nextLine } from '../../host/compare/lineNavigation';
import { inertLabel, inertNotification } from '../../host/inertText';
import { type ComparisonController, type ComparisonState, uriIn } from './comparisonController';
import type { ComparisonTree } from './comparisonTree';
import type { Informer } from '../informer';
import { NO_FILE_OPEN } from '../navigation';
import type { Settings } from '../settings';

export const NO_FOLDER_OPEN = 'Coverage Sentinel: open a folder first: the comparison is of the git repository of a folder with coverage.';

const ORDER_LABELS: Record<RowOrder, string> = {
  path: 'By path',
  delta: 'By coverage change (largest drop first)',
  patch: 'By patch coverage (lowest first)',
  lost: 'By lost lines (most first)',
};

/** A window with no folder: no repository to compare, and no workspace settings to write. */
function noFolderOpen(): boolean {
  return vscode.workspace.workspaceFolders === undefined;
}

/** Commands of the comparison, and the context key their keybindings use. */
export function registerComparisonCommands(comparison: ComparisonController, tree: ComparisonTree, log: vscode.LogOutputChannel, settings: Settings, informer: Informer): vscode.Disposable[] {
  const updateContext = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const file = uri === undefined ? undefined : comparison.fileFor(uri);
    void vscode.commands.executeCommand('setContext', 'coverageSentinel.editorHasUncoveredChanges', file !== undefined && file.uncoveredChanged.length + file.partialChanged.length > 0);
  };
  const move = (direction: 1 | -1) => {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return informer.inform(NO_FILE_OPEN);
    if (comparison.states.length === 0) return informer.inform(`Coverage Sentinel: no comparison with a base branch: ${comparison.reason}.`);
    const file = comparison.fileFor(editor.document.uri);
    const lines = [...(file?.uncoveredChanged ?? []), ...(file?.partialChanged ?? [])].sort((a, b) => a - b);
    const line = nextLine(lines, editor.selection.active.line + 1, direction);
    if (line === undefined) return informer.inform('Coverage Sentinel: no uncovered changed lines in this file.');
    const position = new vscode.Position(line - 1, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };
  return [
    comparison.onDidChange(updateContext),
    vscode.window.onDidChangeActiveTextEditor(updateContext),
    vscode.commands.registerCommand('coverageSentinel.nextUncoveredChangedLine', () => move(1)),
    vscode.commands.registerCommand('coverageSentinel.previousUncoveredChangedLine', () => move(-1)),
    vscode.commands.registerCommand('coverageSentinel.goToLostCoverage', async () => {
      const states = comparison.states;
      const first = states[0];
      if (first === undefined) return informer.inform(`Coverage Sentinel: no comparison with a base branch: ${comparison.reason}.`);
      const picks = lostCoveragePicks(states);
      if (picks.length === 0) return void vscode.window.showInformationMessage(`No line lost its coverage since ${inertNotification(states.length > 1 ? 'the base branches' : first.withWhat.ref)}.`);
      const pick = await vscode.window.showQuickPick(picks, { placeHolder: 'Lines covered on the base branch and not covered now', matchOnDescription: true });
      if (pick === undefined) return;
      const position = new vscode.Position(pick.line - 1, 0);
      await vscode.window.showTextDocument(pick.uri, { selection: new vscode.Range(position, position) });
    }),
    vscode.commands.registerCommand('coverageSentinel.saveBaseline', async () => {
      try {
        const saved = await comparison.saveBaseline();
        log.info(`compare: baseline saved by hand: ${saved}`);
        void vscode.window.showInformationMessage(inertNotification(`Coverage saved as the baseline: ${saved}.`));
      } catch (error) {
        void vscode.window.showWarningMessage(inertNotification(`Could not save the baseline: ${error instanceof Error ? error.message : String(error)}`));
      }
    }),
    vscode.commands.registerCommand('coverageSentinel.compareWithBranch', async (given?: unknown) => {
      // The branch is a workspace setting, and the comparison is of a folder's repository.
      if (noFolderOpen()) return informer.inform(NO_FOLDER_OPEN);
      let branch = typeof given === 'string' ? given : undefined;
      const target = await comparison.branchTarget();
      if (branch === undefined) {
        const pick = await vscode.window.showQuickPick(
          [{ label: 'Default branch', description: 'origin/HEAD, else main or master', value: '' }, ...(target?.branches ?? []).map((name) => ({ label: inertLabel(name), value: name }))],
          { placeHolder: target?.several === true ? `Compare ${inertLabel(target.folder.name)}'s working tree with the merge-base of HEAD and…` : 'Compare the working tree with the merge-base of HEAD and…' },
        );
        branch = pick?.value;
      }
      if (branch === undefined) return;
      // With several repositories the branch is the active one's: its folder's setting.
      const value = branch === '' ? undefined : branch;
      if (target?.several === true) await settings.update('compareBaseBranch', value, vscode.ConfigurationTarget.WorkspaceFolder, target.folder);
      else await settings.update('compareBaseBranch', value, vscode.ConfigurationTarget.Workspace);
      comparison.request('branch chosen', true);
    }),
    vscode.commands.registerCommand('coverageSentinel.sortComparison', async (given?: unknown) => {
      // The view has rows only for a folder's repository: an order chosen here would sort nothing.
      if (noFolderOpen()) return informer.inform(NO_FOLDER_OPEN);
      const order =
        typeof given === 'string' && (ROW_ORDERS as readonly string[]).includes(given)
          ? (given as RowOrder)
          : (await vscode.window.showQuickPick(ROW_ORDERS.map((value) => ({ label: ORDER_LABELS[value], value, picked: value === tree.sortOrder }))))?.value;
      if (order !== undefined) tree.sortBy(order);
    }),
    vscode.commands.registerCommand('coverageSentinel.refreshComparison', () => (noFolderOpen() ? informer.inform(NO_FOLDER_OPEN) : comparison.request('command', true))),
  ];
}

/**
 * The items of `Coverage: Go to Lost Coverage…`: one per lost line, a repository after another,
 * by path then line; with several repositories, named by their folder too. Labels are inert.
 */
export function lostCoveragePicks(states: readonly ComparisonState[]): { label: string; description: string; uri: vscode.Uri; line: number }[] {
  const named = states.length > 1;
  return states.flatMap((state) => repositoryLostPicks(state, named));
}

function repositoryLostPicks(state: ComparisonState, named: boolean): { label: string; description: string; uri: vscode.Uri; line: number }[] {
  return state.run.result.files.flatMap((file) =>
    file.lost.map((lost) => ({
      label: `${named ? `${inertLabel(state.name)}: ` : ''}${inertLabel(file.path)}:${lost.line}`,
      description: `covered on ${inertLabel(state.withWhat.ref)} (${commitText(state.withWhat)})${lost.baselineHits < 0 ? '' : `, ${lost.baselineHits} hit${lost.baselineHits === 1 ? '' : 's'}`} — not covered now`,
      uri: uriIn(state.repo, file.path),
      line: lost.line,
    })),
  );
}
