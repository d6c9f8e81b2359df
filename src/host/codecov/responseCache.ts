import * as crypto from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { RepoSlug } from '../../core/codecov/slug';
import { CACHE_HEADER_MAX_BYTES, cacheHeaderLine, type CodecovBody, parseCacheHeader } from '../../shared/codecovBody';

/** What a cached response is for. Commit data is immutable, so the sha fixes the content. */
export interface CachedResponseKey {
  /** ApiOrigin.origin: the server that answered. */
  readonly origin: string;
  readonly slug: RepoSlug;
  readonly sha: string;
  /** The report's path filter (a monorepo folder), '' for the whole report. */
  readonly path?: string;
}

export interface CachedResponse {
  /** Where the body lies: the worker reads it there (never the host). */
  readonly body: Extract<CodecovBody, { kind: 'cacheFile' }>;
  /** When it was stored (ms since the epoch). */
  readonly storedAt: number;
}

const SUFFIX = '.codecov';

/**
 * Codecov responses on disk (VS Code's global storage): one file per server, repository, sha
 * and path filter, named by the SHA-256 of that key (never by response or slug text, so no
 * name can lead out of the folder), written to a temporary file and renamed into place (a
 * reader never sees half a file). Its first line holds the key, checked on every read (here and
 * by the worker, which reads the body). The folder is kept under maxBytes by evicting the least
 * recently used files. Symlinks and other non-files in the folder are ignored.
 */
export class ResponseCache {
  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Where the response for `key` lies, its header checked (the body is not read), and marks it used. */
  async get(key: CachedResponseKey): Promise<CachedResponse | undefined> {
    const file = this.fileFor(key);
    let handle: fs.FileHandle | undefined;
    try {
      const stat = await fs.lstat(file);
      if (!stat.isFile() || stat.size > this.maxBytes) return undefined;
      handle = await fs.open(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
      const head = new Uint8Array(Math.min(CACHE_HEADER_MAX_BYTES, stat.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      await handle.close();
      handle = undefined;
      const newline = head.subarray(0, bytesRead).indexOf(0x0a);
      const stored = newline < 0 ? undefined : parseCacheHeader(new TextDecoder().decode(head.subarray(0, newline)));
      if (stored?.key !== keyText(key)) throw new Error('not this key');
      const touched = new Date(this.now());
      await fs.utimes(file, touched, touched).catch(() => undefined);
      return { body: { kind: 'cacheFile', file, key: stored.key, size: stat.size - newline - 1 }, storedAt: stored.storedAt };
    } catch (error) {
      await handle?.close();
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') await fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /**
   * Stores a response (a body larger than the whole cache is not stored: undefined), then evicts
   * down to the cap. `body`: the response's bytes, whole or as the chunks it arrived in (written as they are).
   */
  async put(key: CachedResponseKey, body: Uint8Array | readonly Uint8Array[]): Promise<CachedResponse | undefined> {
    const storedAt = this.now();
    const head = new TextEncoder().encode(cacheHeaderLine({ key: keyText(key), storedAt }));
    const parts = body instanceof Uint8Array ? [body] : body;
    const size = parts.reduce((sum, part) => sum + part.length, 0);
    if (head.length > CACHE_HEADER_MAX_BYTES || head.length + size > this.maxBytes) return undefined;
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.fileFor(key);
    const temporary = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    try {
      const handle = await fs.open(temporary, 'wx', 0o600);
      try {
        await handle.writev([head, ...parts]);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const time = new Date(this.now());
      await fs.utimes(temporary, time, time);
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
    await this.evict(file);
    return { body: { kind: 'cacheFile', file, key: keyText(key), size }, storedAt };
  }

  /** Removes every cached response (and leftover temporary files). */
  async clear(): Promise<void> {
    for (const name of await this.names()) await fs.rm(path.join(this.dir, name), { force: true });
  }

  /** Evicts the least recently used files down to the cap, never `keep` (just written: the worker is about to read it). */
  private async evict(keep: string): Promise<void> {
    const entries: { file: string; size: number; used: number }[] = [];
    let total = 0;
    for (const name of await this.names()) {
      const file = path.join(this.dir, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (stat === undefined || !stat.isFile()) continue;
      // Temporary files of a writer that died are removed after a minute.
      if (name.endsWith('.tmp')) {
        if (this.now() - stat.mtimeMs > 60_000) await fs.rm(file, { force: true });
        continue;
      }
      if (file !== keep) entries.push({ file, size: stat.size, used: stat.mtimeMs });
      else total += stat.size;
    }
    total += entries.reduce((sum, entry) => sum + entry.size, 0);
    entries.sort((a, b) => a.used - b.used);
    for (const entry of entries) {
      if (total <= this.maxBytes) break;
      await fs.rm(entry.file, { force: true });
      total -= entry.size;
    }
  }

  private async names(): Promise<string[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    return names.filter((name) => /^[0-9a-f]{64}\.codecov(\.[0-9a-f]{12}\.tmp)?$/.test(name));
  }

  private fileFor(key: CachedResponseKey): string {
    return path.join(this.dir, `${crypto.createHash('sha256').update(keyText(key)).digest('hex')}${SUFFIX}`);
  }
}

function keyText(key: CachedResponseKey): string {
  return JSON.stringify(['codecov-response/1', key.origin, key.slug.service, key.slug.owner, key.slug.repo, key.sha, key.path ?? '']);
}
