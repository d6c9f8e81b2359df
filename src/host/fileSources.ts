/**
 * Which reports a workspace file's coverage comes from, without `vscode`: the reports grouped by
 * the file each resolved path names, one report per test run (`mergeReports: auto`), all of them
 * (`all`) or the newest (`newest`); and the details fetched once per set of report versions.
 */
import { type CoverageTotals } from '../core/model/model';
import type { FileDetail } from '../shared/fileDetail';
import type { FileSource } from '../shared/protocol';
import type { MergeMode } from '../shared/settings';
import type { ReceivedReport } from '../shared/wire';
import { oneReportPerRun, type RunFacts, type SetAside, withoutCopies } from './sameRun';

/** One loaded report, as the grouping needs it. */
export interface ReportFacts {
  /** Identifies the report (its URI). */
  readonly key: string;
  /** The folder the report file is in. */
  readonly reportFolder: string;
  /** Only its resolved files are read: the rest stay as text (shared/wire.ts). */
  readonly loaded: ReceivedReport;
  readonly loadedAtMs: number;
  /** When the report file was last written. */
  readonly reportModifiedMs: number;
}

/** A workspace file and the reports covering it (oldest first), before totals are merged. */
export interface FileGroup<R> {
  /** The file's key (its URI). */
  readonly key: string;
  readonly resolvedPath: string;
  readonly reports: R[];
  /** Parallel to `reports`: each report's record of the file (the worker's keys). */
  readonly sources: FileSource[];
  /** The first report's totals; several sources need merged totals from the worker. */
  totals: CoverageTotals;
  readonly testNames: string[];
}

export interface Grouping<R> {
  readonly files: Map<string, FileGroup<R>>;
  /** Reports not shown because another describes the same test run (`auto` only). */
  readonly setAside: readonly { readonly report: R; readonly shownInstead: R; readonly reason: SetAside['reason'] }[];
}

/**
 * Groups reports by the file each of their paths resolved to. `factsOf` describes a report;
 * `fileKey` names the file of a resolved path.
 */
export function groupFileSources<R>(reports: Iterable<R>, factsOf: (report: R) => ReportFacts, mode: MergeMode, fileKey: (resolvedPath: string) => string): Grouping<R> {
  const all = [...reports].map((report) => ({ report, facts: factsOf(report) }));
  all.sort((a, b) => a.facts.loadedAtMs - b.facts.loadedAtMs);
  // A report found twice (a symlinked folder, a copy) is never summed with itself; `auto` also keeps one report per run.
  const byKey = new Map(all.map((item) => [item.facts.key, item]));
  const facts = all.map((item) => runFacts(item.facts));
  const runs = mode === 'auto' ? oneReportPerRun(facts) : withoutCopies(facts);
  const ordered = runs.shown.map((shown) => byKey.get(shown.key) as (typeof all)[number]);
  const setAside = runs.setAside.map(({ key, shownKey, reason }) => ({ report: (byKey.get(key) as (typeof all)[number]).report, shownInstead: (byKey.get(shownKey) as (typeof all)[number]).report, reason }));
  const merge = mode !== 'newest';
  const files = new Map<string, FileGroup<R>>();
  for (const { report, facts } of ordered) {
    for (const file of facts.loaded.resolvedFiles) {
      if (file.resolvedPath === undefined) continue;
      const key = fileKey(file.resolvedPath);
      const source = { reportId: facts.loaded.reportId, reportPath: file.reportPath };
      const existing = files.get(key);
      if (existing === undefined || !merge) {
        files.set(key, { key, resolvedPath: file.resolvedPath, reports: [report], sources: [source], totals: file.totals, testNames: [...file.testNames] });
      } else {
        existing.reports.push(report);
        existing.sources.push(source);
        for (const name of file.testNames) if (!existing.testNames.includes(name)) existing.testNames.push(name);
      }
    }
  }
  return { files, setAside };
}

function runFacts(report: ReportFacts): RunFacts {
  const files = new Set<string>();
  for (const file of report.loaded.resolvedFiles) if (file.resolvedPath !== undefined) files.add(file.resolvedPath);
  const { totals, hasTestNames: hasPerTest } = report.loaded;
  return {
    key: report.key,
    folder: report.reportFolder,
    format: report.loaded.format,
    contentHash: report.loaded.contentHash,
    modifiedMs: report.reportModifiedMs,
    files,
    hasPerTest,
    branches: totals.branches,
    functions: totals.functions,
    lines: totals.lines,
  };
}

export function sourcesKey(sources: readonly FileSource[]): string {
  return sources.map((s) => `${s.reportId}\n${s.reportPath}`).join('\u0000');
}

/** Details by their sources: fetched once, forgotten on failure or when no file uses them any more. */
export class DetailCache {
  private readonly details = new Map<string, Promise<FileDetail>>();

  constructor(private readonly fetch: (sources: readonly FileSource[]) => Promise<FileDetail>) {}

  get(sources: readonly FileSource[]): Promise<FileDetail> {
    const key = sourcesKey(sources);
    let detail = this.details.get(key);
    if (detail === undefined) {
      detail = this.fetch(sources);
      detail.catch(() => this.details.delete(key));
      this.details.set(key, detail);
    }
    return detail;
  }

  /** Keeps only the details of these sets of sources. */
  retain(live: Iterable<readonly FileSource[]>): void {
    const keep = new Set([...live].map(sourcesKey));
    for (const key of [...this.details.keys()]) if (!keep.has(key)) this.details.delete(key);
  }
}
