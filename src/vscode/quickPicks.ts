import * as vscode from 'vscode';
import { PERCENT_MODE_MEANINGS, type PercentMode } from '../host/coveragePercent';
import { byFolderAndPath, largestFirst, type PickFile, type PickRow, regionRows, type SummaryOrder, summaryFiles as orderedFiles, summaryRows } from '../host/summaryPicks';
import { uncoveredRegions } from '../shared/detailQueries';
import { codecovRunName } from '../host/codecov/codecovRun';
import type { CoverageTotals } from '../core/model/model';
import type { CoverageIndex, FileEntry } from './coverageIndex';

interface PickItem extends vscode.QuickPickItem {
  readonly uri?: vscode.Uri;
  readonly line?: number;
}

export interface UncoveredRegionInfo {
  readonly uri: vscode.Uri;
  readonly start: number;
  readonly end: number;
  readonly lines: number;
}

/** A covered file in the terms of host/summaryPicks.ts. */
function pickFile(entry: FileEntry): PickFile<FileEntry> {
  const folder = vscode.workspace.getWorkspaceFolder(entry.uri);
  return {
    key: entry,
    path: vscode.workspace.asRelativePath(entry.uri),
    pathInFolder: vscode.workspace.asRelativePath(entry.uri, false),
    folderIndex: folder?.index,
    folderName: folder?.name,
    totals: entry.totals,
  };
}

function quickPickItems(rows: readonly PickRow<vscode.Uri>[]): PickItem[] {
  return rows.map((row): PickItem => {
    if (row.separator) return { label: row.label, kind: vscode.QuickPickItemKind.Separator };
    return { label: row.label, description: row.description, ...(row.detail === undefined ? {} : { detail: row.detail }), ...(row.key === undefined ? {} : { uri: row.key }), ...(row.line === undefined ? {} : { line: row.line }) };
  });
}

/** Every uncovered region of the workspace: by folder and file path, then largest first. */
export async function workspaceUncoveredRegions(index: CoverageIndex): Promise<UncoveredRegionInfo[]> {
  const files = index.allFiles().map(pickFile).sort(byFolderAndPath);
  const result: UncoveredRegionInfo[] = [];
  for (const file of files) {
    const regions = largestFirst(uncoveredRegions(await index.detail(file.key)));
    for (const region of regions) result.push({ uri: file.key.uri, ...region });
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
  const rows = regionRows(
    regions.map((region) => ({ ...region, file: { ...pickFile(index.fileFor(region.uri) as FileEntry), key: region.uri } })),
    mode,
  );
  const picked = await vscode.window.showQuickPick(quickPickItems(rows), { title: 'Go to Uncovered Code', placeHolder: 'Uncovered regions by file, largest first', matchOnDetail: true });
  if (picked?.uri !== undefined) await openAt(picked.uri, picked.line ?? 1);
}

/**
 * `Coverage: Show Report Summary`: totals per report, per folder and per file, led by the
 * percentage VS Code's coverage shows (`testing.displayedCoveragePercent`); a title-bar button
 * switches the files between least covered first and path order. Choosing a file opens it.
 * Rows and labels: host/summaryPicks.ts.
 */
export async function pickFromSummary(index: CoverageIndex, mode: PercentMode): Promise<void> {
  if (index.workspaceTotals().files === 0) {
    void vscode.window.showInformationMessage('Coverage Sentinel: no coverage is loaded.');
    return;
  }
  const picker = vscode.window.createQuickPick<PickItem>();
  const sortButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-ordered'), tooltip: 'Sort files by path / by coverage' };
  let order: SummaryOrder = 'leastCovered';
  picker.title = `Coverage Summary: % of ${PERCENT_MODE_MEANINGS[mode]}`;
  picker.placeholder = 'Choose a file or report to open';
  picker.matchOnDescription = true;
  picker.buttons = [sortButton];
  picker.items = summaryItems(index, order, mode);
  const chosen = await new Promise<PickItem | undefined>((resolve) => {
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

function summaryItems(index: CoverageIndex, order: SummaryOrder, mode: PercentMode): PickItem[] {
  const reports = summaryReports(index).map((report) => ({ path: report.name, totals: report.totals, ...(report.uri === undefined ? {} : { key: report.uri }) }));
  const files = index.allFiles().map((entry) => ({ ...pickFile(entry), key: entry.uri }));
  return quickPickItems(summaryRows(index.workspaceTotals(), reports, files, order, mode));
}

/** The reports of the summary: local report files (openable), then each folder's Codecov coverage by its commit. */
export function summaryReports(index: CoverageIndex): { readonly name: string; readonly totals: CoverageTotals; readonly uri?: vscode.Uri }[] {
  const local = index.allReports().map((report) => ({ name: vscode.workspace.asRelativePath(report.reportUri), totals: report.loaded.totals, uri: report.reportUri }));
  const servers = index.serverReports();
  const codecov = servers.flatMap((report) =>
    report.codecov === undefined ? [] : [{ name: codecovRunName({ ...report.codecov, folderName: report.folder.name }, servers.length > 1), totals: report.loaded.totals }],
  );
  return [...local, ...codecov];
}

/** The files of the summary, in the order chosen; least covered by the percentage shown. */
export function summaryFiles(index: CoverageIndex, order: SummaryOrder, mode: PercentMode): FileEntry[] {
  return orderedFiles(index.allFiles().map(pickFile), order, mode).map((file) => file.key);
}

async function openAt(uri: vscode.Uri, line: number): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
}
