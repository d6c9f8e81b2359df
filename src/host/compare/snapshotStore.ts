import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type CoverageSnapshot, decodeSnapshot, encodeSnapshot } from './snapshot';

/** Workspace storage given to snapshots by default: the oldest go first past this. */
export const DEFAULT_SNAPSHOT_BYTES = 32 * 1024 * 1024;

const NAME = /^([0-9a-f]{40}(?:[0-9a-f]{24})?)\.json$/;
/** A half-written snapshot (`<commit>.json.<pid>.tmp`) this old was left by a process that died. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;
/** encodeSnapshot writes `savedAt` within its first bytes. */
const HEAD_BYTES = 256;

interface Entry {
  readonly name: string;
  readonly commit: string | undefined;
  readonly size: number;
  /** When the snapshot was taken (its own `savedAt`), else the file's modification time. */
  readonly age: number;
  readonly modified: number;
}

export type RememberOutcome = { readonly saved: true; readonly evicted: readonly string[] } | { readonly saved: false; readonly reason: string };

/**
 * Snapshots in one folder (the workspace's storage), one file per commit, at most `maxBytes`
 * in all — every file in the folder counts, half-written ones too: saving one evicts the
 * others oldest first (by when each snapshot was taken, which a copied or restored folder's
 * modification times no longer tell) until the rest fits. A file that cannot be read back is
 * deleted and counts as absent.
 */
export class SnapshotStore {
  constructor(
    readonly folder: string,
    private readonly maxBytes = DEFAULT_SNAPSHOT_BYTES,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /**
   * Saves (replacing that commit's snapshot) and returns the commits evicted to make room
   * (files of the folder that are no snapshot of ours go too, oldest first like the rest).
   */
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

  /**
   * Coverage remembered on load: a snapshot larger than the whole store is not kept (the
   * comparison goes on without it), never an error.
   */
  async remember(snapshot: CoverageSnapshot): Promise<RememberOutcome> {
    try {
      return { saved: true, evicted: await this.save(snapshot) };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return { saved: false, reason: error.message };
    }
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
    return (await this.entries()).flatMap((entry) => (entry.commit === undefined ? [] : [entry.commit]));
  }

  /** Every file of the folder, newest first. */
  private async entries(): Promise<Entry[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const entries: Entry[] = [];
    for (const name of names) {
      const file = path.join(this.folder, name);
      try {
        const info = await stat(file);
        if (!info.isFile()) continue;
        const commit = NAME.exec(name)?.[1];
        const age = commit === undefined ? info.mtimeMs : ((await savedAtOf(file)) ?? info.mtimeMs);
        entries.push({ name, commit, size: info.size, age, modified: info.mtimeMs });
      } catch {
        // Removed meanwhile.
      }
    }
    return entries.sort((a, b) => b.age - a.age || b.modified - a.modified || (a.name < b.name ? -1 : 1));
  }

  private async evict(keep: string): Promise<string[]> {
    const entries = await this.entries();
    const now = Date.now();
    let total = 0;
    const kept: Entry[] = [];
    for (const entry of entries) {
      // Left by a write that never finished: never read, only space taken.
      if (entry.commit === undefined && entry.name.endsWith('.tmp') && now - entry.modified > STALE_TEMPORARY_MS) await rm(path.join(this.folder, entry.name), { force: true });
      else {
        kept.push(entry);
        total += entry.size;
      }
    }
    const evicted: string[] = [];
    for (let i = kept.length - 1; i >= 0 && total > this.maxBytes; i--) {
      const entry = kept[i] as Entry;
      // The snapshot just saved stays, and so does another write in progress.
      if (entry.commit === keep || (entry.commit === undefined && entry.name.endsWith('.tmp'))) continue;
      await rm(path.join(this.folder, entry.name), { force: true });
      total -= entry.size;
      if (entry.commit !== undefined) evicted.push(entry.commit);
    }
    return evicted;
  }

  private fileOf(commit: string): string {
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) throw new RangeError(`not a commit id: ${JSON.stringify(commit)}`);
    return path.join(this.folder, `${commit}.json`);
  }
}

/** The `savedAt` a snapshot file starts with, without reading the rest. */
async function savedAtOf(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
    const match = /"savedAt":(\d{1,16})[,}]/.exec(head.toString('latin1', 0, bytesRead));
    return match === null ? undefined : Number(match[1]);
  } finally {
    await handle.close();
  }
}
