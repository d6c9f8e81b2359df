/**
 * Where a run of added (or deleted) lines sits when it could sit in several places: inserting
 * `}\n\nfunction b() {\n...\n}\n` after a `}` line can be drawn starting at either `}`. Every
 * choice is a correct diff, but they make different lines "changed", so the choice is made the
 * way git makes it (its default diff with the indent heuristic on): slide the run as far as it
 * goes, line it up with a change on the other side when it can, otherwise pick the position
 * whose two edges score best by indentation and blank lines (Michael Haggerty's heuristic).
 * Patch lines then agree with `git diff`, and so with diff-cover and Codecov.
 *
 * `changed` flags are indexed from 1: `changed[0]` and `changed[n + 1]` stay 0 as sentinels.
 */
export function slideChanges(text: readonly string[], changed: Uint8Array, otherChanged: Uint8Array): void {
  const n = text.length;
  const g = { start: 0, end: 0 };
  const go = { start: 0, end: 0 };
  groupInit(changed, g);
  groupInit(otherChanged, go);
  const otherLength = otherChanged.length - 2;
  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp(text, changed, g)) groupPrevious(otherChanged, go);
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown(text, changed, g, n)) {
          groupNext(otherChanged, go, otherLength);
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);

      if (g.end === earliestEnd) {
        // It cannot move.
      } else if (endMatchingOther !== -1) {
        while (go.end === go.start) {
          slideUp(text, changed, g);
          groupPrevious(otherChanged, go);
        }
      } else {
        const best = bestShift(text, g.end, groupSize, earliestEnd);
        while (g.end > best) {
          slideUp(text, changed, g);
          groupPrevious(otherChanged, go);
        }
      }
    }
    if (!groupNext(changed, g, n)) break;
    groupNext(otherChanged, go, otherLength);
  }
}

interface Group {
  /** Lines [start, end) of the group, 0-based; flags are read at index + 1. */
  start: number;
  end: number;
}

function groupInit(changed: Uint8Array, g: Group): void {
  g.start = 0;
  g.end = 0;
  while (changed[g.end + 1] === 1) g.end++;
}

function groupNext(changed: Uint8Array, g: Group, n: number): boolean {
  if (g.end === n) return false;
  g.start = g.end + 1;
  g.end = g.start;
  while (changed[g.end + 1] === 1) g.end++;
  return true;
}

function groupPrevious(changed: Uint8Array, g: Group): boolean {
  if (g.start === 0) return false;
  g.end = g.start - 1;
  g.start = g.end;
  while (changed[g.start] === 1) g.start--;
  return true;
}

function slideDown(text: readonly string[], changed: Uint8Array, g: Group, n: number): boolean {
  if (g.end >= n || text[g.start] !== text[g.end]) return false;
  changed[g.start + 1] = 0;
  changed[g.end + 1] = 1;
  g.start++;
  g.end++;
  while (changed[g.end + 1] === 1) g.end++;
  return true;
}

function slideUp(text: readonly string[], changed: Uint8Array, g: Group): boolean {
  if (g.start <= 0 || text[g.start - 1] !== text[g.end - 1]) return false;
  g.start--;
  g.end--;
  changed[g.start + 1] = 1;
  changed[g.end + 1] = 0;
  while (changed[g.start] === 1) g.start--;
  return true;
}

const MAX_SLIDING = 100;

/** The group end, between `earliestEnd` and `end`, whose two edges score best. */
function bestShift(text: readonly string[], end: number, groupSize: number, earliestEnd: number): number {
  let shift = Math.max(earliestEnd, end - groupSize - 1, end - MAX_SLIDING);
  let best = -1;
  let bestIndent = 0;
  let bestPenalty = 0;
  for (; shift <= end; shift++) {
    const score = { indent: 0, penalty: 0 };
    scoreSplit(text, shift, score);
    scoreSplit(text, shift - groupSize, score);
    const cmp = INDENT_WEIGHT * Math.sign(score.indent - bestIndent) + (score.penalty - bestPenalty);
    if (best === -1 || cmp <= 0) {
      best = shift;
      bestIndent = score.indent;
      bestPenalty = score.penalty;
    }
  }
  return best;
}

const MAX_INDENT = 200;
const MAX_BLANKS = 20;
const START_OF_FILE_PENALTY = 1;
const END_OF_FILE_PENALTY = 21;
const TOTAL_BLANK_WEIGHT = -30;
const POST_BLANK_WEIGHT = 6;
const RELATIVE_INDENT_PENALTY = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY = 10;
const RELATIVE_OUTDENT_PENALTY = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY = 17;
const RELATIVE_DEDENT_PENALTY = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY = 17;
const INDENT_WEIGHT = 60;

/** Indentation of a line (tabs to multiples of 8), or -1 for a blank line. */
function indentOf(line: string): number {
  let indent = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) indent++;
    else if (c === 9) indent += 8 - (indent % 8);
    else if (c !== 10 && c !== 11 && c !== 12 && c !== 13) return indent;
    if (indent >= MAX_INDENT) return MAX_INDENT;
  }
  return -1;
}

/** Adds the score of cutting the text just before line `split`. */
function scoreSplit(text: readonly string[], split: number, score: { indent: number; penalty: number }): void {
  const endOfFile = split >= text.length;
  const indent = endOfFile ? -1 : indentOf(text[split] as string);
  let preBlank = 0;
  let preIndent = -1;
  for (let i = split - 1; i >= 0; i--) {
    preIndent = indentOf(text[i] as string);
    if (preIndent !== -1) break;
    preBlank++;
    if (preBlank === MAX_BLANKS) {
      preIndent = 0;
      break;
    }
  }
  let postBlank = 0;
  let postIndent = -1;
  for (let i = split + 1; i < text.length; i++) {
    postIndent = indentOf(text[i] as string);
    if (postIndent !== -1) break;
    postBlank++;
    if (postBlank === MAX_BLANKS) {
      postIndent = 0;
      break;
    }
  }

  if (preIndent === -1 && preBlank === 0) score.penalty += START_OF_FILE_PENALTY;
  if (endOfFile) score.penalty += END_OF_FILE_PENALTY;
  const blankAfter = indent === -1 ? 1 + postBlank : 0;
  const totalBlank = preBlank + blankAfter;
  score.penalty += TOTAL_BLANK_WEIGHT * totalBlank + POST_BLANK_WEIGHT * blankAfter;
  const effective = indent !== -1 ? indent : postIndent;
  const anyBlanks = totalBlank !== 0;
  score.indent += effective;
  if (effective === -1 || preIndent === -1 || effective === preIndent) return;
  if (effective > preIndent) score.penalty += anyBlanks ? RELATIVE_INDENT_WITH_BLANK_PENALTY : RELATIVE_INDENT_PENALTY;
  else if (postIndent !== -1 && postIndent > effective) score.penalty += anyBlanks ? RELATIVE_OUTDENT_WITH_BLANK_PENALTY : RELATIVE_OUTDENT_PENALTY;
  else score.penalty += anyBlanks ? RELATIVE_DEDENT_WITH_BLANK_PENALTY : RELATIVE_DEDENT_PENALTY;
}
