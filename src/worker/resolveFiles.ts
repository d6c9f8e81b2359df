import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { applyPathMappings, type PathMapping, toPortablePath } from '../core/paths/pathMapping';
import { candidatePaths, isInside, isSafeReportPath } from '../core/paths/candidatePaths';
import { SuffixIndex } from '../core/paths/suffixIndex';
import { ContainedPaths } from './containedPath';

export interface ResolveOptions {
  readonly reportFile: string;
  readonly ownerFolder: string;
  readonly workspaceFolders: readonly string[];
  readonly mappings: readonly PathMapping[];
  /** Cobertura `<source>` roots, as the report wrote them. */
  readonly sourceRoots: readonly string[];
  readonly caseInsensitive: boolean;
}

export interface Resolution {
  readonly resolvedPath: string | undefined;
  /** How it resolved, or why not (shown in the log and by the inspect tool). */
  readonly note: string;
}

/** Files visited at most when indexing the workspace for suffix matching. */
export const MAX_INDEXED_FILES = 200_000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Report path → workspace file. In order: relative to the report's folder and the workspace
 * folders; under each Cobertura source root; through the user's path mappings; and, when no
 * mapping is set, by the longest unique suffix among the workspace's files. Every candidate must
 * lie inside a workspace folder as written, and exist as a file whose real path is inside one
 * too; nothing outside is touched (ContainedPaths walks symlinks without following them out).
 */
export class ReportPathResolver {
  private readonly contained: ContainedPaths;
  private suffixIndex: Promise<SuffixIndex> | undefined;
  private readonly listings: DirectoryListings | undefined;

  constructor(private readonly options: ResolveOptions) {
    // Listings answer "not there" only where names compare byte for byte (not on case-insensitive
    // file systems, which also fold Unicode forms, trailing dots and short names).
    this.listings = options.caseInsensitive ? undefined : new DirectoryListings();
    this.contained = new ContainedPaths(options.workspaceFolders);
  }

  async resolve(entry: string): Promise<Resolution> {
    if (!isSafeReportPath(entry)) return { resolvedPath: undefined, note: 'refused: not a plain file path' };
    const { reportFile, ownerFolder, workspaceFolders, mappings } = this.options;
    for (const candidate of candidatePaths(entry, reportFile, ownerFolder, workspaceFolders)) {
      if (await this.isWorkspaceFile(candidate)) return { resolvedPath: candidate, note: 'direct' };
    }
    for (const root of this.sourceRoots()) {
      if (path.isAbsolute(entry)) break;
      const candidate = path.resolve(root, entry);
      if (await this.isWorkspaceFile(candidate)) return { resolvedPath: candidate, note: `source root ${root}` };
    }
    if (mappings.length > 0) {
      const mapped = applyPathMappings(entry, mappings, ownerFolder, this.options.caseInsensitive);
      if (mapped !== undefined && (await this.isWorkspaceFile(path.resolve(ownerFolder, mapped)))) {
        return { resolvedPath: path.resolve(ownerFolder, mapped), note: 'path mapping' };
      }
      return { resolvedPath: undefined, note: mapped === undefined ? 'not found; no path mapping matches it' : `not found at ${mapped}` };
    }
    const match = (await this.suffixes()).match(entry);
    switch (match.kind) {
      case 'unique':
        return { resolvedPath: match.path, note: `matched by its last ${match.matchedSegments} path segment(s)` };
      case 'ambiguous':
        return { resolvedPath: undefined, note: `ambiguous: ${match.paths.join(', ')}; a mapping such as ${suggestMapping(entry, match.paths[0] as string, match.matchedSegments, ownerFolder)} would pick one` };
      case 'none':
        return { resolvedPath: undefined, note: 'not found in the workspace' };
    }
  }

