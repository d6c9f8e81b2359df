import * as path from 'node:path';
import { isInside } from '../core/paths/candidatePaths';

/**
 * The reports the watcher knows of since its last rescan (found by a search or a file event, and
 * kept when deleted: a folder made again may hold them again), by key, and which of them lie below
 * a path. A workspace's file events come here one by one: an event for a path that is no known
 * report's folder (or a folder above one) costs one set look-up.
 */
export class KnownReports<T> {
  private readonly reports = new Map<string, { readonly fsPath: string; readonly value: T }>();
  /** Every folder above a known report, as fsPath spells it; built when first asked after a change. */
  private folders: Set<string> | undefined;

  has(key: string): boolean {
    return this.reports.has(key);
  }

  get size(): number {
    return this.reports.size;
  }

  /** Adds (or updates) the report `key` at `fsPath`. */
  add(key: string, fsPath: string, value: T): void {
    const known = this.reports.get(key);
    if (known !== undefined && known.fsPath === fsPath) {
      this.reports.set(key, { fsPath, value });
      return;
    }
    this.reports.set(key, { fsPath, value });
    this.folders = undefined;
  }

  clear(): void {
    this.reports.clear();
    this.folders = undefined;
  }

  /** The known reports strictly below the folder `changed` (the file events' fsPath). */
  *below(changed: string): Generator<T> {
    if (!this.folderSet().has(changed)) return;
    for (const { fsPath, value } of this.reports.values()) {
      if (fsPath.length > changed.length && fsPath.startsWith(changed) && isInside(changed, fsPath)) yield value;
    }
  }

  private folderSet(): Set<string> {
    if (this.folders !== undefined) return this.folders;
    const folders = new Set<string>();
    for (const { fsPath } of this.reports.values()) {
      for (let folder = path.dirname(fsPath); !folders.has(folder); folder = path.dirname(folder)) {
        folders.add(folder);
        if (path.dirname(folder) === folder) break;
      }
    }
    this.folders = folders;
    return folders;
  }
}
