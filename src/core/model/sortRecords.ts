import type { FileCoverageRecords } from './buildFile';
import { NEVER_EVALUATED, UNKNOWN_HITS } from './model';

/** Sorted, merged branches: the first `count` entries of each array (which may be longer). */
interface SortedBranches {
  readonly count: number;
  readonly lines: Uint32Array;
  readonly blocks: Uint32Array;
  readonly branches: Uint32Array;
  readonly taken: Float64Array;
  readonly labels: readonly string[];
}

/** Labels of branches that have none, by count; frozen, so files can share them. */
const unlabelled: (readonly string[])[] = [];
const SHARED_UNLABELLED_LIMIT = 256;

/** `count` empty labels: shared and frozen up to SHARED_UNLABELLED_LIMIT, else a new array. */
export function noLabels(count: number): readonly string[] {
  if (count > SHARED_UNLABELLED_LIMIT) return new Array<string>(count).fill('');
  return (unlabelled[count] ??= Object.freeze(new Array<string>(count).fill('')));
}

/** Whether `labels` is a shared array of noLabels (so it need not be kept per file). */
export function isSharedNoLabels(labels: readonly string[]): boolean {
  return labels.length === 0 || (labels.length <= SHARED_UNLABELLED_LIMIT && unlabelled[labels.length] === labels);
}

/** The result for a file without branches (most files of some reports): shared, never written to. */
const NO_BRANCHES: SortedBranches = Object.freeze({ count: 0, lines: new Uint32Array(0), blocks: new Uint32Array(0), branches: new Uint32Array(0), taken: new Float64Array(0), labels: noLabels(0) });

/** Up to this many branches, sorting works in reused module-level arrays (build is synchronous). */
const SCRATCH_BRANCHES = 4096;
const scratch = {
  order: new Uint32Array(SCRATCH_BRANCHES),
  lines: new Uint32Array(SCRATCH_BRANCHES),
  blocks: new Uint32Array(SCRATCH_BRANCHES),
  branches: new Uint32Array(SCRATCH_BRANCHES),
  taken: new Float64Array(SCRATCH_BRANCHES),
};

export function sortBranches(records: FileCoverageRecords): SortedBranches {
  const { branchLines, branchBlocks, branchIds, branchTaken, branchLabels } = records;
  const count = branchLines.length;
  if (count === 0) return NO_BRANCHES;
  if (branchesStrictlySorted(branchLines, branchBlocks, branchIds)) {
    const labels = branchLabels === undefined ? noLabels(count) : branchLabels.slice(0, count);
    return { count, lines: branchLines, blocks: branchBlocks, branches: branchIds, taken: branchTaken, labels };
  }
  // Stable sort by (line, block, branch); then sum duplicates of the same key and label.
  const small = count <= SCRATCH_BRANCHES;
  const order = (small && insertionOrder(branchLines, branchBlocks, branchIds)) || sortedOrder(branchLines, branchBlocks, branchIds);
  const lines = small ? scratch.lines : new Uint32Array(count);
  const blocks = small ? scratch.blocks : new Uint32Array(count);
  const branches = small ? scratch.branches : new Uint32Array(count);
  const taken = small ? scratch.taken : new Float64Array(count);
  const labels: string[] = [];
  let w = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k] as number;
    const line = branchLines[i] as number;
    const block = branchBlocks[i] as number;
    const branch = branchIds[i] as number;
    const t = branchTaken[i] as number;
    const label = branchLabels === undefined ? '' : (branchLabels[i] as string);
    if (w > 0 && lines[w - 1] === line && blocks[w - 1] === block && branches[w - 1] === branch && (branchLabels === undefined || labels[w - 1] === label)) {
      taken[w - 1] = addTaken(taken[w - 1] as number, t);
      continue;
    }
    lines[w] = line;
    blocks[w] = block;
    branches[w] = branch;
    taken[w] = t;
    if (branchLabels !== undefined) labels.push(label);
    w++;
  }
  return { count: w, lines, blocks, branches, taken, labels: branchLabels === undefined ? noLabels(w) : labels };
}

/**
 * The stable (line, block, branch) order by insertion sort in the scratch array: fast for the
 * nearly sorted branches reports usually write. Undefined when it would take too many moves.
 */
