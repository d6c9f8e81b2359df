import { type Hunk, LineMapping } from './lineMapping';

/** One file of a unified diff. A path is null on the side where the file does not exist. */
export interface FilePatch {
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly binary: boolean;
  readonly mapping: LineMapping;
}

export class UnifiedDiffError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`unified diff, line ${line}: ${reason}`);
    this.name = 'UnifiedDiffError';
  }
}

/**
 * Reads the output of `git diff -U0` (any number of files, `a/` and `b/` prefixes, renames,
 * added, deleted and binary files, C-quoted paths): the line mapping of each file. Hunk bodies
 * are skipped by count, so no content line is ever mistaken for a header.
 */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const patches: FilePatch[] = [];
  let current: { oldPath: string | null; newPath: string | null; binary: boolean; hunks: Hunk[] } | undefined;
  const finish = () => {
    if (current !== undefined) patches.push({ oldPath: current.oldPath, newPath: current.newPath, binary: current.binary, mapping: LineMapping.fromHunks(current.hunks) });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('diff --git ')) {
      finish();
      const names = gitHeaderNames(line.slice('diff --git '.length));
      current = { oldPath: names?.[0] ?? null, newPath: names?.[1] ?? null, binary: false, hunks: [] };
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith('--- ')) current.oldPath = patchPath(line.slice(4), 'a/', i + 1);
    else if (line.startsWith('+++ ')) current.newPath = patchPath(line.slice(4), 'b/', i + 1);
    else if (line.startsWith('rename from ')) current.oldPath = unquote(line.slice('rename from '.length), i + 1);
    else if (line.startsWith('rename to ')) current.newPath = unquote(line.slice('rename to '.length), i + 1);
    else if (line.startsWith('new file mode ')) current.oldPath = null;
    else if (line.startsWith('deleted file mode ')) current.newPath = null;
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') current.binary = true;
    else if (line.startsWith('@@ ')) {
      const hunk = parseHunkHeader(line, i + 1);
      current.hunks.push(hunk);
      let body = hunk.oldEnd - hunk.oldStart + (hunk.newEnd - hunk.newStart);
      while (body > 0 && i + 1 < lines.length) {
        const next = lines[++i] as string;
        if (next.startsWith('\\')) continue;
        if (!next.startsWith('-') && !next.startsWith('+') && !next.startsWith(' ')) throw new UnifiedDiffError(i + 1, 'hunk ends early');
        body--;
      }
      if (body > 0) throw new UnifiedDiffError(i + 1, 'hunk ends early');
      while (i + 1 < lines.length && (lines[i + 1] as string).startsWith('\\')) i++;
    }
  }
  finish();
  return patches;
}

/**
 * `@@ -a,b +c,d @@` → 0-based [start, end) on each side. A count of 0 means the change sits
 * after line a (so it starts at index a); a missing count is 1.
 */
export function parseHunkHeader(line: string, lineNumber = 0): Hunk {
  const end = line.indexOf(' @@', 3);
  if (!line.startsWith('@@ -') || end === -1) throw new UnifiedDiffError(lineNumber, 'not a hunk header');
  const [oldRange, newRange, extra] = line.slice(4, end).split(' ');
  if (oldRange === undefined || newRange === undefined || extra !== undefined || !newRange.startsWith('+')) throw new UnifiedDiffError(lineNumber, 'not a hunk header');
  const [oldStart, oldEnd] = range(oldRange, lineNumber);
  const [newStart, newEnd] = range(newRange.slice(1), lineNumber);
  return { oldStart, oldEnd, newStart, newEnd };
}

function range(text: string, lineNumber: number): [number, number] {
  const comma = text.indexOf(',');
  const start = number(comma === -1 ? text : text.slice(0, comma), lineNumber);
  const count = comma === -1 ? 1 : number(text.slice(comma + 1), lineNumber);
  return count === 0 ? [start, start] : [start - 1, start - 1 + count];
}

function number(text: string, lineNumber: number): number {
  if (!/^\d{1,10}$/.test(text)) throw new UnifiedDiffError(lineNumber, `bad number in hunk header: ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value >= 2 ** 31) throw new UnifiedDiffError(lineNumber, 'line number too large');
  return value;
}

/** `a/path`, `"a/p\303\244th"` or `/dev/null`; git adds a tab after a name that holds a space. */
function patchPath(text: string, prefix: string, lineNumber: number): string | null {
  const name = text.endsWith('\t') ? text.slice(0, -1) : text;
  if (name === '/dev/null') return null;
  const path = unquote(name, lineNumber);
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** The two names of `diff --git a/x b/y` when they can be told apart (quoted, or the same name). */
function gitHeaderNames(text: string): [string, string] | undefined {
  if (text.startsWith('"')) {
    const close = closingQuote(text, 0);
    if (close === -1) return undefined;
    const first = unquote(text.slice(0, close + 1), 0);
    const second = text.slice(close + 2);
    return [strip(first, 'a/'), strip(second.startsWith('"') ? unquote(second, 0) : second, 'b/')];
  }
  // Unquoted: `a/N b/N` for the same name N is the common case; renames also write `rename from/to`.
  const half = (text.length - 1) / 2;
  if (Number.isInteger(half) && text.slice(2, half) === text.slice(half + 3) && text.startsWith('a/') && text.slice(half + 1).startsWith('b/')) {
    const name = text.slice(2, half);
    return [name, name];
  }
  return undefined;
}

function strip(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

const ESCAPES = new Map<string, number>([
  ['a', 7],
  ['b', 8],
  ['t', 9],
  ['n', 10],
  ['v', 11],
  ['f', 12],
  ['r', 13],
  ['"', 34],
  ['\\', 92],
]);

/** Git's C-style quoting (`"tab\there\303\244"`) undone; an unquoted name is returned as it is. */
export function unquote(text: string, lineNumber: number): string {
  if (!text.startsWith('"')) return text;
  if (!text.endsWith('"') || text.length < 2) throw new UnifiedDiffError(lineNumber, 'unterminated quoted path');
  const body = text.slice(1, -1);
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < body.length) {
    const backslash = body.indexOf('\\', i);
    const plainEnd = backslash === -1 ? body.length : backslash;
    if (plainEnd > i) for (const byte of encoder.encode(body.slice(i, plainEnd))) bytes.push(byte);
    if (backslash === -1) break;
    const next = body[backslash + 1] ?? '';
    const escaped = ESCAPES.get(next);
    if (escaped !== undefined) {
      bytes.push(escaped);
      i = backslash + 2;
    } else if (/^[0-3][0-7]{2}$/.test(body.slice(backslash + 1, backslash + 4))) {
      bytes.push(parseInt(body.slice(backslash + 1, backslash + 4), 8));
      i = backslash + 4;
    } else throw new UnifiedDiffError(lineNumber, `bad escape \\${next} in quoted path`);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
