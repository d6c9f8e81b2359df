import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { applyPathMappings, type PathMapping, toPortablePath } from '../core/paths/pathMapping';
import { candidatePaths, isInside, isSafeReportPath, perlBuildSources, relativeBases } from '../core/paths/candidatePaths';
import { packageBase } from '../core/paths/packageBase';
import { directoryCandidates, NOT_GROUPED, splitReportPath } from '../core/paths/groupedCandidates';
import { ReportSuffixMatches } from '../core/paths/reportSuffixMatches';
import { type AmbiguousMatch, SuffixIndex, type SuffixMatch } from '../core/paths/suffixIndex';
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
 * Report path → workspace file. In order: under each Cobertura source root; a Perl build
 * copy's source (`blib/lib/X.pm` → `lib/X.pm`); relative to the report's folder and the workspace
 * folders; through the user's path mappings; and, when no mapping is set, by the longest unique
 * suffix among the workspace's files (a tie broken by where the report's other paths put their
 * root, in resolveAll). Every candidate must
 * lie inside a workspace folder as written, and exist as a file whose real path is inside one
 * too; nothing outside is touched (ContainedPaths walks symlinks without following them out).
 */
export class ReportPathResolver {
  private readonly contained: ContainedPaths;
  private suffixIndex: Promise<SuffixIndex> | undefined;
  private readonly listings: DirectoryListings | undefined;
  /** Last names of the workspace folders: only a file of one of these names can be a folder itself. */
  private readonly folderNames: ReadonlySet<string>;

  constructor(private readonly options: ResolveOptions) {
    this.folderNames = new Set(options.workspaceFolders.map((folder) => path.basename(folder)));
    // Listings answer "not there" only where names compare byte for byte (not on case-insensitive
    // file systems, which also fold Unicode forms, trailing dots and short names).
    this.listings = options.caseInsensitive ? undefined : new DirectoryListings();
    this.contained = new ContainedPaths(options.workspaceFolders);
  }

