import * as vscode from 'vscode';
import { comparedWithLabel, type ComparisonRow, comparisonRows, type RowOrder } from '../../host/compare/comparisonText';
import { inertLabel, printable } from '../../host/inertText';
import { Disposable } from '../disposable';
import { type ComparisonController, type ComparisonState, type RepositoryOutcome, uriIn } from './comparisonController';

const STATUS_ICONS: Record<ComparisonRow['status'], string> = {
  added: 'diff-added',
  deleted: 'diff-removed',
  modified: 'diff-modified',
  renamed: 'diff-renamed',
  unchanged: 'file',
};

/** A row of the view: a repository (when several are compared) or a file of one. */
export type ComparisonNode = { readonly kind: 'repository'; readonly outcome: RepositoryOutcome } | { readonly kind: 'file'; readonly row: ComparisonRow; readonly state: ComparisonState };

/**
 * The comparison view in the Testing container: one row per file with baseline %, now %, Δ,
 * patch % and lost lines, sortable; a click opens the file. Deleted files that had covered
 * lines are listed (not openable). With several repositories, each is a row holding its files
 * (or saying why it is not compared). Labels are inert (comparisonRows).
 */
export class ComparisonTree extends Disposable implements vscode.TreeDataProvider<ComparisonNode> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  private order: RowOrder = 'path';
  private readonly view: vscode.TreeView<ComparisonNode>;

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

  /** The file rows of every repository compared, a repository after another. */
  rows(): ComparisonRow[] {
    return this.comparison.states.flatMap((state) => this.filesOf(state).map((node) => node.row));
  }

  getChildren(element?: ComparisonNode): ComparisonNode[] {
    if (element?.kind === 'file') return [];
    if (element?.kind === 'repository') return 'state' in element.outcome ? this.filesOf(element.outcome.state) : [];
    const outcomes = this.comparison.repositories;
    if (outcomes.length > 1) return outcomes.map((outcome) => ({ kind: 'repository', outcome }));
    const only = outcomes[0];
    return only !== undefined && 'state' in only ? this.filesOf(only.state) : [];
  }

  getTreeItem(node: ComparisonNode): vscode.TreeItem {
    return node.kind === 'repository' ? repositoryItem(node.outcome) : fileItem(node.row, node.state);
  }

  private filesOf(state: ComparisonState): { kind: 'file'; row: ComparisonRow; state: ComparisonState }[] {
    return comparisonRows(state.run.result, this.order).map((row) => ({ kind: 'file', row, state }));
  }

  private refresh(): void {
    const outcomes = this.comparison.repositories;
    const only = outcomes.length === 1 ? outcomes[0] : undefined;
    // Our words, with branch names that origin/HEAD (a remote) may have chosen.
    this.view.message = this.comparison.states.length === 0 ? printable(this.comparison.reason, 1000) : '';
    this.view.description = only !== undefined && 'state' in only ? `${comparedWithLabel(only.state.withWhat)} · by ${this.order}` : this.comparison.states.length > 0 ? `by ${this.order}` : '';
    this.changed.fire();
  }
}

function repositoryItem(outcome: RepositoryOutcome): vscode.TreeItem {
  const compared = 'state' in outcome;
  const item = new vscode.TreeItem(inertLabel(outcome.name), compared ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `repository:${outcome.root}`;
  item.iconPath = new vscode.ThemeIcon('repo');
  item.description = compared ? comparedWithLabel(outcome.state.withWhat) : inertLabel(outcome.reason);
  item.tooltip = compared ? outcome.root : `${outcome.root}: ${printable(outcome.reason, 1000)}`;
  return item;
}

function fileItem(row: ComparisonRow, state: ComparisonState): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[row.status]);
  if (row.status !== 'deleted') {
    const line = row.file.lost[0]?.line ?? row.file.uncoveredChanged[0] ?? row.file.partialChanged[0];
    const options: vscode.TextDocumentShowOptions = line === undefined ? {} : { selection: new vscode.Range(line - 1, 0, line - 1, 0) };
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uriIn(state.repo, row.path), options] };
  }
  return item;
}
