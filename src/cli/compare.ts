/**
 * `inspect REPORT --compare BASELINE_REPORT --base REF [--fail-under-patch N] [--mapping FROM=TO]... [--json]`
 * Run inside a git repository: compares the working tree as it is on disk (committed, staged,
 * unstaged and untracked changes since the merge-base of HEAD and REF) and its coverage REPORT
 * with BASELINE_REPORT, made at that merge-base. Prints per-file patch coverage, uncovered and
 * partial changed lines, lost and gained coverage, and the totals.
 * Exit codes: 0 ok, 1 error, 2 bad usage, 3 patch coverage below --fail-under-patch.
 */
import * as path from 'node:path';
import { type ComparisonResult, compareCoverage, type FileComparison, type PatchCoverage, totalsOf } from '../core/compare/compareCoverage';
import type { CoverageReport, FileCoverageData } from '../core/model/model';
import { parsePathMappings, type PathMapping } from '../core/paths/pathMapping';
import { type RepoPathMatch, RepoPathMatcher } from '../core/paths/repoPaths';
import { rangesText } from '../host/compare/comparisonText';
import { terminalJson, terminalText } from '../host/inertText';
import { collectLineChanges } from '../host/compare/lineChanges';
import { WorkingFiles } from '../host/compare/workingFile';
import { AmbiguousRefError, GitRepository } from '../host/git/gitRepository';
import { GitRunner } from '../host/git/gitRunner';
import { DEFAULT_MAX_REPORT_MB } from '../shared/settings';
import { PARALLEL_MIN_BYTES, readReport } from '../worker/readReport';

export const COMPARE_USAGE =
  'usage: inspect REPORT --compare BASELINE_REPORT --base REF [--fail-under-patch N] [--mapping FROM=TO]... [--max-mb N] [--json]\n' +
  '  run inside the git repository; exit 0 ok, 1 error, 2 bad usage, 3 patch coverage below N';

/** Options that make an inspect run a comparison (then refused if --compare itself is missing). */
export const COMPARE_OPTIONS: ReadonlySet<string> = new Set(['--compare', '--base', '--fail-under-patch']);

export interface CompareOptions {
  readonly report: string;
  readonly baselineReport: string;
  readonly base: string;
  readonly failUnderPatch: number | undefined;
  readonly mappings: readonly PathMapping[];
  readonly json: boolean;
  readonly maxMB: number;
}

export class CompareUsageError extends Error {}

/** Notes printed at most (unmatched report paths can be thousands: node_modules, generated code). */
const MAX_NOTES = 50;

/** Per-file text limit for the line diff (a larger file is skipped with a note). */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export function parseCompareArgs(argv: readonly string[], cwd: string): CompareOptions {
  let report: string | undefined;
  let baselineReport: string | undefined;
  let base: string | undefined;
  let failUnderPatch: number | undefined;
  let json = false;
  let maxMB = DEFAULT_MAX_REPORT_MB;
  const mappings: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next === '') throw new CompareUsageError(`${arg} needs a value`);
      return next;
    };
    const once = <T>(current: T | undefined, next: T): T => {
      if (current !== undefined) throw new CompareUsageError(`${arg} given twice`);
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--compare') baselineReport = once(baselineReport, path.resolve(cwd, value()));
    else if (arg === '--base') base = once(base, value());
    else if (arg === '--fail-under-patch') failUnderPatch = once(failUnderPatch, percentage(arg, value()));
    else if (arg === '--max-mb') maxMB = positive(arg, value());
    else if (arg === '--mapping') {
      const [from, ...to] = value().split('=');
      if (!from || to.length === 0) throw new CompareUsageError('--mapping takes FROM=TO');
      mappings[from] = to.join('=');
    } else if (arg === '--workspace') throw new CompareUsageError('--workspace does not apply to --compare: paths are matched against the git repository of the current folder');
    else if (arg.startsWith('-')) throw new CompareUsageError(`unknown option ${arg}`);
    else report = once(report, path.resolve(cwd, arg));
  }
  if (report === undefined) throw new CompareUsageError('no report given');
  if (baselineReport === undefined) throw new CompareUsageError('--compare BASELINE_REPORT is missing');
  if (base === undefined) throw new CompareUsageError('--base REF is missing (the branch the change is compared with, e.g. main or origin/main)');
  if (base.startsWith('-')) throw new CompareUsageError(`--base ${base}: not a branch or commit name`);
  return { report, baselineReport, base, failUnderPatch, mappings: parsePathMappings(mappings), json, maxMB };
}

function percentage(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) throw new CompareUsageError(`${option} takes a percentage from 0 to 100, not ${JSON.stringify(text)}`);
  return value;
}