  /**
   * Every entry's resolution, in order; the same answers as `resolve` for each, at a cost per
   * directory rather than per file. Entries are grouped by the directory part of their path: the
   * candidate directories of a group are worked out and listed once (every listing of a round
   * together), and then a file costs a look-up of its name in those listings and, when no mapping
   * is set, in the suffix index — no await. Only an entry that a listing cannot rule out (the file
   * exists, a symlink is on the way, a name the grouping does not handle) takes `resolve`'s full,
   * awaited checks. Where listings cannot prove anything (case-insensitive file systems), every
   * entry takes `resolve`.
   */
  async resolveAll(entries: readonly string[]): Promise<Resolution[]> {
    const results = new Array<Resolution>(entries.length);
    const suffixMatches = new ReportSuffixMatches();
    const listings = this.listings;
    if (listings === undefined) {
      for (let i = 0; i < entries.length; i++) results[i] = await this.resolveWith(entries[i] as string, suffixMatches.recorder(i));
      return this.reportRules(results, entries, suffixMatches);
    }
    const groups = new Map<string, DirectoryGroup>();
    const groupOf = new Array<DirectoryGroup | undefined>(entries.length);
    const nameStarts = new Int32Array(entries.length);
    const slow: number[] = [];
    const toSuffix: number[] = [];
    /** Perl build copies (blib/lib/…): the group and name of their source (lib/…). */
    const sources = new Map<number, { readonly group: DirectoryGroup; readonly name: string }>();
    /** Puts entry `i` in the group of the directory `text` lies in; false when `text` is not grouped. */
    const placeInGroup = (i: number, text: string): boolean => {
      const split = splitReportPath(text);
      if (split === NOT_GROUPED) return false;
      const key = text.slice(0, split + 1);
      let group = groups.get(key);
      if (group === undefined) {
        group = this.directoryGroup(key);
        groups.set(key, group);
      }
      groupOf[i] = group;
      nameStarts[i] = split + 1;
      return true;
    };
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as string;
      if (!isSafeReportPath(entry)) {
        results[i] = REFUSED;
        continue;
      }
      const local = asLocalRelative(entry);
      // A Perl build copy's source is looked for first: its directory is listed too, and only an
      // entry whose source a listing cannot rule out takes resolve's checks, one at a time.
      const [source] = perlBuildSources(local);
      if (source !== undefined) {
        if (!placeInGroup(i, source)) {
          slow.push(i);
          continue;
        }
        sources.set(i, { group: groupOf[i] as DirectoryGroup, name: source.slice(nameStarts[i]) });
        groupOf[i] = undefined;
      }
      if (!placeInGroup(i, local)) {
        sources.delete(i);
        slow.push(i);
      }
    }
    await this.listGroups(groups, listings);
    for (const [i, { group, name }] of sources) {
      if (!this.needsFullChecks(group, name)) continue;
      groupOf[i] = undefined;
      slow.push(i);
    }
    const mapped = this.options.mappings.length > 0;
    const toMapping: number[] = [];
    for (let i = 0; i < entries.length; i++) {
      const group = groupOf[i];
      if (group === undefined) continue;
      if (this.needsFullChecks(group, asLocalRelative(entries[i] as string).slice(nameStarts[i]))) slow.push(i);
      else if (mapped) toMapping.push(i);
      else toSuffix.push(i);
    }
    // Not found by any direct or source-root candidate: the mapped candidates, grouped the same way.
    if (toMapping.length > 0) {
      const { mappings, ownerFolder, caseInsensitive } = this.options;
      const candidates = new Map<number, { readonly candidate: string; readonly target: string }>();
      for (const i of toMapping) {
        const target = applyPathMappings(entries[i] as string, mappings, ownerFolder, caseInsensitive);
        if (target === undefined) {
          results[i] = NO_MAPPING;
          continue;
        }
        const candidate = path.resolve(ownerFolder, target);
        if (placeInGroup(i, candidate)) candidates.set(i, { candidate, target });
        else slow.push(i);
      }
      await this.listGroups(groups, listings);
      for (const [i, { candidate, target }] of candidates) {
        if (this.needsFullChecks(groupOf[i] as DirectoryGroup, candidate.slice(nameStarts[i]))) slow.push(i);
        else results[i] = { resolvedPath: undefined, note: `not found at ${target}` };
      }
    }
    if (toSuffix.length > 0) {
      const suffixes = await this.suffixes();
      for (const i of toSuffix) {
        const entry = entries[i] as string;
        const group = groupOf[i] as DirectoryGroup;
        const leaves = group.direct.every((candidate) => candidate.folder === undefined) && !path.isAbsolute(asLocalRelative(entry));
        results[i] = leaves ? LEAVES_WORKSPACE : this.suffixResolution(entry, suffixes, suffixMatches.recorder(i));
      }
    }
    slow.sort((a, b) => a - b);
    for (const i of slow) results[i] = await this.resolveWith(entries[i] as string, suffixMatches.recorder(i));
    return this.reportRules(results, entries, suffixMatches);
  }

  /**
   * `results` after the rules that need the report's other paths (ReportSuffixMatches): each tie
   * they decide resolved, then each suffix match of a file another entry names directly dropped.
   */
  private async reportRules(results: Resolution[], entries: readonly string[], suffixMatches: ReportSuffixMatches): Promise<Resolution[]> {
    if (suffixMatches.hasTies) {
      for (const { i, match, path: file, from } of suffixMatches.brokenTies(await this.suffixes())) {
        results[i] = {
          resolvedPath: file,
          note:
            from === undefined
              ? `matched by its last ${match.matchedSegments} path segment(s) in the report's own workspace folder (${this.options.ownerFolder}); the other folders have it too`
              : `matched by its last ${match.matchedSegments} path segment(s) where the report's other paths put their root (${from || '.'} is ${above(file, match.matchedSegments)})`,
        };
      }
    }
    for (const { i, direct, matchedSegments } of suffixMatches.weaker(results.length, (i) => results[i]?.resolvedPath)) {
      results[i] = {
        resolvedPath: undefined,
        note: `not taken: the report's ${entries[direct] ?? ''} names ${results[direct]?.resolvedPath ?? ''} (${results[direct]?.note ?? 'direct'}); this path matches only its last ${matchedSegments} segment(s), so it names another file (a dependency's or a toolchain's, say)`,
      };
    }
    this.keepInPackage(results, entries, suffixMatches);
    return results;
  }

  /**
   * Drops each relative path matched by its suffix outside the package folder the report's direct
   * paths are written from (packageBase): `src/util.ts` in `packages/a/coverage/lcov.info`, when
   * packages/a has no such file (any more), is not packages/b's `src/util.ts`.
   */
  private keepInPackage(results: Resolution[], entries: readonly string[], suffixMatches: ReportSuffixMatches): void {
    const outside = [...suffixMatches.matched()].filter((i) => results[i]?.resolvedPath !== undefined && !path.isAbsolute(asLocalRelative(entries[i] as string)));
    if (outside.length === 0) return;
    const { reportFile, ownerFolder, workspaceFolders } = this.options;
    const base = packageBase(directEntries(results, entries), relativeBases(reportFile, ownerFolder, workspaceFolders), ownerFolder);
    if (base === undefined) return;
    for (const i of outside) {
      const file = results[i]?.resolvedPath as string;
      if (isInside(base, file)) continue;
      results[i] = { resolvedPath: undefined, note: `not taken: the report's other paths are relative to ${base}, which has no such file; ${file} (matched by its suffix) is another package's` };
    }
  }

  /** The candidate directories of a group of entries that share `key` (their path up to the last separator). */
  private directoryGroup(key: string): DirectoryGroup {
    const { reportFile, ownerFolder, workspaceFolders } = this.options;
    const direct = directoryCandidates(key, reportFile, ownerFolder, workspaceFolders).map((directory) => this.groupCandidate(directory));
    const roots = key !== '' && path.isAbsolute(key) ? [] : this.sourceRoots().map((root) => this.groupCandidate(path.resolve(root, key)));
    return { direct, roots };
  }

  private groupCandidate(directory: string): GroupCandidate {
    return { directory, folder: this.options.workspaceFolders.find((f) => isInside(f, directory)), state: undefined };
  }

  /** Lists the groups' directories, every group's next level in one round, until each group is decided. */
  private async listGroups(groups: ReadonlyMap<string, DirectoryGroup>, listings: DirectoryListings): Promise<void> {
    const pending: GroupCandidate[] = [];
    for (const group of groups.values()) for (const candidate of [...group.direct, ...group.roots]) if (candidate.folder !== undefined && candidate.state === undefined) pending.push(candidate);
    const seen = new Map<string, Promise<DirectoryState>>();
    for (let start = 0; start < pending.length; start += LISTING_BATCH) {
      const batch = pending.slice(start, start + LISTING_BATCH);
      await Promise.all(
        batch.map(async (candidate) => {
          const key = `${candidate.folder as string}\0${candidate.directory}`;
          let state = seen.get(key);
          if (state === undefined) {
            state = listings.directoryState(candidate.folder as string, candidate.directory);
            seen.set(key, state);
          }
          candidate.state = await state;
        }),
      );
    }
  }

  /**
   * Whether a file of a group needs resolve's full checks: some candidate of the group's may be it
   * (its directory's listing has the name, or cannot rule it out). When not, the listings prove that
   * no direct or source-root candidate exists.
   */
  private needsFullChecks(group: DirectoryGroup, name: string): boolean {
    // A name of a workspace folder may make a candidate that is that folder: the full checks decide.
    if (this.folderNames.has(name)) return true;
    for (const candidates of [group.direct, group.roots]) {
      for (const { folder, state } of candidates) {
        if (folder === undefined) continue;
        if (state === undefined || state.kind === 'unknown') return true;
        if (state.kind === 'listed' && state.names.has(name)) return true;
      }
    }
    return false;
  }

  private suffixResolution(entry: string, suffixes: SuffixIndex, matched: ((match: SuffixMatch) => void) | undefined): Resolution {
    // The index leaves these folders out: a path through one names a file no suffix here can be
    // (`…/node_modules/lodash/index.js` is not the workspace's own index.js).
    if (throughSkippedFolder(entry)) return NOT_IN_WORKSPACE;
    const match = suffixes.match(entry);
    matched?.(match);
    switch (match.kind) {
      case 'unique':
        return { resolvedPath: match.path, note: `matched by its last ${match.matchedSegments} path segment(s)` };
      case 'ambiguous':
        return ambiguous(entry, match, this.options.ownerFolder);
      case 'none':
        return NOT_IN_WORKSPACE;
    }
  }

  /** One entry's resolution; a tie between same-named files stays one (resolveAll breaks ties by the report's other paths). */
  resolve(entry: string): Promise<Resolution> {
    return this.resolveWith(entry, undefined);
  }

  /** resolve, telling `matched` of a suffix match. */
  private async resolveWith(entry: string, matched: ((match: SuffixMatch) => void) | undefined): Promise<Resolution> {
    if (!isSafeReportPath(entry)) return REFUSED;
    const { reportFile, ownerFolder, workspaceFolders, mappings } = this.options;
    const local = asLocalRelative(entry);
    // A Cobertura filename is relative to its <source>s: they come first (gcovr's report of lib/ in
    // build/ names lib/src/util.c as src/util.c, which the workspace's own src/util.c must not take).
    for (const root of this.sourceRoots()) {
      if (path.isAbsolute(local)) break;
      const candidate = path.resolve(root, local);
      if (await this.isWorkspaceFile(candidate)) return { resolvedPath: candidate, note: `source root ${root}` };
    }
    // Devel::Cover names the build copy blib/lib/X.pm: its source lib/X.pm, when there is one, is the file edited.
    for (const source of perlBuildSources(local)) {
      for (const candidate of candidatePaths(source, reportFile, ownerFolder, workspaceFolders)) {
        if (await this.isWorkspaceFile(candidate)) return { resolvedPath: candidate, note: `source of the build copy ${local}` };
      }
    }
    let leadsOut = false;
    const candidates = candidatePaths(local, reportFile, ownerFolder, workspaceFolders);
    for (const candidate of candidates) {
      const found = await this.workspaceFile(candidate);
      if (found === 'file') return { resolvedPath: candidate, note: DIRECT };
      leadsOut ||= found === 'outside';
    }
    // The path names a file through a symlink that leads out: that file, not another one found by its suffix.
    if (leadsOut) return LEADS_OUT;
    if (mappings.length > 0) {
      const mapped = applyPathMappings(entry, mappings, ownerFolder, this.options.caseInsensitive);
      if (mapped !== undefined && (await this.isWorkspaceFile(path.resolve(ownerFolder, mapped)))) {
        return { resolvedPath: path.resolve(ownerFolder, mapped), note: 'path mapping' };
      }
      return mapped === undefined ? NO_MAPPING : { resolvedPath: undefined, note: `not found at ${mapped}` };
    }
    // A relative path that leads out of every folder names a file outside, not one found by its name.
    if (candidates.length === 0 && !path.isAbsolute(local)) return LEAVES_WORKSPACE;
    return this.suffixResolution(entry, await this.suffixes(), matched);
  }

  private sourceRoots(): string[] {
    const { sourceRoots, reportFile, ownerFolder, mappings, caseInsensitive } = this.options;
    return sourceRoots.filter(isSafeReportPath).map((root) => {
      const mapped = applyPathMappings(root, mappings, ownerFolder, caseInsensitive);
      return path.resolve(path.dirname(reportFile), mapped ?? root);
    });
  }

  private async isWorkspaceFile(candidate: string): Promise<boolean> {
    return (await this.workspaceFile(candidate)) === 'file';
  }

  /** A file of the workspace, a path a symlink on the way leads out of it (never followed), or neither. */
  private async workspaceFile(candidate: string): Promise<'file' | 'outside' | 'none'> {
    const { workspaceFolders } = this.options;
    const folder = workspaceFolders.find((f) => isInside(f, candidate));
    if (folder === undefined) return 'none';
    if (this.listings !== undefined && (await this.listings.provablyMissing(folder, candidate))) return 'none';
    const found = await this.contained.resolve(candidate);
    if (found.kind === 'outside') return 'outside';
    return found.kind === 'inside' && found.stats.isFile() ? 'file' : 'none';
  }

  private suffixes(): Promise<SuffixIndex> {
    this.suffixIndex ??= indexWorkspace(this.options.workspaceFolders, this.options.ownerFolder, this.options.caseInsensitive);
    return this.suffixIndex;
  }
}

