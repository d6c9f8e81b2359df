import type { CoverageFormat } from '../core/model/model';

/** What the host knows of a loaded report, enough to tell whether two describe one test run. */
export interface RunFacts {
  readonly key: string;
  /** The folder holding the report file. */
  readonly folder: string;
  readonly format: CoverageFormat;
  /** A hash of the report's bytes ('' when not hashed). */
  readonly contentHash: string;
  readonly modifiedMs: number;
  /** Workspace files the report covers (resolved paths). */
  readonly files: ReadonlySet<string>;
  readonly hasPerTest: boolean;
  readonly branches: number;
  readonly functions: number;
  readonly lines: number;
}

export interface SetAside {
  readonly key: string;
  /** Why: another format of the same run, or the same bytes and files (the same report found twice). */
  readonly reason: 'same run' | 'same report';
  /** The report of the same run that is shown instead. */
  readonly shownKey: string;
}

/** Formats of one run are written together: a test run's reporters finish within seconds. */
export const SAME_RUN_WINDOW_MS = 60_000;
/** Share of covered files two formats of one run must have in common (Jaccard index). */
const SAME_FILES_RATIO = 0.9;

/**
 * Reports that describe the same test run (pytest-cov's `--cov-report=xml --cov-report=lcov
 * --cov-report=json`, c8 or jest with several reporters) must not be summed: per group, the
 * richest report is kept and the others set aside. Two reports are of one run when they are in
 * different formats (a run writes each format once; two LCOV files are two runs), were written
 * within SAME_RUN_WINDOW_MS of each other, and cover (nearly) the same files, in the same folder
 * or with exactly the same file set. A report whose bytes and resolved files are another's (the
 * same file found again through a symlinked folder, or a copy of it) is that report again: only
 * the first is shown (withoutCopies, which the other modes of merging apply too).
 */
export function oneReportPerRun(all: readonly RunFacts[]): { readonly shown: readonly RunFacts[]; readonly setAside: readonly SetAside[] } {
  const { shown: reports, setAside: copies } = withoutCopies(all);
  const groups = reports.map((report) => [report]);
  const groupOf = new Map(reports.map((report, i) => [report, groups[i] as RunFacts[]]));
  for (let a = 0; a < reports.length; a++) {
    for (let b = a + 1; b < reports.length; b++) {
      const first = reports[a] as RunFacts;
      const second = reports[b] as RunFacts;
      const into = groupOf.get(first) as RunFacts[];
      const from = groupOf.get(second) as RunFacts[];
      // A run writes each format once, so a group never holds one format twice.
      if (into === from || !sameRun(first, second) || from.some((r) => into.some((o) => o.format === r.format))) continue;
      for (const report of from.splice(0)) {
        into.push(report);
        groupOf.set(report, into);
      }
    }
  }
  const shown = new Set<RunFacts>();
  const setAside: SetAside[] = [...copies];
  for (const group of groups) {
    if (group.length === 0) continue;
    const richest = group.reduce((best, candidate) => (richer(candidate, best) ? candidate : best));
    shown.add(richest);
    for (const report of group) if (report !== richest) setAside.push({ key: report.key, shownKey: richest.key, reason: 'same run' });
  }
  return { shown: reports.filter((report) => shown.has(report)), setAside };
}

/** The reports without those whose bytes and resolved files repeat an earlier one's, and those set aside for it. */
export function withoutCopies(all: readonly RunFacts[]): { readonly shown: RunFacts[]; readonly setAside: SetAside[] } {
  const shown: RunFacts[] = [];
  const setAside: SetAside[] = [];
  const byHash = new Map<string, RunFacts[]>();
  for (const report of all) {
    const same = report.contentHash === '' ? undefined : byHash.get(report.contentHash);
    const original = same?.find((other) => other.files.size === report.files.size && countCommon(other.files, report.files) === report.files.size);
    if (original !== undefined) {
      setAside.push({ key: report.key, shownKey: original.key, reason: 'same report' });
      continue;
    }
    shown.push(report);
    if (report.contentHash === '') continue;
    if (same === undefined) byHash.set(report.contentHash, [report]);
    else same.push(report);
  }
  return { shown, setAside };
}

function sameRun(a: RunFacts, b: RunFacts): boolean {
  if (a.format === b.format) return false;
  if (Math.abs(a.modifiedMs - b.modifiedMs) > SAME_RUN_WINDOW_MS) return false;
  const common = countCommon(a.files, b.files);
  const union = a.files.size + b.files.size - common;
  if (common === 0 || common / union < SAME_FILES_RATIO) return false;
  return a.folder === b.folder || common === union;
}

function countCommon(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const file of small) if (large.has(file)) common++;
  return common;
}

/** Per-test data first, then branches, then functions, then the most lines; ties: the newest, then by key. */
function richer(a: RunFacts, b: RunFacts): boolean {
  const order = [
    Number(a.hasPerTest) - Number(b.hasPerTest),
    Number(a.branches > 0) - Number(b.branches > 0),
    Number(a.functions > 0) - Number(b.functions > 0),
    a.lines - b.lines,
    a.modifiedMs - b.modifiedMs,
  ];
  const decided = order.find((difference) => difference !== 0);
  return decided === undefined ? a.key < b.key : decided > 0;
}
