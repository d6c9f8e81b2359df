/**
 * Suffix matches of one report that another of its paths names directly: a path matched only by
 * its last segments names another file when the report names this one as it is (a dependency's
 * `~/.cargo/registry/…/serde-1.0.210/src/lib.rs` or the toolchain's `/rustc/…/library/std/src/lib.rs`
 * beside the crate's own `src/lib.rs`). Suffix matches alone on one file all stand, whatever the
 * number of segments each matched: that number counts the checkout folder's name when it happens to
 * be CI's, so it cannot tell a dependency from the Windows runner's half of a merged report.
 *
 * `resolved[i]` is entry i's file; `suffixSegments` holds the entries matched by their suffix (any
 * other resolved entry named its file directly). Returns each weaker entry with an entry that names
 * its file directly.
 */
export function weakerSuffixMatches(resolved: readonly (string | undefined)[], suffixSegments: ReadonlyMap<number, number>): Map<number, number> {
  const weaker = new Map<number, number>();
  if (suffixSegments.size === 0) return weaker;
  const contested = new Set<string>();
  for (const i of suffixSegments.keys()) {
    const file = resolved[i];
    if (file !== undefined) contested.add(file);
  }
  const direct = new Map<string, number>();
  for (let i = 0; i < resolved.length; i++) {
    const file = resolved[i];
    if (file !== undefined && contested.has(file) && !suffixSegments.has(i) && !direct.has(file)) direct.set(file, i);
  }
  for (const i of suffixSegments.keys()) {
    const file = resolved[i];
    const named = file === undefined ? undefined : direct.get(file);
    if (named !== undefined) weaker.set(i, named);
  }
  return weaker;
}