function insertionOrder(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): Uint32Array | undefined {
  const count = lines.length;
  const order = scratch.order;
  let budget = 8 * count + 64;
  order[0] = 0;
  for (let i = 1; i < count; i++) {
    const line = lines[i] as number;
    const block = blocks[i] as number;
    const id = ids[i] as number;
    let j = i - 1;
    for (; j >= 0; j--) {
      const o = order[j] as number;
      const d = (lines[o] as number) - line || (blocks[o] as number) - block || (ids[o] as number) - id;
      if (d <= 0) break;
      order[j + 1] = o;
    }
    order[j + 1] = i;
    budget -= i - 1 - j;
    if (budget < 0) return undefined;
  }
  return order;
}

/** The stable (line, block, branch) order for any input. */
function sortedOrder(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): Uint32Array {
  const count = lines.length;
  const order = stableOrder(lines);
  for (let start = 0; start < count; ) {
    const line = lines[order[start] as number];
    let end = start + 1;
    while (end < count && lines[order[end] as number] === line) end++;
    if (end - start > 1) sortByBlockAndBranch(order, start, end, blocks, ids);
    start = end;
  }
  return order;
}

/** Already in (line, block, branch) order with no repeated key: nothing to sort or merge. */
function branchesStrictlySorted(lines: Uint32Array, blocks: Uint32Array, ids: Uint32Array): boolean {
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] as number) - (lines[i - 1] as number);
    if (line > 0) continue;
    if (line < 0) return false;
    const block = (blocks[i] as number) - (blocks[i - 1] as number);
    if (block > 0) continue;
    if (block < 0 || (ids[i] as number) <= (ids[i - 1] as number)) return false;
  }
  return true;
}

function addTaken(a: number, b: number): number {
  if (a === NEVER_EVALUATED) return b;
  if (b === NEVER_EVALUATED) return a;
  return a + b;
}

function addHits(a: number, b: number): number {
  if (a === UNKNOWN_HITS) return b === 0 ? a : b;
  if (b === UNKNOWN_HITS) return a === 0 ? b : a;
  return a + b;
}

export function strictlyAscending(values: Uint32Array): boolean {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) <= (values[i - 1] as number)) return false;
  return true;
}

/** Sorts by line (stable) and sums the hits of repeated lines. */
export function mergeLines(lineNumbers: Uint32Array, lineHits: Float64Array): { lines: Uint32Array; hits: Float64Array } {
  const n = lineNumbers.length;
  const order = stableOrder(lineNumbers);
  const lines = new Uint32Array(n);
  const hits = new Float64Array(n);
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const line = lineNumbers[i] as number;
    const h = lineHits[i] as number;
    if (w > 0 && lines[w - 1] === line) {
      hits[w - 1] = addHits(hits[w - 1] as number, h);
    } else {
      lines[w] = line;
      hits[w] = h;
      w++;
    }
  }
  return { lines: lines.subarray(0, w), hits: hits.subarray(0, w) };
}

/** Up to this many entries, the index fits beside a 32-bit key in a double's 53 bits. */
const PACKED_INDEX_LIMIT = 2 ** 21;

/** Indices 0..n-1 stably sorted by key; a comparator-free numeric sort when it can. */
function stableOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  if (n <= PACKED_INDEX_LIMIT) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (keys[i] as number) * PACKED_INDEX_LIMIT + i;
    packed.sort();
    for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACKED_INDEX_LIMIT;
  } else {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  }
  return order;
}

/** Stably sorts order[start..end) by (block, branch): insertion sort for the usual few. */
function sortByBlockAndBranch(order: Uint32Array, start: number, end: number, blocks: Uint32Array, ids: Uint32Array): void {
  const after = (a: number, b: number): number => (blocks[a] as number) - (blocks[b] as number) || (ids[a] as number) - (ids[b] as number) || a - b;
  if (end - start > 16) {
    order.subarray(start, end).sort(after);
    return;
  }
  for (let i = start + 1; i < end; i++) {
    const x = order[i] as number;
    let j = i - 1;
    while (j >= start && after(order[j] as number, x) > 0) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = x;
  }
}

/** The distinct values, ascending, in a new exact-size array (the input is not changed). */
export function sortedUnique(values: Uint32Array): Uint32Array {
  const sorted = values.slice().sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) {
    if (w === 0 || sorted[r] !== sorted[w - 1]) sorted[w++] = sorted[r] as number;
  }
  return w === sorted.length ? sorted : sorted.slice(0, w);
}