/**
 * A relative path written on Windows (`src\Models\User.ts`, as coverlet and other Windows tools
 * write them) with `/` where this platform has no `\` separator; any other path as it is.
 */
function asLocalRelative(entry: string): string {
  if (path.sep !== '/' || !entry.includes('\\') || entry.startsWith('\\') || /^[A-Za-z]:/.test(entry)) return entry;
  return entry.replaceAll('\\', '/');
}

/** The relative entries resolved as written, relative to the report's folder or one above it. */
function* directEntries(results: readonly Resolution[], entries: readonly string[]): Generator<{ readonly entry: string; readonly file: string }> {
  for (let i = 0; i < results.length; i++) {
    const { resolvedPath, note } = results[i] as Resolution;
    const entry = asLocalRelative(entries[i] as string);
    if (resolvedPath !== undefined && note === DIRECT && !path.isAbsolute(entry)) yield { entry, file: resolvedPath };
  }
}

/** Entries resolved by one listing of a group; shared, so that a million of them cost no object each. */
const DIRECT = 'direct';
const REFUSED: Resolution = Object.freeze({ resolvedPath: undefined, note: 'refused: not a plain file path' });
const NO_MAPPING: Resolution = Object.freeze({ resolvedPath: undefined, note: 'not found; no path mapping matches it' });
const NOT_IN_WORKSPACE: Resolution = Object.freeze({ resolvedPath: undefined, note: 'not found in the workspace' });
const LEAVES_WORKSPACE: Resolution = Object.freeze({ resolvedPath: undefined, note: 'outside the workspace: the path leads out of every workspace folder' });
const LEADS_OUT: Resolution = Object.freeze({ resolvedPath: undefined, note: 'refused: a symlink on its way leads out of the workspace' });
/** Directory listings requested at once while groups are listed. */
const LISTING_BATCH = 64;

