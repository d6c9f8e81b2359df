import { SharedRoots } from './sharedRoots';
import type { AmbiguousMatch, SuffixIndex, SuffixMatch } from './suffixIndex';

/**
 * The suffix matches of one report's paths, gathered as a resolver makes them, for the two rules
 * that need the report's other paths (`ReportPathResolver.resolveAll`, `RepoPathMatcher.matchAll`):
 * - a tie between same-named files is broken where the report's unique matches put its root
 *   (SharedRoots), else by the one tied file in the report's own workspace folder;
 * - a path matched only by its last segments names another file when the report names this one
 *   as it is (a dependency's `~/.cargo/registry/…/serde-1.0.210/src/lib.rs` or the toolchain's
 *   `/rustc/…/library/std/src/lib.rs` beside the crate's own `src/lib.rs`). Suffix matches alone
 *   on one file all stand, whatever the number of segments each matched: that number counts the
 *   checkout folder's name when it happens to be CI's, so it cannot tell a dependency from the
 *   Windows runner's half of a merged report.
 */
export class ReportSuffixMatches {
  private readonly roots = new SharedRoots();
  private readonly tied: { readonly i: number; readonly match: AmbiguousMatch }[] = [];
  /** The entries matched by their suffix, with the number of segments matched. */
  private readonly segments = new Map<number, number>();

  /** Tells of entry `i`'s suffix match (a resolver calls it with each match it makes). */
  recorder(i: number): (match: SuffixMatch) => void {
    return (match) => {
      this.roots.add(match);
      if (match.kind === 'ambiguous') this.tied.push({ i, match });
      if (match.kind !== 'none') this.segments.set(i, match.matchedSegments);
    };
  }

  /** The entries matched by their suffix. */
  matched(): IterableIterator<number> {
    return this.segments.keys();
  }

  get hasTies(): boolean {
    return this.tied.length > 0;
  }

  /**
   * Each tie the report's other paths decide (`from`: what the report wrote before the matched
   * segments), or else its own workspace folder does (`from` undefined): the entry, its match, the file.
   */
  brokenTies(index: SuffixIndex): { readonly i: number; readonly match: AmbiguousMatch; readonly path: string; readonly from: string | undefined }[] {
    const broken = [];
    for (const { i, match } of this.tied) {
      const picked = this.roots.pick(match, index);
      if (picked !== undefined) broken.push({ i, match, ...picked });
      else {
        const owned = index.ownedTie(match);
        if (owned !== undefined) broken.push({ i, match, path: owned, from: undefined });
      }
    }
    return broken;
  }

  /**
   * Each suffix-matched entry whose file another entry names directly, with that entry and the
   * segments the weaker one matched; `resolvedAt(i)` is entry i's file (ties broken first).
   */
  weaker(count: number, resolvedAt: (i: number) => string | undefined): { readonly i: number; readonly direct: number; readonly matchedSegments: number }[] {
    if (this.segments.size === 0) return [];
    const contested = new Set<string>();
    for (const i of this.segments.keys()) {
      const file = resolvedAt(i);
      if (file !== undefined) contested.add(file);
    }
    const direct = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const file = resolvedAt(i);
      if (file !== undefined && contested.has(file) && !this.segments.has(i) && !direct.has(file)) direct.set(file, i);
    }
    const weaker = [];
    for (const [i, matchedSegments] of this.segments) {
      const file = resolvedAt(i);
      const named = file === undefined ? undefined : direct.get(file);
      if (named !== undefined) weaker.push({ i, direct: named, matchedSegments });
    }
    return weaker;
  }
}
