/**
 * Suffix matches of one report that another of its paths names better: a path matched only by its
 * last segments names another file when the report names this one directly (a dependency's
 * `~/.cargo/registry/…/serde-1.0.210/src/lib.rs` or the toolchain's `/rustc/…/library/std/src/lib.rs`
 * beside the crate's own `src/lib.rs`), or by more of its segments. Paths that name one file equally
 * well (runs from two machines merged into one report) all stand.
 *
 * `resolved[i]` is entry i's file; `suffixSegments` holds the entries matched by their suffix, with
 * the number of segments matched (any other resolved entry named its file directly). Returns each
 * weaker entry with an entry that names its file best.
 */
export function weakerSuffixMatches(resolved: readonly (string | undefined)[], suffixSegments: ReadonlyMap<number, number>): Map<number, number> {
  const weaker = new Map<number, number>();
  if (suffixSegments.size === 0) return weaker;
  const contested = new Set<string>();
  for (const i of suffixSegments.keys()) {
    const file = resolved[i];
    if (file !== undefined) contested.add(file);
  }
  const best = new Map<string, { readonly strength: number; readonly index: number }>();
  for (let i = 0; i < resolved.length; i++) {
    const file = resolved[i];
    if (file === undefined || !contested.has(file)) continue;
    const strength = suffixSegments.get(i) ?? Infinity;
    const current = best.get(file);
    if (current === undefined || strength > current.strength) best.set(file, { strength, index: i });
  }
  for (const [i, strength] of suffixSegments) {
    const file = resolved[i];
    const winner = file === undefined ? undefined : best.get(file);
    if (winner !== undefined && strength < winner.strength) weaker.set(i, winner.index);
  }
  return weaker;
}
