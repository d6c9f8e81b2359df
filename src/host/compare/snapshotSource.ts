import type { Baseline, BaselineQuery, BaselineSource } from './baseline';
import type { SnapshotStore } from './snapshotStore';

/** First parents of the merge-base searched for a remembered snapshot. */
export const SNAPSHOT_WALK = 50;

/**
 * Coverage remembered by commit: the snapshot of the merge-base, else of its nearest
 * first-parent ancestor that has one (main moved on since the tests last ran there).
 */
export class SnapshotBaselineSource implements BaselineSource {
  readonly kind = 'snapshot' as const;

  constructor(private readonly store: SnapshotStore) {}

  async find(query: BaselineQuery): Promise<Baseline | undefined> {
    const stored = new Set(await this.store.commits());
    if (stored.size === 0) return undefined;
    const candidates = stored.has(query.mergeBase) ? [query.mergeBase] : await query.repo.firstParents(query.mergeBase, SNAPSHOT_WALK);
    for (const commit of candidates) {
      if (!stored.has(commit)) continue;
      const snapshot = await this.store.load(commit);
      if (snapshot === undefined) continue;
      const how = snapshot.manual ? 'coverage saved as baseline' : 'coverage remembered when the reports were loaded';
      return {
        kind: 'snapshot',
        commit,
        description: `${how} (${new Date(snapshot.savedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
        files: snapshot.files,
        contentHashes: snapshot.contentHashes,
      };
    }
    return undefined;
  }
}
