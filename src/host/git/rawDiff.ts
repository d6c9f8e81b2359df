import { isUtf8 } from 'node:buffer';

/**
 * `git diff-index --raw -z` output: `:oldMode newMode oldSha newSha STATUS[score]\0path\0`, with
 * a second path for renames and copies. Paths are bytes as git stores them (decoded as UTF-8).
 */
export interface RawChange {
  /** A added, D deleted, M modified, R renamed, C copied, T type changed, U unmerged. */
  readonly status: 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U';
  /** The path at the base (same as `path` unless renamed or copied). */
  readonly oldPath: string;
  /** The path in the working tree (the old path for a deletion). */
  readonly path: string;
  readonly oldMode: string;
  readonly newMode: string;
  /** The blob at the base, or undefined when the file is new there. */
  readonly oldBlob: string | undefined;
  /**
   * The blob on the other side, or undefined when the file is gone there or its content is not
   * in git yet (diff-index's working-tree side: git prints zeros for it).
   */
  readonly newBlob: string | undefined;
  /** Similarity percentage for renames and copies. */
  readonly score: number | undefined;
  /**
   * A path is not valid UTF-8 (git keeps names as bytes: Latin-1 names in old repositories):
   * decoded, it names no file on disk, so the file cannot be read by that name.
   */
  readonly notUtf8?: true;
}

export class RawDiffError extends Error {
  constructor(reason: string) {
    super(`unexpected git diff --raw output: ${reason}`);
    this.name = 'RawDiffError';
  }
}

const STATUSES = new Set(['A', 'C', 'D', 'M', 'R', 'T', 'U']);
const NULL_SHA = /^0+$/;

export function parseRawDiff(output: Buffer): RawChange[] {
  const checked = splitNulChecked(output);
  const fields = checked.map((field) => field.text);
  const changes: RawChange[] = [];
  let i = 0;
  while (i < fields.length) {
    const header = fields[i++] as string;
    if (!header.startsWith(':')) throw new RawDiffError(`expected ':' at field ${i}`);
    const [oldMode, newMode, oldSha, newSha, statusField] = header.slice(1).split(' ');
    const letter = statusField?.[0] ?? '';
    if (oldMode === undefined || newMode === undefined || oldSha === undefined || newSha === undefined || !STATUSES.has(letter)) throw new RawDiffError(`bad header ${JSON.stringify(header)}`);
    const status = letter as RawChange['status'];
    const first = fields[i++];
    if (first === undefined) throw new RawDiffError('path missing');
    let path = first;
    let utf8 = checked[i - 1]?.utf8 === true;
    if (status === 'R' || status === 'C') {
      const second = fields[i++];
      if (second === undefined) throw new RawDiffError('second path missing');
      path = second;
      utf8 &&= checked[i - 1]?.utf8 === true;
    }
    const score = statusField !== undefined && statusField.length > 1 ? Number(statusField.slice(1)) : undefined;
    changes.push({
      status,
      oldPath: first,
      path,
      oldMode,
      newMode,
      oldBlob: NULL_SHA.test(oldSha) ? undefined : oldSha,
      newBlob: NULL_SHA.test(newSha) ? undefined : newSha,
      score,
      ...(utf8 ? {} : { notUtf8: true as const }),
    });
  }
  return changes;
}

/** NUL-terminated fields, decoded as UTF-8; a trailing empty field is dropped. */
export function splitNul(output: Buffer): string[] {
  return splitNulChecked(output).map((field) => field.text);
}

/** splitNul, with whether each field was valid UTF-8 (else its text is lossy: U+FFFD stands for the bad bytes). */
export function splitNulChecked(output: Buffer): { readonly text: string; readonly utf8: boolean }[] {
  const fields: { text: string; utf8: boolean }[] = [];
  const push = (bytes: Buffer) => fields.push({ text: bytes.toString('utf8'), utf8: isUtf8(bytes) });
  let start = 0;
  for (;;) {
    const end = output.indexOf(0, start);
    if (end === -1) break;
    push(output.subarray(start, end));
    start = end + 1;
  }
  if (start < output.length) push(output.subarray(start));
  return fields;
}
