import type { AmbiguousMatch, SuffixIndex, SuffixMatch } from './suffixIndex';

/**
 * Folders of a root that a tie tries: past these (the same `from` put at many places, as a report
 * crafted to make each tie try thousands of long folders would) a tie is broken only when it lists
 * all its files (at most MAX_LISTED_TIES), each looked up among the root's folders.
 */
export const MAX_ROOT_FOLDERS = 8;

/**
 * Ties between same-named files broken by the report's other paths. A report from another machine
 * names its files under one root (`/home/runner/work/app/app`, a Go module's path), and its paths
 * that match one file only show where that root is here; of the files a tied path could be, the
 * one under such a root is it (`github.com/org/lib/v2/errors.go` is the module's `errors.go`, not
 * `internal/x/errors.go`). Still a tie when none, or several, lie under one, or when the unique
 * matches put that root at more than MAX_ROOT_FOLDERS places and the tie has more files than it
 * lists. A tie costs at most that many look-ups, and the same root and tail are looked up once.
 */
export class SharedRoots {
  /** Where unique matches put each of the report's roots here: `from` → the folders' segments joined. */
  private readonly roots = new Map<string, Set<string>>();
  /** Answers already given, by `from\0tail` (undefined: no pick); cleared when a root is added. */
  private readonly picked = new Map<string, string | undefined>();

  add(match: SuffixMatch): void {
    if (match.kind !== 'unique') return;
    const split = match.root.indexOf('\0');
    const from = match.root.slice(0, split);
    let folders = this.roots.get(from);
    if (folders === undefined) {
      folders = new Set();
      this.roots.set(from, folders);
    }
    folders.add(match.root.slice(split + 1));
    this.picked.clear();
  }

  /**
   * The one file of `match`'s tie under a root the unique matches put here (a file of `index` whose
   * segments are such a root's and then the matched ones), with what the report wrote before them.
   */
  pick(match: AmbiguousMatch, index: SuffixIndex): { readonly path: string; readonly from: string } | undefined {
    const key = `${match.from}\0${match.tail}`;
    let picked: string | undefined;
    if (this.picked.has(key)) picked = this.picked.get(key);
    else {
      picked = this.look(match, index);
      this.picked.set(key, picked);
    }
    return picked === undefined ? undefined : { path: picked, from: match.from };
  }

  private look(match: AmbiguousMatch, index: SuffixIndex): string | undefined {
    const folders = this.roots.get(match.from);
    if (folders === undefined) return undefined;
    let picked: string | undefined;
    if (folders.size > MAX_ROOT_FOLDERS) {
      // A root put at many places (a JaCoCo report's package paths in each module of a large build):
      // the tie's own files, when it lists them all, are looked up in the root's folders instead.
      if (match.paths.length < match.count) return undefined;
      for (let i = 0; i < match.paths.length; i++) {
        if (!folders.has(match.folders[i] as string)) continue;
        if (picked !== undefined) return undefined;
        picked = match.paths[i];
      }
      return picked;
    }
    for (const folder of folders) {
      const file = index.fileAt(folder === '' ? match.tail : `${folder}/${match.tail}`);
      if (file === undefined) continue;
      if (picked !== undefined && picked !== file) return undefined;
      picked = file;
    }
    return picked;
  }
}