function positive(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new CompareUsageError(`${option} takes a positive number, not ${JSON.stringify(text)}`);
  return value;
}

export class CompareError extends Error {}

export interface CompareRun {
  readonly result: ComparisonResult;
  readonly baseCommit: string;
  readonly notes: readonly string[];
}

/** Everything but the printing: git, both reports, path matching, line mappings, comparison. */
export async function runComparison(options: CompareOptions, cwd: string, git = new GitRunner()): Promise<CompareRun> {
  const repo = await GitRepository.open(git, cwd);
  if (repo === undefined) throw new CompareError(`${cwd} is not inside a git repository`);
  const head = await repo.head();
  if (head === undefined) throw new CompareError('the repository has no commit yet');
  const target = await repo.resolveCommit(options.base).catch((error: unknown) => {
    throw error instanceof AmbiguousRefError ? new CompareError(`--base ${error.message}`) : error;
  });
  if (target === undefined) throw new CompareError(`--base ${options.base}: no such branch or commit in ${repo.root}`);
  const baseCommit = await repo.mergeBase(head, target);
  if (baseCommit === undefined) throw new CompareError(await repo.noMergeBaseReason(options.base));

  const maxBytes = options.maxMB * 1024 * 1024;
  const read = (file: string) =>
    readReport(file, { maxBytes, workspaceFolders: undefined, parallelMinBytes: PARALLEL_MIN_BYTES, hashContent: false }, () => undefined).catch((error: unknown) => {
      throw new CompareError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    });
  const [current, baseline, baseFiles, treeFiles] = await Promise.all([
    read(options.report),
    read(options.baselineReport),
    repo.filesAt(baseCommit),
    repo.workingTreeFiles(),
  ]);
  const notes: string[] = [];
  const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';
  const byRepoPath = (report: CoverageReport, reportFile: string, files: readonly string[], label: string) => {
    const matcher = new RepoPathMatcher({ root: repo.root, files, reportFolder: path.dirname(reportFile), sourceRoots: report.sourceRoots ?? [], mappings: options.mappings, caseInsensitive });
    const matched = new Map<string, FileCoverageData>();
    const unmatched: FileCoverageData[] = [];
    const reportFiles = [...report.files.values()];
    const matches = matcher.matchAll(reportFiles.map((file) => file.path));
    for (const [i, file] of reportFiles.entries()) {
      const match = matches[i] as RepoPathMatch;
      if (match.path === undefined || matched.has(match.path)) {
        unmatched.push(file);
        notes.push(`${label} ${file.path}: ${match.path === undefined ? match.how : `also matches ${match.path}, kept the first`}`);
      } else matched.set(match.path, file);
    }
    return { matched, unmatched };
  };
  const currentFiles = byRepoPath(current.report, options.report, treeFiles, 'report');
  const baselineFiles = byRepoPath(baseline.report, options.baselineReport, baseFiles, 'baseline report');
  const workingFiles = new WorkingFiles(repo.root, MAX_SOURCE_BYTES);
  const lineChanges = await collectLineChanges(repo, baseCommit, (file) => workingFiles.read(file), {
    wanted: (file) => currentFiles.matched.has(file),
    maxBytes: MAX_SOURCE_BYTES,
  });
  for (const skip of lineChanges.skipped) notes.push(`${skip.path}: not compared (${skip.reason})`);
  for (const gone of lineChanges.deleted) if (currentFiles.matched.has(gone)) notes.push(`report ${gone}: deleted from the working tree (or no longer a file) since the report was made; its coverage is left out`);
  if (notes.length > MAX_NOTES) notes.splice(MAX_NOTES, notes.length - MAX_NOTES, `… and ${notes.length - MAX_NOTES} more`);
  const result = compareCoverage({
    baseline: baselineFiles.matched,
    current: currentFiles.matched,
    changes: lineChanges.changes,
    deleted: lineChanges.deleted,
    skipped: lineChanges.skipped.map((skip) => skip.path),
    baselineUnmatched: totalsOf(baselineFiles.unmatched),
    currentUnmatched: totalsOf(currentFiles.unmatched),
  });
  return { result, baseCommit, notes };
}

/** Files worth a line: a coverable change, lost or gained coverage, or a rename. */
function shown(file: FileComparison): boolean {
  return file.status !== 'deleted' && (file.patch.lines > 0 || file.lost.length > 0 || file.gained.length > 0);
}

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
const patchJson = (patch: PatchCoverage) => ({ ...patch, percent: round2(patch.percent) });

