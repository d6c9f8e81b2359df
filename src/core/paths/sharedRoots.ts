import type { AmbiguousMatch, SuffixMatch } from './suffixIndex';

/**
 * Ties between same-named files broken by the report's other paths. A report from another machine
 * names its files under one root (`/home/runner/work/app/app`, a Go module's path), and its paths
 * that match one file only show where that root is here; of the files a tied path could be, the
 * one under such a root is it (`github.com/org/lib/v2/errors.go` is the module's `errors.go`, not
 * `internal/x/errors.go`). Still a tie when none, or several, lie under one.
 */
export class SharedRoots {
  private readonly roots = new Set<string>();

  add(match: SuffixMatch): void {
    if (match.kind === 'unique') this.roots.add(match.root);
  }

  /** The one path of `match` under a root the unique matches share, and what the report wrote before its matched segments. */
  pick(match: AmbiguousMatch): { readonly path: string; readonly from: string } | undefined {
    let picked: number | undefined;
    for (let i = 0; i < match.roots.length; i++) {
      if (!this.roots.has(match.roots[i] as string)) continue;
      if (picked !== undefined) return undefined;
      picked = i;
    }
    if (picked === undefined) return undefined;
    const root = match.roots[picked] as string;
    return { path: match.paths[picked] as string, from: root.slice(0, root.indexOf('\0')) };
  }
}
