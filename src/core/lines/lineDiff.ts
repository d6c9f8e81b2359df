import { type Hunk, LineMapping } from './lineMapping';
import { myersChanges } from './myers';
import { slideChanges } from './slideChanges';
import { splitLines } from './textLines';

/**
 * The line mapping from an old text to a new one (a baseline commit's file against the editor's
 * text, unsaved edits included): one line diff, CRLF and LF alike (`splitLines`).
 */
export function diffTexts(oldText: string, newText: string): LineMapping {
  return LineMapping.fromHunks(diffLines(splitLines(oldText), splitLines(newText)));
}

/**
 * The hunks between two lists of lines, as git's default diff draws them: lines found only on
 * one side are set aside first, the rest go through Myers' algorithm, then runs of changes
 * slide to where git puts them (`slideChanges`).
 */
export function diffLines(a: readonly string[], b: readonly string[]): Hunk[] {
  // Flags indexed from 1 with a 0 on each end (see slideChanges).
  const changedA = new Uint8Array(a.length + 2);
  const changedB = new Uint8Array(b.length + 2);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const endA = a.length - suffix;
  const endB = b.length - suffix;

  if (prefix === endA || prefix === endB) {
    // A pure insertion or deletion (the common edit): nothing to match.
    changedA.fill(1, prefix + 1, endA + 1);
    changedB.fill(1, prefix + 1, endB + 1);
  } else {
    // Ids for the lines between the common ends; the common lines only add to the counts.
    const ids = new Map<string, number>();
    const idsA = intern(a, prefix, endA, ids);
    const idsB = intern(b, prefix, endB, ids);
    const countsA = countIds(idsA, ids.size);
    const countsB = countIds(idsB, ids.size);
    const countCommon = (line: string) => {
      const id = ids.get(line);
      if (id === undefined) return;
      countsA[id] = (countsA[id] as number) + 1;
      countsB[id] = (countsB[id] as number) + 1;
    };
    for (let i = 0; i < prefix; i++) countCommon(a[i] as string);
    for (let i = endA; i < a.length; i++) countCommon(a[i] as string);
    const keptA = keepMatchable(idsA, a.length, countsB, changedA, prefix);
    const keptB = keepMatchable(idsB, b.length, countsA, changedB, prefix);
    const reducedA = pick(idsA, keptA);
    const reducedB = pick(idsB, keptB);
    const reducedChangedA = new Uint8Array(reducedA.length);
    const reducedChangedB = new Uint8Array(reducedB.length);
    myersChanges(reducedA, reducedB, reducedChangedA, reducedChangedB, maxCost(reducedA.length + reducedB.length));
    for (let i = 0; i < keptA.length; i++) if (reducedChangedA[i] === 1) changedA[prefix + (keptA[i] as number) + 1] = 1;
    for (let i = 0; i < keptB.length; i++) if (reducedChangedB[i] === 1) changedB[prefix + (keptB[i] as number) + 1] = 1;
  }

  slideChanges(a, changedA, changedB);
  slideChanges(b, changedB, changedA);
  return hunksOf(changedA, changedB, a.length, b.length);
}

/** Ids of lines [start, end), equal lines equal ids. */
function intern(lines: readonly string[], start: number, end: number, ids: Map<string, number>): Int32Array {
  const out = new Int32Array(end - start);
  for (let i = start; i < end; i++) {
    const line = lines[i] as string;
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    out[i - start] = id;
  }
  return out;
}

function countIds(lineIds: Int32Array, distinct: number): Int32Array {
  const counts = new Int32Array(distinct);
  for (let i = 0; i < lineIds.length; i++) counts[lineIds[i] as number] = (counts[lineIds[i] as number] as number) + 1;
  return counts;
}

/** Searching more than this many edits in one box switches to an approximate split. */
function maxCost(records: number): number {
  let root = 1;
  for (let n = records + 3; n > 0; n >>= 2) root <<= 1;
  return Math.max(MIN_MAX_COST, root);
}

const MIN_MAX_COST = 256;
const SIMILAR_SCAN_WINDOW = 100;
const KEEP_RUN_RATIO = 4;
const MAX_EQUAL_LIMIT = 1024;

const NO_MATCH = 0;
const ONE_MATCH = 1;
const MANY_MATCHES = 2;

/**
 * Indexes (within the lines between the common ends) of the lines worth giving to Myers. A line with no equal line on the
 * other side is changed for certain and set aside (flagged at once). A line with very many
 * equals (a blank line, a lone `}`) is set aside too when it sits among lines that have no
 * match: matching it there would only cut one change into two. Both as git's xdiff does.
 */
function keepMatchable(middle: Int32Array, fileLength: number, otherCounts: Int32Array, changed: Uint8Array, offset: number): Int32Array {
  let limit = 1;
  for (let n = fileLength; n > 0; n >>= 2) limit <<= 1;
  limit = Math.min(limit, MAX_EQUAL_LIMIT);
  const kind = new Uint8Array(middle.length);
  for (let i = 0; i < middle.length; i++) {
    const matches = otherCounts[middle[i] as number] as number;
    kind[i] = matches === 0 ? NO_MATCH : matches >= limit ? MANY_MATCHES : ONE_MATCH;
  }
  const kept: number[] = [];
  for (let i = 0; i < middle.length; i++) {
    const k = kind[i];
    if (k === ONE_MATCH || (k === MANY_MATCHES && !amongUnmatched(kind, i))) kept.push(i);
    else changed[offset + i + 1] = 1;
  }
  return Int32Array.from(kept);
}

/** A many-matches line with runs of unmatched lines on both sides that outweigh the matches. */
function amongUnmatched(kind: Uint8Array, i: number): boolean {
  const first = Math.max(0, i - SIMILAR_SCAN_WINDOW);
  const last = Math.min(kind.length - 1, i + SIMILAR_SCAN_WINDOW);
  let unmatchedBefore = 0;
  let manyBefore = 1;
  for (let r = i - 1; r >= first; r--) {
    if (kind[r] === NO_MATCH) unmatchedBefore++;
    else if (kind[r] === MANY_MATCHES) manyBefore++;
    else break;
  }
  if (unmatchedBefore === 0) return false;
  let unmatchedAfter = 0;
  let manyAfter = 1;
  for (let r = i + 1; r <= last; r++) {
    if (kind[r] === NO_MATCH) unmatchedAfter++;
    else if (kind[r] === MANY_MATCHES) manyAfter++;
    else break;
  }
  if (unmatchedAfter === 0) return false;
  const unmatched = unmatchedBefore + unmatchedAfter;
  const many = manyBefore + manyAfter;
  return many * KEEP_RUN_RATIO < many + unmatched;
}

function pick(lineIds: Int32Array, indexes: Int32Array): Int32Array {
  const out = new Int32Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = lineIds[indexes[i] as number] as number;
  return out;
}

/** Walks both change flags together: unchanged lines pair up in order, changes between them form a hunk. */
function hunksOf(changedA: Uint8Array, changedB: Uint8Array, n: number, m: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && changedA[i + 1] === 0 && changedB[j + 1] === 0) {
      i++;
      j++;
      continue;
    }
    const oldStart = i;
    const newStart = j;
    while (i < n && changedA[i + 1] === 1) i++;
    while (j < m && changedB[j + 1] === 1) j++;
    if (i === oldStart && j === newStart) throw new Error('line diff: unchanged lines do not pair up');
    hunks.push({ oldStart, oldEnd: i, newStart, newEnd: j });
  }
  return hunks;
}