  private sourceRoots(): string[] {
    const { sourceRoots, reportFile, ownerFolder, mappings, caseInsensitive } = this.options;
    return sourceRoots.filter(isSafeReportPath).map((root) => {
      const mapped = applyPathMappings(root, mappings, ownerFolder, caseInsensitive);
      return path.resolve(path.dirname(reportFile), mapped ?? root);
    });
  }

  private async isWorkspaceFile(candidate: string): Promise<boolean> {
    const { workspaceFolders } = this.options;
    const folder = workspaceFolders.find((f) => isInside(f, candidate));
    if (folder === undefined) return false;
    if (this.listings !== undefined && (await this.listings.provablyMissing(folder, candidate))) return false;
    const found = await this.contained.resolve(candidate);
    return found.kind === 'inside' && found.stats.isFile();
  }

  private suffixes(): Promise<SuffixIndex> {
    this.suffixIndex ??= indexWorkspace(this.options.workspaceFolders, this.options.caseInsensitive);
    return this.suffixIndex;
  }
}

/** A directory's entries: names of real directories (not symlinks), and all names. */
interface Listing {
  readonly directories: ReadonlySet<string>;
  readonly names: ReadonlySet<string>;
}

/**
 * Cached readdir listings of the directories on the way from a workspace folder to candidate
 * files, so that the many report paths that do not exist (files of another checkout, generated
 * code) cost no failing realpath each: one listing per directory answers them all. Only real
 * directories inside the folder are listed (never through a symlink); whenever a listing cannot
 * prove a path absent, the caller's full checks decide.
 */
class DirectoryListings {
  private readonly listings = new Map<string, Promise<Listing | undefined>>();

  /** True only when some directory from `folder` down to `candidate`'s is missing, or lacks the next name. */
  async provablyMissing(folder: string, candidate: string): Promise<boolean> {
    const relative = path.relative(folder, candidate);
    if (relative === '') return false;
    const names = relative.split(path.sep);
    let dir = folder;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name === '' || name === '.' || name === '..') return false;
      const listing = await this.list(dir);
      if (listing === undefined) return false;
      if (!listing.names.has(name)) return true;
      if (i === names.length - 1) return false;
      // Only a real directory is listed next; a symlink is left to the realpath checks.
      if (!listing.directories.has(name)) return false;
      dir = path.join(dir, name);
    }
    return false;
  }

  private list(dir: string): Promise<Listing | undefined> {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      listing = readdir(dir, { withFileTypes: true }).then(
        (entries) => {
          const names = new Set<string>();
          const directories = new Set<string>();
          for (const entry of entries) {
            names.add(entry.name);
            if (entry.isDirectory()) directories.add(entry.name);
          }
          return { names, directories };
        },
        () => undefined,
      );
      this.listings.set(dir, listing);
    }
    return listing;
  }
}

/** Walks the workspace folders (not following symlinks, skipping VCS and node_modules). */
async function indexWorkspace(folders: readonly string[], caseInsensitive: boolean): Promise<SuffixIndex> {
  const index = new SuffixIndex(caseInsensitive);
  const queue = [...folders];
  while (queue.length > 0 && index.size < MAX_INDEXED_FILES) {
    const dir = queue.shift() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) queue.push(path.join(dir, entry.name));
      else if (entry.isFile()) index.add(path.join(dir, entry.name));
    }
  }
  return index;
}

function suggestMapping(entry: string, candidate: string, matchedSegments: number, folder: string): string {
  const entrySegments = toPortablePath(entry).split('/');
  const candidateSegments = toPortablePath(candidate).split('/');
  const from = entrySegments.slice(0, entrySegments.length - matchedSegments).join('/');
  const to = candidateSegments.slice(0, candidateSegments.length - matchedSegments).join('/');
  const portableFolder = toPortablePath(folder);
  const target = to.startsWith(portableFolder) ? `\${workspaceFolder}${to.slice(portableFolder.length)}` : to;
  return `"coverageSentinel.pathMappings": {"${from}": "${target}"}`;
}
