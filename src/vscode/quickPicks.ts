import * as vscode from 'vscode';
import { addTotals, type CoverageTotals, emptyTotals } from '../core/model/model';
import { coverageShare, describeTotals, formatShare, PERCENT_MODE_MEANINGS, type PercentMode, ratioOf } from '../host/coveragePercent';
import { uncoveredRegions } from '../shared/detailQueries';
import { inertLabel } from '../host/inertText';
import type { CoverageIndex, FileEntry } from './coverageIndex';

interface RegionItem extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
  readonly line: number;
}

export interface UncoveredRegionInfo {
  readonly uri: vscode.Uri;
  readonly start: number;
  readonly end: number;
  readonly lines: number;
}

/** Every uncovered region of the workspace: by folder and file path, then largest first. */
export async function workspaceUncoveredRegions(index: CoverageIndex): Promise<UncoveredRegionInfo[]> {
  const entries = [...index.allFiles()].sort(byFolderAndPath);
  const result: UncoveredRegionInfo[] = [];
  for (const entry of entries) {
    const regions = uncoveredRegions(await index.detail(entry)).sort((a, b) => b.lines - a.lines || a.start - b.start);
    for (const region of regions) result.push({ uri: entry.uri, ...region });
  }
  return result;
}

/** `Coverage: Go to Uncovered Code…` */
export async function pickUncoveredRegion(index: CoverageIndex, mode: PercentMode): Promise<void> {
  const regions = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding uncovered code' }, () =>
    workspaceUncoveredRegions(index),
  );
  if (regions.length === 0) {
    void vscode.window.showInformationMessage(index.allFiles().length === 0 ? 'Coverage Sentinel: no coverage is loaded.' : 'Coverage Sentinel: every line is covered.');
    return;
  }
  const items: (RegionItem | vscode.QuickPickItem)[] = [];
  let currentFile = '';
  for (const region of regions) {
    const entry = index.fileFor(region.uri) as FileEntry;
    const relative = vscode.workspace.asRelativePath(region.uri);
    if (relative !== currentFile) {
      currentFile = relative;
      items.push({ label: `${inertLabel(relative)} · ${formatShare(coverageShare(entry.totals, mode))}`, kind: vscode.QuickPickItemKind.Separator });
    }
    const span = region.start === region.end ? `line ${region.start}` : `lines ${region.start}–${region.end}`;
    items.push({ label: `$(circle-slash) ${span}`, description: `${region.lines} uncovered line${region.lines === 1 ? '' : 's'}`, detail: inertLabel(relative), uri: region.uri, line: region.start });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Go to Uncovered Code', placeHolder: 'Uncovered regions by file, largest first', matchOnDetail: true });
  if (picked !== undefined && 'uri' in picked) await openAt(picked.uri, picked.line);
}

interface FileItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
}

export type SummaryOrder = 'leastCovered' | 'path';

/**
 * `Coverage: Show Report Summary`: totals per report, per folder and per file, led by the
 * percentage VS Code's coverage shows (`testing.displayedCoveragePercent`); a title-bar button
 * switches the files between least covered first and path order. Choosing a file opens it.
 * Names (of reports, folders, files) are labels: their `$(…)` is shown, not rendered as an icon.
 */
export async function pickFromSummary(index: CoverageIndex, mode: PercentMode): Promise<void> {
  if (index.workspaceTotals().files === 0) {
    void vscode.window.showInformationMessage('Coverage Sentinel: no coverage is loaded.');
    return;
  }
  const picker = vscode.window.createQuickPick<FileItem>();
  const sortButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-ordered'), tooltip: 'Sort files by path / by coverage' };
  let order: SummaryOrder = 'leastCovered';
  picker.title = `Coverage Summary: % of ${PERCENT_MODE_MEANINGS[mode]}`;
  picker.placeholder = 'Choose a file or report to open';
  picker.matchOnDescription = true;
  picker.buttons = [sortButton];
  picker.items = summaryItems(index, order, mode);
  const chosen = await new Promise<FileItem | undefined>((resolve) => {
    picker.onDidTriggerButton(() => {
      order = order === 'leastCovered' ? 'path' : 'leastCovered';
      picker.items = summaryItems(index, order, mode);
    });
    picker.onDidAccept(() => resolve(picker.selectedItems[0]));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (chosen?.uri !== undefined) await openAt(chosen.uri, 1);
}

function summaryItems(index: CoverageIndex, order: SummaryOrder, mode: PercentMode): FileItem[] {
  const items: FileItem[] = [];
  items.push({ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: `$(root-folder) All files`, description: describeTotals(index.workspaceTotals(), mode) });
  items.push({ label: 'Reports', kind: vscode.QuickPickItemKind.Separator });
  for (const report of index.allReports()) {
    items.push({ label: `$(file-code) ${inertLabel(vscode.workspace.asRelativePath(report.reportUri))}`, description: describeTotals(report.loaded.totals, mode), uri: report.reportUri });
  }
  items.push({ label: 'Folders', kind: vscode.QuickPickItemKind.Separator });
  for (const [name, totals] of folderTotals(index)) items.push({ label: `$(folder) ${inertLabel(name)}`, description: describeTotals(totals, mode) });
  items.push({ label: order === 'leastCovered' ? 'Files, least covered first' : 'Files, by path', kind: vscode.QuickPickItemKind.Separator });
  for (const file of summaryFiles(index, order, mode)) {
    items.push({ label: `$(file) ${inertLabel(vscode.workspace.asRelativePath(file.uri))}`, description: describeTotals(file.totals, mode), uri: file.uri });
  }
  return items;
}

/** The files of the summary, in the order chosen; least covered by the percentage shown. */
export function summaryFiles(index: CoverageIndex, order: SummaryOrder, mode: PercentMode): FileEntry[] {
  const ratio = (totals: CoverageTotals) => {
    const share = coverageShare(totals, mode);
    return share === undefined ? 1 : ratioOf(share);
  };
  const leastCoveredFirst = (a: FileEntry, b: FileEntry) => ratio(a.totals) - ratio(b.totals) || byFolderAndPath(a, b);
  return [...index.allFiles()].sort(order === 'leastCovered' ? leastCoveredFirst : byFolderAndPath);
}

function folderTotals(index: CoverageIndex): Map<string, CoverageTotals> {
  const result = new Map<string, CoverageTotals>();
  for (const file of index.allFiles()) {
    const folder = vscode.workspace.getWorkspaceFolder(file.uri)?.name ?? '(outside the workspace)';
    const totals = result.get(folder) ?? emptyTotals();
    addTotals(totals, file.totals);
    result.set(folder, totals);
  }
  return result;
}

function byFolderAndPath(a: FileEntry, b: FileEntry): number {
  const folder = (uri: vscode.Uri) => vscode.workspace.getWorkspaceFolder(uri)?.index ?? Number.MAX_SAFE_INTEGER;
  const pathA = vscode.workspace.asRelativePath(a.uri, false);
  const pathB = vscode.workspace.asRelativePath(b.uri, false);
  return folder(a.uri) - folder(b.uri) || (pathA < pathB ? -1 : pathA > pathB ? 1 : 0);
}

async function openAt(uri: vscode.Uri, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
}
