import type { FileChange } from '../../core/compare/compareCoverage';
import { diffTexts } from '../../core/lines/lineDiff';
import { LineMapping } from '../../core/lines/lineMapping';
import { splitLines } from '../../core/lines/textLines';
import { type BlobText, DEFAULT_MAX_BLOB_BYTES, type GitRepository, isFileMode } from '../git/gitRepository';

/** The text of a working-tree file: the editor's document (unsaved edits included) or the disk. */
export type CurrentText = (path: string) => Promise<BlobText>;

/** Where the line diff runs (the editor moves it off the main thread). */
export type TextDiff = (oldText: string, newText: string) => LineMapping | Promise<LineMapping>;

export interface LineChanges {
  readonly changes: FileChange[];
  /** Paths at the base commit that no longer exist. */
  readonly deleted: string[];
  /** Changed files without a line mapping, and why. */
  readonly skipped: { readonly path: string; readonly reason: string }[];
}

export interface LineChangeOptions {
  /** Only these working-tree paths get a line mapping (the files the current report covers). */
  readonly wanted?: (path: string) => boolean;
  readonly maxBytes?: number;
  readonly diff?: TextDiff;
  /** Files read at once. */
  readonly concurrency?: number;
  /**
   * Working-tree paths whose current text may differ from the disk (unsaved editor documents):
   * diffed against the base even when git, which reads the disk, lists no change for them.
   */
  readonly unsaved?: readonly string[];
}

/**
 * The line mapping of every file that differs between `base` and the working tree: the base
 * blob against the current text in one diff per file, renames followed, untracked files wholly
 * added, deleted files listed, binary and oversized files skipped with the reason.
 */
export async function collectLineChanges(repo: GitRepository, base: string, currentText: CurrentText, options: LineChangeOptions = {}): Promise<LineChanges> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const diff = options.diff ?? diffTexts;
  const wanted = options.wanted ?? (() => true);
  const all = await repo.changesSince(base);
  const listed = new Set(all.map((change) => change.path));
  const unsaved = (options.unsaved ?? []).filter((path) => !listed.has(path) && wanted(path));
  const deleted: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const changes: FileChange[] = [];
  const toMap = all.filter((change) => {
    if (change.status === 'deleted') {
      deleted.push(change.basePath);
      return false;
    }
    if (change.notUtf8 === true && wanted(change.path)) {
      // Its decoded name names no file (reading it would say "missing", taken for a deletion): not compared, said so.
      skipped.push({ path: change.path, reason: 'its name is not UTF-8' });
      return false;
    }
    if (wanted(change.path)) return true;
    // Still listed (a rename must not leave its old path looking unchanged), without a mapping.
    const added = change.status === 'added' || change.status === 'untracked';
    changes.push({ path: change.path, basePath: added ? change.path : change.basePath, mapping: undefined, added });
    return false;
  });
  const blobs = await repo.readBlobs(
    toMap.filter((change) => change.baseBlob !== undefined && isFileMode(change.baseMode)).map((change) => change.baseBlob as string),
    maxBytes,
  );

  await forEachLimited(toMap, options.concurrency ?? 16, async (change) => {
    const current = await currentText(change.path);
    const baseText: BlobText = change.baseBlob === undefined || !isFileMode(change.baseMode) ? { kind: 'missing' } : (blobs.get(change.baseBlob) ?? { kind: 'missing' });
    if (current.kind === 'missing' || current.kind === 'notAFile') {
      // Gone from disk since git listed it, or now a link: nothing of it is code any more.
      if (baseText.kind !== 'missing') deleted.push(change.basePath);
      return;
    }
    if (current.kind !== 'text') return void skipped.push({ path: change.path, reason: reasonOf(current) });
    if (baseText.kind === 'missing' || change.status === 'added' || change.status === 'untracked') {
      changes.push({ path: change.path, basePath: change.path, mapping: LineMapping.added(splitLines(current.text).length), added: true });
      return;
    }
    if (baseText.kind !== 'text') return void skipped.push({ path: change.path, reason: reasonOf(baseText) });
    changes.push({ path: change.path, basePath: change.basePath, mapping: await diff(baseText.text, current.text), added: false });
  });
  // Unchanged on disk, edited in the editor: the base text is the disk's text git has at `base`.
  await forEachLimited(unsaved, options.concurrency ?? 16, async (path) => {
    const [baseText, current] = await Promise.all([repo.showFile(base, path, maxBytes), currentText(path)]);
    if (current.kind !== 'text' || baseText.kind !== 'text') return;
    const mapping = await diff(baseText.text, current.text);
    if (!mapping.isIdentity) changes.push({ path, basePath: path, mapping, added: false });
  });
  changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  deleted.sort();
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { changes, deleted, skipped };
}

function reasonOf(text: BlobText): string {
  switch (text.kind) {
    case 'binary':
      return 'binary';
    case 'tooLarge':
      return `too large (${text.size} bytes)`;
    case 'notAFile':
      return 'not a regular file';
    case 'missing':
      return 'missing';
    case 'text':
      return '';
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