/** A directory of report paths: its candidate directories, stage by stage (direct, then source roots). */
interface DirectoryGroup {
  readonly direct: readonly GroupCandidate[];
  readonly roots: readonly GroupCandidate[];
}

interface GroupCandidate {
  readonly directory: string;
  /** The workspace folder the candidate lies in; undefined when it lies in none (never looked at). */
  readonly folder: string | undefined;
  state: DirectoryState | undefined;
}

/** What the listings say of a candidate directory: missing on the way, listed, or not provable. */
type DirectoryState = { readonly kind: 'missing' } | { readonly kind: 'listed'; readonly names: ReadonlySet<string> } | { readonly kind: 'unknown' };

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

  /**
   * What `provablyMissing` would say of every file `name` in `directory` (a path inside `folder`):
   * `missing` when a directory on the way is missing (every such file is provably missing), its
   * listing when every directory on the way is a real one (a file is provably missing exactly when
   * the listing lacks its name), `unknown` when nothing can be proved (a symlink on the way, a
   * listing that failed).
   */
  async directoryState(folder: string, directory: string): Promise<DirectoryState> {
    const relative = path.relative(folder, directory);
    let dir = folder;
    if (relative !== '') {
      for (const name of relative.split(path.sep)) {
        if (name === '' || name === '.' || name === '..') return UNKNOWN;
        const listing = await this.list(dir);
        if (listing === undefined) return UNKNOWN;
        if (!listing.names.has(name)) return MISSING;
        if (!listing.directories.has(name)) return UNKNOWN;
        dir = path.join(dir, name);
      }
    }
    const listing = await this.list(dir);
    return listing === undefined ? UNKNOWN : { kind: 'listed', names: listing.names };
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

const MISSING: DirectoryState = { kind: 'missing' };
const UNKNOWN: DirectoryState = { kind: 'unknown' };

function throughSkippedFolder(entry: string): boolean {
  // Most paths hold none of the names: a substring test before the split.
  for (const folder of SKIPPED_FOLDERS) if (entry.includes(folder)) return toPortablePath(entry).split('/').some((segment) => SKIPPED_FOLDERS.has(segment));
  return false;
}

/**
 * Walks the workspace folders (not following symlinks, skipping VCS and node_modules), each file
 * once: a folder inside another is walked as itself, not as part of the outer one, so that its
 * files are its own and not tied with themselves. Files of `ownerFolder` are added as owned.
 */
async function indexWorkspace(folders: readonly string[], ownerFolder: string, caseInsensitive: boolean): Promise<SuffixIndex> {
  const index = new SuffixIndex(caseInsensitive);
  const roots = new Set(folders);
  const queue = [...roots].map((dir) => ({ dir, owned: dir === ownerFolder }));
  while (queue.length > 0 && index.size < MAX_INDEXED_FILES) {
    const { dir, owned } = queue.shift() as { dir: string; owned: boolean };
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) {
        if (!roots.has(child)) queue.push({ dir: child, owned });
      } else if (entry.isFile()) index.add(child, owned);
    }
  }
  return index;
}

