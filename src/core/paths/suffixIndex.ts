import { toPortablePath } from './pathMapping';

/**
 * A unique match's `root` is where it puts the report's root: the entry's segments before the
 * matched ones and the file's, as `from\0to` (`/home/runner/work/app/app\0home/me/app`).
 */
export type SuffixMatch =
  | { readonly kind: 'unique'; readonly path: string; readonly matchedSegments: number; readonly root: string }
  | AmbiguousMatch
  | { readonly kind: 'none' };

/**
 * Files that end in the same `matchedSegments` segments as the entry, none in more. `paths` lists
 * the first MAX_LISTED_TIES of `count` (a report can tie each of a million paths with each of
 * thousands of same-named files); `from` is the entry's segments before the matched ones and
 * `tail` the matched ones, as roots and keys write them.
 */
export interface AmbiguousMatch {
  readonly kind: 'ambiguous';
  readonly paths: readonly string[];
  /** The folder of each of `paths` above the matched segments, as roots write it. */
  readonly folders: readonly string[];
  readonly count: number;
  readonly matchedSegments: number;
  readonly from: string;
  readonly tail: string;
}

/** Tied files an ambiguous match lists. */
export const MAX_LISTED_TIES = 4;

const NO_MATCH: SuffixMatch = Object.freeze({ kind: 'none' });

interface IndexedFile {
  readonly path: string;
  readonly segments: string[];
  /** In the workspace folder of the report being resolved. */
  readonly owned: boolean;
}

/**
 * The files that end in the same `depth` segments, and, once a match has asked, those of them
 * grouped by their next segment back: a match walks back through an entry's segments in steps
 * of one look-up, whatever the number of same-named files (a tree built only where entries go).
 */
interface SuffixNode {
  readonly files: IndexedFile[];
  readonly depth: number;
  children: Map<string, SuffixNode> | undefined;
  /** The one owned file of `files`, null when none or several; worked out when first asked. */
  owned: IndexedFile | null | undefined;
}

/**
 * Workspace files by file name, to match report paths from other machines by their longest
 * common trailing segments. A tie between files is reported as ambiguous, never guessed.
 */
export class SuffixIndex {
  private readonly byName = new Map<string, SuffixNode>();
  /** Each file by its segments joined (`home/me/app/src/a.ts`), built when a tie is first looked into. */
  private byKey: Map<string, string> | undefined;
  private count = 0;

  constructor(private readonly caseInsensitive: boolean) {}

  /** `path` is an absolute workspace file path; `owned` when it is in the report's own workspace folder. */
  add(path: string, owned = false): void {
    const segments = this.segments(path);
    const name = segments[segments.length - 1];
    if (name === undefined) return;
    let node = this.byName.get(name);
    if (node === undefined) {
      node = { files: [], depth: 1, children: undefined, owned: undefined };
      this.byName.set(name, node);
    }
    node.files.push({ path, segments, owned });
    node.children = undefined;
    node.owned = undefined;
    this.byKey = undefined;
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
    let node = name === undefined ? undefined : this.byName.get(name);
    if (node === undefined) return NO_MATCH;
    // Down to the files that share the most segments with the entry: where no file goes on with
    // the entry's next segment back, or one file is left.
    while (node.files.length > 1 && node.depth < segments.length) {
      const child: SuffixNode | undefined = childrenOf(node).get(segments[segments.length - 1 - node.depth] as string);
      if (child === undefined) break;
      node = child;
    }
    const { files } = node;
    if (files.length === 1) {
      const file = files[0] as IndexedFile;
      const best = commonSuffix(segments, file.segments);
      return { kind: 'unique', path: file.path, matchedSegments: best, root: `${this.from(reportEntry, segments, best)}\0${file.segments.slice(0, file.segments.length - best).join('/')}` };
    }
    const best = node.depth;
    const listed = files.slice(0, MAX_LISTED_TIES);
    return {
      kind: 'ambiguous',
      paths: listed.map((file) => file.path),
      folders: listed.map((file) => file.segments.slice(0, file.segments.length - best).join('/')),
      count: files.length,
      matchedSegments: best,
      from: this.from(reportEntry, segments, best),
      tail: segments.slice(segments.length - best).join('/'),
    };
  }

  /** The file whose segments joined are `key` (`home/me/app/src/a.ts`, case-folded where the index is). */
  fileAt(key: string): string | undefined {
    if (this.byKey === undefined) {
      this.byKey = new Map();
      for (const { files } of this.byName.values()) for (const file of files) this.byKey.set(file.segments.join('/'), file.path);
    }
    return this.byKey.get(key);
  }

  /**
   * The one file of `match`'s tie in the report's own workspace folder (added as owned), if it has
   * exactly one: looked up once per tie however many entries make it.
   */
  ownedTie(match: AmbiguousMatch): string | undefined {
    const tail = match.tail.split('/');
    let node = this.byName.get(tail[tail.length - 1] as string);
    while (node !== undefined && node.depth < tail.length) node = childrenOf(node).get(tail[tail.length - 1 - node.depth] as string);
    if (node === undefined) return undefined;
    if (node.owned === undefined) {
      const owned = node.files.filter((file) => file.owned);
      node.owned = owned.length === 1 ? owned[0] : null;
    }
    return node.owned?.path;
  }

  /** The entry's segments before the `matched` last ones, with its leading `/`. */
  private from(reportEntry: string, segments: readonly string[], matched: number): string {
    return (toPortablePath(reportEntry).startsWith('/') ? '/' : '') + segments.slice(0, segments.length - matched).join('/');
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

/** `node`'s files grouped by their segment before the `depth` shared ones; a file with no more segments is in none. */
function childrenOf(node: SuffixNode): Map<string, SuffixNode> {
  if (node.children !== undefined) return node.children;
  const children = new Map<string, SuffixNode>();
  for (const file of node.files) {
    const segment = file.segments[file.segments.length - 1 - node.depth];
    if (segment === undefined) continue;
    let child = children.get(segment);
    if (child === undefined) {
      child = { files: [], depth: node.depth + 1, children: undefined, owned: undefined };
      children.set(segment, child);
    }
    child.files.push(file);
  }
  node.children = children;
  return children;
}
