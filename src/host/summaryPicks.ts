import { addTotals, type CoverageTotals, emptyTotals } from '../core/model/model';
import { coverageShare, describeTotals, formatShare, type PercentMode, ratioOf } from './coveragePercent';
import { inertLabel } from './inertText';

/**
 * What the quick picks show (`Show Report Summary`, `Go to Uncovered Code…`), decided without
 * `vscode`: rows, their order and their labels. Names from reports and the workspace are labels
 * through inertLabel, so a `$(…)` in them is shown, not rendered as an icon; the `$(…)` icons are
 * our own.
 */

export type SummaryOrder = 'leastCovered' | 'path';

/** A covered file as the picks see it; `key` is the caller's handle (a URI). */
export interface PickFile<K> {
  readonly key: K;
  /** As the workspace names it (with its folder's name in a multi-root workspace). */
  readonly path: string;
  /** Relative to its own folder: the sort key within a folder. */
  readonly pathInFolder: string;
  /** Its workspace folder's index and name; undefined outside the workspace. */
  readonly folderIndex: number | undefined;
  readonly folderName: string | undefined;
  readonly totals: CoverageTotals;
}

/** A quick pick row: a separator, or an item that may lead to a file (and a line). */
export type PickRow<K> =
  | { readonly separator: true; readonly label: string }
  | { readonly separator: false; readonly label: string; readonly description: string; readonly detail?: string; readonly key?: K; readonly line?: number };

/** Workspace folders in their order (files outside the workspace last), then by path. */
export function byFolderAndPath(a: PickFile<unknown>, b: PickFile<unknown>): number {
  const folder = (file: PickFile<unknown>) => file.folderIndex ?? Number.MAX_SAFE_INTEGER;
  return folder(a) - folder(b) || (a.pathInFolder < b.pathInFolder ? -1 : a.pathInFolder > b.pathInFolder ? 1 : 0);
}

/** The files of the summary, in the order chosen; least covered by the percentage shown. */
export function summaryFiles<K>(files: readonly PickFile<K>[], order: SummaryOrder, mode: PercentMode): PickFile<K>[] {
  const ratio = (totals: CoverageTotals) => {
    const share = coverageShare(totals, mode);
    return share === undefined ? 1 : ratioOf(share);
  };
  const leastCoveredFirst = (a: PickFile<K>, b: PickFile<K>) => ratio(a.totals) - ratio(b.totals) || byFolderAndPath(a, b);
  return [...files].sort(order === 'leastCovered' ? leastCoveredFirst : byFolderAndPath);
}

/** Totals per workspace folder name, in the order files come. */
export function folderTotals(files: readonly PickFile<unknown>[]): Map<string, CoverageTotals> {
  const result = new Map<string, CoverageTotals>();
  for (const file of files) {
    const folder = file.folderName ?? '(outside the workspace)';
    const totals = result.get(folder) ?? emptyTotals();
    addTotals(totals, file.totals);
    result.set(folder, totals);
  }
  return result;
}

/** `Show Report Summary`: the workspace, each report, each folder, then the files in the order chosen. */
export function summaryRows<K>(
  workspace: CoverageTotals,
  /** Report files (with a key, to open them) and server coverage (without one). */
  reports: readonly { readonly key?: K; readonly path: string; readonly totals: CoverageTotals }[],
  files: readonly PickFile<K>[],
  order: SummaryOrder,
  mode: PercentMode,
): PickRow<K>[] {
  const rows: PickRow<K>[] = [];
  rows.push({ separator: true, label: 'Workspace' });
  rows.push({ separator: false, label: `$(root-folder) All files`, description: describeTotals(workspace, mode) });
  rows.push({ separator: true, label: 'Reports' });
  for (const report of reports) {
    const label = `$(${report.key === undefined ? 'cloud' : 'file-code'}) ${inertLabel(report.path)}`;
    rows.push({ separator: false, label, description: describeTotals(report.totals, mode), ...(report.key === undefined ? {} : { key: report.key }) });
  }
  rows.push({ separator: true, label: 'Folders' });
  for (const [name, totals] of folderTotals(files)) rows.push({ separator: false, label: `$(folder) ${inertLabel(name)}`, description: describeTotals(totals, mode) });
  rows.push({ separator: true, label: order === 'leastCovered' ? 'Files, least covered first' : 'Files, by path' });
  for (const file of summaryFiles(files, order, mode)) rows.push({ separator: false, label: `$(file) ${inertLabel(file.path)}`, description: describeTotals(file.totals, mode), key: file.key });
  return rows;
}

/** A file's uncovered regions, largest first (then by line). */
export function largestFirst<R extends { readonly start: number; readonly lines: number }>(regions: R[]): R[] {
  return regions.sort((a, b) => b.lines - a.lines || a.start - b.start);
}

/** `Go to Uncovered Code…`: a separator per file (its path and percentage), then a row per region, in the order given. */
export function regionRows<K>(regions: readonly { readonly file: PickFile<K>; readonly start: number; readonly end: number; readonly lines: number }[], mode: PercentMode): PickRow<K>[] {
  const rows: PickRow<K>[] = [];
  let currentFile = '';
  for (const region of regions) {
    const relative = region.file.path;
    if (relative !== currentFile) {
      currentFile = relative;
      rows.push({ separator: true, label: `${inertLabel(relative)} · ${formatShare(coverageShare(region.file.totals, mode))}` });
    }
    const span = region.start === region.end ? `line ${region.start}` : `lines ${region.start}–${region.end}`;
    rows.push({ separator: false, label: `$(circle-slash) ${span}`, description: `${region.lines} uncovered line${region.lines === 1 ? '' : 's'}`, detail: inertLabel(relative), key: region.file.key, line: region.start });
  }
  return rows;
}
