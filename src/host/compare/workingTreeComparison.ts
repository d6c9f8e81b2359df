import { type ComparisonResult, compareCoverageSteps, type CoverageRatio, type FileChange, type LineCoverage } from '../../core/compare/compareCoverage';
import type { GitRepository } from '../git/gitRepository';
import type { Baseline } from './baseline';
import { contentHash } from './contentHash';
import { moveBaselineOnto } from './moveBaseline';
import { collectLineChanges, type CurrentText, type TextDiff } from './lineChanges';

export interface WorkingTreeInput {
  readonly repo: GitRepository;
  readonly baseline: Baseline;
  /** Current coverage by working-tree path (relative to the repository root). */
  readonly current: ReadonlyMap<string, LineCoverage>;
  /** The lines of current files that matched no repository path, as one figure. */
  readonly currentUnmatched?: CoverageRatio;
  /** The editor's text where a document is open (unsaved edits included), else the disk. */
  readonly currentText: CurrentText;
  readonly diff?: TextDiff;
  readonly maxBytes?: number;
  /** Paths with unsaved edits in the editor (lineChanges.ts `unsaved`). */
  readonly unsaved?: readonly string[];
  /**
   * The commit the patch is taken against: the merge-base (Codecov's definition). A baseline of
   * another commit is first moved onto it (moveBaseline.ts). Unset: the baseline's commit.
   */
  readonly patchBase?: string;
}

export interface WorkingTreeComparison {
  readonly result: ComparisonResult;
  /** The baseline as compared: moved onto `patchBase` when it described another commit. */
  readonly baseline: Baseline;
  /** Files left out, and why. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * The working tree (with the editor's unsaved text) against a baseline: line changes from the
 * baseline's commit (the baseline first moved onto `patchBase`), then compareCoverage. A file the baseline saved from uncommitted text is
 * compared line for line when its text is still exactly that text, and left out otherwise
 * (its baseline lines describe a text git does not have).
 */
export async function compareWorkingTree(input: WorkingTreeInput): Promise<WorkingTreeComparison> {
  const { repo } = input;
  const moveOptions = { ...(input.diff === undefined ? {} : { diff: input.diff }), ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }) };
  const baseline = input.patchBase === undefined ? input.baseline : await moveBaselineOnto(repo, input.baseline, input.patchBase, moveOptions);
  const lineChanges = await collectLineChanges(repo, baseline.commit, input.currentText, {
    wanted: (path) => input.current.has(path),
    ...moveOptions,
    ...(input.unsaved === undefined ? {} : { unsaved: input.unsaved }),
  });
  const skipped = [...lineChanges.skipped];
  let changes: FileChange[] = lineChanges.changes;
  const hashes = baseline.contentHashes ?? new Map<string, string>();
  if (hashes.size > 0) {
    const same = new Set<string>();
    for (const [path, hash] of hashes) {
      const text = await input.currentText(path);
      if (text.kind === 'text' && contentHash(text.text) === hash) same.add(path);
      else skipped.push({ path, reason: 'the baseline was saved from uncommitted text that has changed since' });
    }
    // The same text as when saved: compared line for line, as an unchanged file.
    changes = changes.filter((change) => !same.has(change.path));
  }
  const result = await inSlices(compareCoverageSteps({
    baseline: baseline.files,
    current: input.current,
    changes,
    deleted: lineChanges.deleted,
    skipped: skipped.map((skip) => skip.path),
    ...(baseline.unmatched === undefined ? {} : { baselineUnmatched: baseline.unmatched }),
    ...(input.currentUnmatched === undefined ? {} : { currentUnmatched: input.currentUnmatched }),
  }));
  return { result, baseline, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** Longest the comparison runs before the event loop gets a turn (the editor's host stays responsive). */
const SLICE_MS = 8;

async function inSlices<T>(steps: Generator<void, T, void>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