/** The JSON of issue 11: 1-based working-tree line numbers, paths relative to the repository root. */
export function comparisonJson(run: CompareRun, ref: string): unknown {
  return {
    base: { ref, commit: run.baseCommit },
    patch: patchJson(run.result.patch),
    files: run.result.files.filter(shown).map((file) => ({
      path: file.path,
      ...(file.renamedFrom === undefined ? {} : { renamedFrom: file.renamedFrom }),
      patch: patchJson(file.patch),
      uncoveredChanged: file.uncoveredChanged,
      partialChanged: file.partialChanged,
      lost: file.lost.map((lost) => lost.line),
      gained: file.gained,
    })),
  };
}

/** Text in the manner of diff-cover's console report. */
export function comparisonText(run: CompareRun, ref: string): string {
  const { result } = run;
  const rule = '-------------';
  const out = [rule, 'Diff Coverage', `Diff: ${ref}...working tree (merge-base ${run.baseCommit.slice(0, 12)}), committed, staged, unstaged and untracked changes`, rule];
  for (const file of result.files.filter(shown)) {
    const parts: string[] = [];
    if (file.uncoveredChanged.length > 0) parts.push(`Missing lines ${ranges(file.uncoveredChanged)}`);
    if (file.partialChanged.length > 0) parts.push(`partial lines ${ranges(file.partialChanged)}`);
    if (file.lost.length > 0) parts.push(`lost coverage on lines ${ranges(file.lost.map((lost) => lost.line))}`);
    if (file.gained.length > 0) parts.push(`gained on lines ${ranges(file.gained)}`);
    const name = file.renamedFrom === undefined ? file.path : `${file.path} (renamed from ${file.renamedFrom})`;
    const percent = file.patch.percent === null ? 'no changed coverable lines' : percentText(file.patch.percent);
    out.push(`${name} (${percent})${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`);
  }
  const deleted = result.files.filter((file) => file.status === 'deleted' && (file.baseline?.covered ?? 0) + (file.baseline?.partial ?? 0) > 0);
  for (const file of deleted) out.push(`${file.path} (deleted): had ${(file.baseline?.covered ?? 0) + (file.baseline?.partial ?? 0)} covered line(s)`);
  const { patch, project } = result;
  const lost = result.files.reduce((sum, file) => sum + file.lost.length, 0);
  out.push(
    rule,
    `Total:   ${plural(patch.lines, 'line')}`,
    `Missing: ${plural(patch.missed, 'line')}`,
    `Partial: ${plural(patch.partial, 'line')} (count as not covered)`,
    `Coverage: ${patch.percent === null ? 'no changed coverable lines' : `${percentText(patch.percent)} (${patch.covered}/${patch.lines})`}`,
    `Lost coverage: ${plural(lost, 'line')}`,
    `Project: ${project.baseline.percent === null ? '-' : percentText(project.baseline.percent)} → ${project.current.percent === null ? '-' : percentText(project.current.percent)}${project.delta === null ? '' : ` (Δ ${project.delta >= 0 ? '+' : '−'}${Math.abs(project.delta).toFixed(2)}%)`}`,
    rule,
  );
  for (const note of run.notes) out.push(`note: ${note}`);
  return `${out.join('\n')}\n`;
}

function percentText(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `[4, 5, 40, 41, 42]` → `4-5,40-42`, as diff-cover writes them. */
export function ranges(lines: readonly number[]): string {
  return rangesText(lines, ',');
}

/** The whole command: prints and returns the exit code (usage and errors on stderr). */
export async function compareCommand(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  let options: CompareOptions;
  try {
    options = parseCompareArgs(argv, cwd);
  } catch (error) {
    if (!(error instanceof CompareUsageError)) throw error;
    await write(process.stderr, `${error.message}\n${COMPARE_USAGE}\n`);
    return 2;
  }
  let run: CompareRun;
  try {
    run = await runComparison(options, cwd);
  } catch (error) {
    await write(process.stderr, terminalText(`compare: ${error instanceof Error ? error.message : String(error)}\n`));
    return 1;
  }
  await write(process.stdout, options.json ? `${terminalJson(comparisonJson(run, options.base))}\n` : terminalText(comparisonText(run, options.base)));
  const { patch } = run.result;
  if (options.failUnderPatch !== undefined && patch.lines > 0 && patch.covered * 100 < options.failUnderPatch * patch.lines) {
    await write(process.stderr, `patch coverage ${percentText(patch.percent ?? 0)} is below ${options.failUnderPatch}%\n`);
    return 3;
  }
  return 0;
}

/** Resolves once the text is handed to the stream, so a following exit cannot cut it short. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}
