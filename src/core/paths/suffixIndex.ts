import { toPortablePath } from './pathMapping';

/**
 * `root` is where the match puts the report's root: the entry's segments before the matched ones
 * and the file's, as `from\0to` (`/home/runner/work/app/app\0/home/me/app`); an ambiguous match
 * has one per path.
 */
export type SuffixMatch =
  | { readonly kind: 'unique'; readonly path: string; readonly matchedSegments: number; readonly root: string }
  | AmbiguousMatch
  | { readonly kind: 'none' };

export interface AmbiguousMatch {
  readonly kind: 'ambiguous';
  readonly paths: readonly string[];
  readonly matchedSegments: number;
  readonly roots: readonly string[];
}

const NO_MATCH: SuffixMatch = Object.freeze({ kind: 'none' });

/**
 * Workspace files by file name, to match report paths from other machines by their longest
 * common trailing segments. A tie between files is reported as ambiguous, never guessed.
 */
export class SuffixIndex {
  private readonly byName = new Map<string, { path: string; segments: string[] }[]>();
  private count = 0;

  constructor(private readonly caseInsensitive: boolean) {}

  /** `path` is an absolute workspace file path. */
  add(path: string): void {
    const segments = this.segments(path);
    const name = segments[segments.length - 1];
    if (name === undefined) return;
    let list = this.byName.get(name);
    if (list === undefined) {
      list = [];
      this.byName.set(name, list);
    }
    list.push({ path, segments });
    this.count++;
  }

  /** Files added so far (read once per folder while the workspace is walked: constant time). */
  get size(): number {
    return this.count;
  }

  match(reportEntry: string): SuffixMatch {
    // Most report paths of a large report name no workspace file: one look-up, no split.
    const lastName = this.lastName(reportEntry);
    if (lastName !== undefined && !this.byName.has(lastName)) return NO_MATCH;
    // `.` and `..` taken lexically (`src/util/../x.ts` is `src/x.ts`); a leading `..` has nothing to undo.
    const segments: string[] = [];
    for (const segment of this.segments(reportEntry)) {
      if (segment === '..') segments.pop();
      else if (segment !== '.') segments.push(segment);
    }
    const name = segments[segments.length - 1];
    const candidates = name === undefined ? undefined : this.byName.get(name);
    if (candidates === undefined) return NO_MATCH;
    let best = 0;
    let winners: { path: string; segments: string[] }[] = [];
    for (const candidate of candidates) {
      const common = commonSuffix(segments, candidate.segments);
      if (common > best) {
        best = common;
        winners = [candidate];
      } else if (common === best) {
        winners.push(candidate);
      }
    }
    const from = (toPortablePath(reportEntry).startsWith('/') ? '/' : '') + segments.slice(0, segments.length - best).join('/');
    const rootOf = (winner: { segments: string[] }) => `${from}\0${winner.segments.slice(0, winner.segments.length - best).join('/')}`;
    if (winners.length === 1) {
      const winner = winners[0] as { path: string; segments: string[] };
      return { kind: 'unique', path: winner.path, matchedSegments: best, root: rootOf(winner) };
    }
    return { kind: 'ambiguous', paths: winners.map((winner) => winner.path), matchedSegments: best, roots: winners.map(rootOf) };
  }

  /** The last segment of `path` as segments() would give it, when that is plain to see. */
  private lastName(path: string): string | undefined {
    const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    if (name === '' || name === '.' || name === '..') return undefined;
    return this.caseInsensitive ? name.toLowerCase() : name;
  }

  private segments(path: string): string[] {
    const portable = toPortablePath(path);
    return (this.caseInsensitive ? portable.toLowerCase() : portable).split('/').filter((s) => s !== '');
  }
}

function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
