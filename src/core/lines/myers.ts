/**
 * Myers' O(ND) difference algorithm in linear space (E. W. Myers, "An O(ND) Difference Algorithm
 * and Its Variations", 1986): the middle snake splits each box until one side is empty. Sequences
 * are line ids (equal lines, equal ids). The result is written as change flags: `changedA[i]`
 * is 1 when a[i] is deleted, `changedB[j]` is 1 when b[j] is added.
 *
 * Ties are broken as git's xdiff breaks them (forward: extend the deletion diagonal first), so
 * the same edit comes out the same way more often. When one box costs more than `maxCost` edits
 * the search stops and splits at the furthest-reaching point instead (as xdiff does): the diff
 * stays valid, though not always minimal, and the time stays bounded at O((N+M)·maxCost) per
 * level.
 */
export function myersChanges(a: Int32Array, b: Int32Array, changedA: Uint8Array, changedB: Uint8Array, maxCost: number): void {
  const n = a.length;
  const m = b.length;
  // Diagonal k = i - j runs from -m to n; the arrays hold one more on each side.
  const offset = m + 1;
  const forward = new Int32Array(n + m + 3);
  const backward = new Int32Array(n + m + 3);
  const stack: number[] = [0, n, 0, m];
  const split = { i: 0, j: 0 };
  while (stack.length > 0) {
    let lim2 = stack.pop() as number;
    let off2 = stack.pop() as number;
    let lim1 = stack.pop() as number;
    let off1 = stack.pop() as number;
    while (off1 < lim1 && off2 < lim2 && a[off1] === b[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && a[lim1 - 1] === b[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      changedB.fill(1, off2, lim2);
    } else if (off2 === lim2) {
      changedA.fill(1, off1, lim1);
    } else {
      middleSnake(a, b, off1, lim1, off2, lim2, forward, backward, offset, maxCost, split);
      const atCorner = (split.i === off1 && split.j === off2) || (split.i === lim1 && split.j === lim2);
      if (atCorner) {
        // Cannot happen for a box that starts and ends with a difference; never loop on it.
        changedA.fill(1, off1, lim1);
        changedB.fill(1, off2, lim2);
      } else stack.push(off1, split.i, off2, split.j, split.i, lim1, split.j, lim2);
    }
  }
}

const FAR = 0x7fffffff;

/** Finds where an edit path of (near) least cost crosses the middle of the box; sets `split`. */
function middleSnake(
  a: Int32Array,
  b: Int32Array,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  fwd: Int32Array,
  bwd: Int32Array,
  o: number,
  maxCost: number,
  split: { i: number; j: number },
): void {
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  fwd[o + fmid] = off1;
  bwd[o + bmid] = lim1;
  for (let cost = 1; ; cost++) {
    if (fmin > dmin) fwd[o + --fmin - 1] = -1;
    else ++fmin;
    if (fmax < dmax) fwd[o + ++fmax + 1] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      const left = fwd[o + d - 1] as number;
      const right = fwd[o + d + 1] as number;
      let i = left >= right ? left + 1 : right;
      let j = i - d;
      while (i < lim1 && j < lim2 && a[i] === b[j]) {
        i++;
        j++;
      }
      fwd[o + d] = i;
      if (odd && bmin <= d && d <= bmax && (bwd[o + d] as number) <= i) {
        split.i = i;
        split.j = j;
        return;
      }
    }
    if (bmin > dmin) bwd[o + --bmin - 1] = FAR;
    else ++bmin;
    if (bmax < dmax) bwd[o + ++bmax + 1] = FAR;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      const left = bwd[o + d - 1] as number;
      const right = bwd[o + d + 1] as number;
      let i = left < right ? left : right - 1;
      let j = i - d;
      while (i > off1 && j > off2 && a[i - 1] === b[j - 1]) {
        i--;
        j--;
      }
      bwd[o + d] = i;
      if (!odd && fmin <= d && d <= fmax && i <= (fwd[o + d] as number)) {
        split.i = i;
        split.j = j;
        return;
      }
    }
    if (cost >= maxCost) {
      furthestSplit(fwd, bwd, o, off1, lim1, off2, lim2, fmin, fmax, bmin, bmax, split);
      return;
    }
  }
}

/** The furthest point either search reached (by i + j), for a box that costs too much. */
function furthestSplit(
  fwd: Int32Array,
  bwd: Int32Array,
  o: number,
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  fmin: number,
  fmax: number,
  bmin: number,
  bmax: number,
  split: { i: number; j: number },
): void {
  let forwardBest = -1;
  let forwardI = -1;
  for (let d = fmax; d >= fmin; d -= 2) {
    let i = Math.min(fwd[o + d] as number, lim1);
    let j = i - d;
    if (lim2 < j) {
      i = lim2 + d;
      j = lim2;
    }
    if (forwardBest < i + j) {
      forwardBest = i + j;
      forwardI = i;
    }
  }
  let backwardBest = FAR;
  let backwardI = FAR;
  for (let d = bmax; d >= bmin; d -= 2) {
    let i = Math.max(off1, bwd[o + d] as number);
    let j = i - d;
    if (j < off2) {
      i = off2 + d;
      j = off2;
    }
    if (i + j < backwardBest) {
      backwardBest = i + j;
      backwardI = i;
    }
  }
  if (lim1 + lim2 - backwardBest < forwardBest - (off1 + off2)) {
    split.i = forwardI;
    split.j = forwardBest - forwardI;
  } else {
    split.i = backwardI;
    split.j = backwardBest - backwardI;
  }
}