/** The folder `levels` segments above `file` (the file itself is one). */
function above(file: string, levels: number): string {
  let folder = file;
  for (let i = 0; i < levels; i++) folder = path.dirname(folder);
  return folder;
}

/** Unresolved between same-named files, with the mapping that would pick one (a path matched whole has no prefix to map). */
function ambiguous(entry: string, { paths, count, matchedSegments }: AmbiguousMatch, folder: string): Resolution {
  const mapping = suggestMapping(entry, paths[0] as string, matchedSegments, folder);
  const advice = mapping === undefined ? 'no path mapping can pick one for a path that is matched whole' : `a mapping such as ${mapping} would pick one`;
  const more = count > paths.length ? ` and ${count - paths.length} more` : '';
  return { resolvedPath: undefined, note: `ambiguous: ${paths.join(', ')}${more}; ${advice}` };
}

function suggestMapping(entry: string, candidate: string, matchedSegments: number, folder: string): string | undefined {
  const entrySegments = toPortablePath(entry).split('/');
  const candidateSegments = toPortablePath(candidate).split('/');
  const from = entrySegments.slice(0, entrySegments.length - matchedSegments).join('/');
  if (from === '' || from === '.') return undefined;
  const to = candidateSegments.slice(0, candidateSegments.length - matchedSegments).join('/');
  const portableFolder = toPortablePath(folder);
  const target = to.startsWith(portableFolder) ? `\${workspaceFolder}${to.slice(portableFolder.length)}` : to;
  return `"coverageSentinel.pathMappings": {"${from}": "${target}"}`;
}
