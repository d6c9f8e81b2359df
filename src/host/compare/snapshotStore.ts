import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type CoverageSnapshot, decodeSnapshot, encodeSnapshot } from './snapshot';

/** Workspace storage given to snapshots by default: the oldest go first past this. */
export const DEFAULT_SNAPSHOT_BYTES = 32 * 1024 * 1024;

const NAME = /^([0-9a-f]{40}(?:[0-9a-f]{24})?)\.json$/;

/**
 * Snapshots in one folder (the workspace's storage), one file per commit, at most `maxBytes`
 * in all: saving one evicts the oldest others until the rest fits. A file that cannot be read
 * back is deleted and counts as absent.
 */
export class SnapshotStore {
  constructor(
    readonly folder: string,
    private readonly maxBytes = DEFAULT_SNAPSHOT_BYTES,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** Saves (replacing that commit's snapshot) and returns the commits evicted to make room. */
  async save(snapshot: CoverageSnapshot): Promise<string[]> {
    const text = encodeSnapshot(snapshot);
    const size = Buffer.byteLength(text);
    if (size > this.maxBytes) throw new RangeError(`the snapshot takes ${size} bytes, more than the ${this.maxBytes} bytes allowed`);
    await mkdir(this.folder, { recursive: true });
    const file = this.fileOf(snapshot.commit);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, file);
    return this.evict(snapshot.commit);
  }

  async load(commit: string): Promise<CoverageSnapshot | undefined> {
    const file = this.fileOf(commit);
    try {
      const info = await stat(file);
      if (info.size > this.maxBytes) throw new RangeError(`${info.size} bytes`);
      const snapshot = decodeSnapshot(await readFile(file, 'utf8'));
      if (snapshot.commit !== commit) throw new RangeError('holds another commit');
      return snapshot;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.warn(`baseline snapshot ${path.basename(file)} could not be read and was removed: ${error instanceof Error ? error.message : String(error)}`);
      await rm(file, { force: true });
      return undefined;
    }
  }

  /** Commits with a snapshot, newest first. */
  async commits(): Promise<string[]> {
    return (await this.entries()).map((entry) => entry.commit);
  }

  private async entries(): Promise<{ commit: string; size: number; modified: number }[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const entries: { commit: string; size: number; modified: number }[] = [];
    for (const name of names) {
      const commit = NAME.exec(name)?.[1];
      if (commit === undefined) continue;
      try {
        const info = await stat(path.join(this.folder, name));
        entries.push({ commit, size: info.size, modified: info.mtimeMs });
      } catch {
        // Removed meanwhile.
      }
    }
    return entries.sort((a, b) => b.modified - a.modified || (a.commit < b.commit ? -1 : 1));
  }

  private async evict(keep: string): Promise<string[]> {
    const entries = await this.entries();
    let total = entries.reduce((sum, entry) => sum + entry.size, 0);
    const evicted: string[] = [];
    for (let i = entries.length - 1; i >= 0 && total > this.maxBytes; i--) {
      const entry = entries[i] as (typeof entries)[number];
      if (entry.commit === keep) continue;
      await rm(this.fileOf(entry.commit), { force: true });
      total -= entry.size;
      evicted.push(entry.commit);
    }
    return evicted;
  }

  private fileOf(commit: string): string {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) throw new RangeError(`not a commit id: ${JSON.stringify(commit)}`);
    return path.join(this.folder, `${commit}.json`);
  }
}
