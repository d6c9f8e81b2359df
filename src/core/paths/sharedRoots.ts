import type { AmbiguousMatch, SuffixIndex, SuffixMatch } from './suffixIndex';

/**
 * Ties between same-named files broken by the report's other paths. A report from another machine
 * names its files under one root (`/home/runner/work/app/app`, a Go module's path), and its paths
 * that match one file only show where that root is here; of the files a tied path could be, the
 * one under such a root is it (`github.com/org/lib/v2/errors.go` is the module's `errors.go`, not
 * `internal/x/errors.go`). Still a tie when none, or several, lie under one.
 */
export class SharedRoots {
  /** Where unique matches put each of the report's roots here: `from` → the folders' segments joined. */
  private readonly roots = new Map<string, Set<string>>();

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
  }

  /**
   * The one file of `match`'s tie under a root the unique matches put here (a file of `index` whose
   * segments are such a root's and then the matched ones), with what the report wrote before them.
   */
  pick(match: AmbiguousMatch, index: SuffixIndex): { readonly path: string; readonly from: string } | undefined {
    let picked: string | undefined;
    for (const folder of this.roots.get(match.from) ?? []) {
      const file = index.fileAt(folder === '' ? match.tail : `${folder}/${match.tail}`);
      if (file === undefined) continue;
      if (picked !== undefined && picked !== file) return undefined;
      picked = file;
    }
    return picked === undefined ? undefined : { path: picked, from: match.from };
  }
}
