import type { LineCoverage } from '../../core/compare/compareCoverage';
import { REMOVED } from '../../core/lines/lineMap';
import { diffTexts } from '../../core/lines/lineDiff';
import { type BlobText, DEFAULT_MAX_BLOB_BYTES, type GitRepository, isFileMode } from '../git/gitRepository';
import type { Baseline } from './baseline';
import type { TextDiff } from './lineChanges';

export interface MoveOptions {
  readonly diff?: TextDiff;
  readonly maxBytes?: number;
}

/**
 * A baseline that describes another commit than the merge-base (the nearest ancestor with
 * coverage, a report made at a set commit) moved onto the merge-base: each file's lines through
 * the line diff of its blob there against its blob at `target`, renames followed. Lines that
 * commit changed keep no baseline coverage (nobody measured them); a file deleted by then, or
 * without a text diff (binary, too large), is dropped and noted. Files saved from uncommitted
 * text (`contentHashes`) are matched by their text, not by commit, and are kept as they are.
 * The patch is then the change against the merge-base — Codecov's definition — and not main's
 * later commits too.
 */
export async function moveBaselineOnto(repo: GitRepository, baseline: Baseline, target: string, options: MoveOptions = {}): Promise<Baseline> {
  if (baseline.commit === target) return baseline;
  const diff = options.diff ?? diffTexts;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const hashed = baseline.contentHashes ?? new Map<string, string>();
  const changes = new Map((await repo.changesBetween(baseline.commit, target)).map((change) => [change.oldPath, change]));
  const wanted = [...changes.values()].filter((change) => baseline.files.has(change.oldPath) && !hashed.has(change.oldPath) && change.status !== 'D');
  const blobs = await repo.readBlobs(
    wanted.flatMap((change) => (change.oldBlob !== undefined && change.newBlob !== undefined && isFileMode(change.oldMode) && isFileMode(change.newMode) ? [change.oldBlob, change.newBlob] : [])),
    maxBytes,
  );
  const text = (blob: string | undefined): string | undefined => {
    const found: BlobText | undefined = blob === undefined ? undefined : blobs.get(blob);
    return found?.kind === 'text' ? found.text : undefined;
  };

  const files = new Map<string, LineCoverage>();
  const notes = [...(baseline.notes ?? [])];
  for (const [path, coverage] of baseline.files) {
    const change = changes.get(path);
    if (change === undefined || hashed.has(path)) {
      files.set(path, coverage);
      continue;
    }
    if (change.status === 'D') {
      notes.push(`${path}: deleted between the baseline's commit and the merge-base, left out`);
      continue;
    }
    const before = text(change.oldBlob);
    const after = text(change.newBlob);
    if (before === undefined || after === undefined) {
      notes.push(`${path}: no text diff to the merge-base (binary, too large or not a file), left out`);
      continue;
    }
    files.set(change.path, moveLines(coverage, await diff(before, after)));
  }
  return { ...baseline, commit: target, coverageCommit: baseline.coverageCommit ?? baseline.commit, files, notes };
}

function moveLines(coverage: LineCoverage, mapping: { mapLines(lines: Uint32Array): Int32Array }): LineCoverage {
  const mapped = mapping.mapLines(coverage.lines);
  const keep: number[] = [];
  for (let i = 0; i < mapped.length; i++) if (mapped[i] !== REMOVED) keep.push(i);
  return {
    lines: Uint32Array.from(keep, (i) => mapped[i] as number),
    hits: Float64Array.from(keep, (i) => coverage.hits[i] as number),
    status: Uint8Array.from(keep, (i) => coverage.status[i] as number),
  };
}
