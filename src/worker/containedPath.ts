import type { Stats } from 'node:fs';
import { lstat, readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../core/paths/candidatePaths';

export type ContainedPath =
  | { readonly kind: 'inside'; readonly realPath: string; readonly stats: Stats }
  /** The path, or a symlink on the way, leads outside every root. */
  | { readonly kind: 'outside' }
  /** A component is missing or unreadable (`code` is the errno code, e.g. ENOENT). */
  | { readonly kind: 'missing'; readonly code: string };

/** Symlinks followed at most for one path, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * Real paths inside a set of folders, found without touching anything outside them: unlike
 * `realpath`, which stats every component of wherever a symlink points, the path is resolved one
 * component at a time and each component is looked at (`lstat`, `readlink`) only when it lies
 * inside a folder. A symlink that leads out ends the walk before its target is touched.
 * `lstat`/`readlink` results are cached for the life of the object (one report load).
 */
export class ContainedPaths {
  private roots: Promise<{ readonly lexical: string; readonly real: string }[]> | undefined;
  private readonly lstats = new Map<string, Promise<Stats>>();
  private readonly links = new Map<string, Promise<string>>();

  /** `folders`: absolute paths of the folders (the workspace folders), as the editor names them. */
  constructor(private readonly folders: readonly string[]) {}

  async resolve(candidate: string): Promise<ContainedPath> {
    const roots = await this.realRoots();
    const start = roots.find((root) => isInside(root.lexical, candidate)) ?? roots.find((root) => isInside(root.real, candidate));
    if (start === undefined) return { kind: 'outside' };
    const base = isInside(start.lexical, candidate) ? start.lexical : start.real;
    const realRoots = roots.map((root) => root.real);
    // Components still to walk, the next one last; `current` is always a real path.
    const pending = components(path.relative(base, candidate)).reverse();
    let current = start.real;
    let stats: Stats | undefined;
    let followed = 0;
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (name === '..') {
        current = path.dirname(current);
        stats = undefined;
        continue;
      }
      const next = path.join(current, name);
      // An ancestor of a real root is a real directory: no need (and no right) to look at it.
      if (realRoots.some((root) => isInside(next, root) && next !== root)) {
        current = next;
        stats = undefined;
        continue;
      }
      if (!realRoots.some((root) => isInside(root, next))) return { kind: 'outside' };
      try {
        stats = await this.lstat(next);
        if (!stats.isSymbolicLink()) {
          current = next;
          continue;
        }
        if (++followed > MAX_LINKS) return { kind: 'missing', code: 'ELOOP' };
        const target = await this.readlink(next);
        if (path.isAbsolute(target)) current = path.parse(target).root;
        pending.push(...components(path.isAbsolute(target) ? target.slice(path.parse(target).root.length) : target).reverse());
        stats = undefined;
      } catch (error) {
        return { kind: 'missing', code: errnoCode(error) };
      }
    }
    if (!realRoots.some((root) => isInside(root, current))) return { kind: 'outside' };
    try {
      return { kind: 'inside', realPath: current, stats: stats ?? (await this.lstat(current)) };
    } catch (error) {
      return { kind: 'missing', code: errnoCode(error) };
    }
  }

  /** The folders and their real paths (a folder that cannot be resolved keeps its own name). */
  private realRoots(): Promise<{ lexical: string; real: string }[]> {
    this.roots ??= Promise.all(this.folders.map(async (folder) => ({ lexical: folder, real: await realpath(folder).catch(() => folder) })));
    return this.roots;
  }

  private lstat(file: string): Promise<Stats> {
    let stats = this.lstats.get(file);
    if (stats === undefined) {
      stats = lstat(file);
      this.lstats.set(file, stats);
    }
    return stats;
  }

  private readlink(file: string): Promise<string> {
    let target = this.links.get(file);
    if (target === undefined) {
      target = readlink(file);
      this.links.set(file, target);
    }
    return target;
  }
}

function components(relative: string): string[] {
  return relative.split(path.sep === '\\' ? /[\\/]/ : '/').filter((name) => name !== '' && name !== '.');
}

function errnoCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}
