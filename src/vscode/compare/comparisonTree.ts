import * as vscode from 'vscode';
import { type ComparisonRow, comparisonRows, commitText, type RowOrder } from '../../host/compare/comparisonText';
import { Disposable } from '../disposable';
import type { ComparisonController } from './comparisonController';

const STATUS_ICONS: Record<ComparisonRow['status'], string> = {
  added: 'diff-added',
  deleted: 'diff-removed',
  modified: 'diff-modified',
  renamed: 'diff-renamed',
  unchanged: 'file',
};

/**
 * The comparison view in the Testing container: one row per file with baseline %, now %, Δ,
 * patch % and lost lines, sortable; a click opens the file. Deleted files that had covered
 * lines are listed (not openable). Labels are inert (comparisonRows).
 */
export class ComparisonTree extends Disposable implements vscode.TreeDataProvider<ComparisonRow> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private order: RowOrder = 'path';
  private readonly view: vscode.TreeView<ComparisonRow>;

  constructor(private readonly comparison: ComparisonController) {
    super();
    this.view = this.register(vscode.window.createTreeView('coverageSentinel.comparison', { treeDataProvider: this, showCollapseAll: false }));
    this.register(comparison.onDidChange(() => this.refresh()));
    this.refresh();
  }

  get sortOrder(): RowOrder {
    return this.order;
  }

  sortBy(order: RowOrder): void {
    this.order = order;
    this.refresh();
  }

  rows(): ComparisonRow[] {
    const state = this.comparison.state;
    return state === undefined ? [] : comparisonRows(state.run.result, this.order);
  }

  getChildren(element?: ComparisonRow): ComparisonRow[] {
    return element === undefined ? this.rows() : [];
  }

  getTreeItem(row: ComparisonRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[row.status]);
    const uri = this.comparison.uriOf(row.path);
    if (uri !== undefined && row.status !== 'deleted') {
      const line = row.file.lost[0]?.line ?? row.file.uncoveredChanged[0] ?? row.file.partialChanged[0];
      const options: vscode.TextDocumentShowOptions = line === undefined ? {} : { selection: new vscode.Range(line - 1, 0, line - 1, 0) };
      item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, options] };
    }
    return item;
  }

  private refresh(): void {
    const state = this.comparison.state;
    // Our words and a branch name the user chose; never report text.
    this.view.message = state === undefined ? this.comparison.reason : '';
    this.view.description = state === undefined ? '' : `vs ${state.withWhat.ref} (${commitText(state.withWhat)}) · by ${this.order}`;
    this.changed.fire();
  }
}
