import { applyPathMappings, type PathMapping, toPortablePath } from './pathMapping';
import { isSafeReportPath } from './candidatePaths';
import { ReportSuffixMatches } from './reportSuffixMatches';
import { SuffixIndex, type SuffixMatch } from './suffixIndex';

export interface RepoPathOptions {
  /** The repository's top folder, absolute. */
  readonly root: string;
  /** Every file path of the tree to match against (a commit's, or the working tree's), relative to the root with `/`. */
  readonly files: Iterable<string>;
  /** The folder of the report file, absolute (relative report paths start there). */
  readonly reportFolder: string;
  /** Cobertura `<source>` roots, as the report wrote them. */
  readonly sourceRoots?: readonly string[];
  readonly mappings?: readonly PathMapping[];
  readonly caseInsensitive?: boolean;
}

export type RepoPathMatch = { readonly path: string; readonly how: string } | { readonly path: undefined; readonly how: string };

/**
 * Report path → a file of a git tree, without touching the disk: a baseline report describes
 * files as they were at the baseline commit, which may no longer exist in the working tree.
 * In order: absolute paths under the root; relative paths from the report's folder, from the
 * root, under each source root; the user's path mappings; and the longest unique suffix among
 * the tree's files (reports from CI runners and containers). A tie is never guessed: matchAll
 * breaks one only by where the report's other paths put their root.
 */
export class RepoPathMatcher {
  private readonly files = new Set<string>();
  private readonly folded = new Map<string, string>();
  private readonly suffixes: SuffixIndex;
  private readonly root: string;
  private readonly reportFolder: string;

  constructor(private readonly options: RepoPathOptions) {
    this.root = trimSlash(toPortablePath(options.root));
    this.reportFolder = trimSlash(toPortablePath(options.reportFolder));
    this.suffixes = new SuffixIndex(options.caseInsensitive ?? false);
    for (const file of options.files) {
      this.files.add(file);
      if (options.caseInsensitive === true) this.folded.set(file.toLowerCase(), file);
      this.suffixes.add(file);
    }
  }

  /** One entry's file; a tie between same-named files stays one (matchAll breaks ties by the report's other paths). */
  match(entry: string): RepoPathMatch {
    return this.matchWith(entry, undefined);
  }

  /**
   * Every entry of one report, in order: match's answers, with ties the report's other paths decide
   * resolved, and suffix matches of files that another entry names directly left out (ReportSuffixMatches).
   */
  matchAll(entries: readonly string[]): RepoPathMatch[] {
    const suffixMatches = new ReportSuffixMatches();
    const results = entries.map((entry, i) => this.matchWith(entry, suffixMatches.recorder(i)));
    for (const { i, match, path, from } of suffixMatches.brokenTies(this.suffixes)) {
      results[i] = { path, how: `longest suffix (${match.matchedSegments} segments) where the report's other paths put their root (${from || '.'})` };
    }
    for (const { i, direct, matchedSegments } of suffixMatches.weaker(results.length, (i) => results[i]?.path)) {
      results[i] = { path: undefined, how: `another file: ${entries[direct] ?? ''} names ${results[direct]?.path ?? ''} directly, this path only its last ${matchedSegments} segment(s)` };
    }
    return results;
  }

  private matchWith(entry: string, matched: ((match: SuffixMatch) => void) | undefined): RepoPathMatch {
    if (!isSafeReportPath(entry)) return { path: undefined, how: 'refused: not a plain file path' };
    const portable = toPortablePath(entry);
    const absolute = portable.startsWith('/') || /^[A-Z]:\//.test(portable);
    const candidates: [string, string][] = [];
    if (absolute) candidates.push([portable, 'absolute']);
    else {
      candidates.push([`${this.reportFolder}/${portable}`, 'relative to the report']);
      candidates.push([`${this.root}/${portable}`, 'relative to the repository']);
      for (const source of this.options.sourceRoots ?? []) {
        const root = toPortablePath(source);
        const base = root.startsWith('/') || /^[A-Z]:\//.test(root) ? root : `${this.reportFolder}/${root}`;
        candidates.push([`${trimSlash(base)}/${portable}`, `source root ${source}`]);
      }
    }
    for (const [candidate, how] of candidates) {
      const inRepo = this.inRepository(candidate);
      if (inRepo !== undefined) return { path: inRepo, how };
    }
    const mappings = this.options.mappings ?? [];
    if (mappings.length > 0) {
      const mapped = applyPathMappings(entry, mappings, this.root, this.options.caseInsensitive ?? false);
      if (mapped !== undefined) {
        const inRepo = this.inRepository(mapped.startsWith('/') || /^[A-Z]:\//.test(mapped) ? mapped : `${this.root}/${mapped}`);
        if (inRepo !== undefined) return { path: inRepo, how: 'path mapping' };
      }
      return { path: undefined, how: 'not in the repository (path mappings set, so no suffix match)' };
    }
    const suffix = this.suffixes.match(portable);
    matched?.(suffix);
    if (suffix.kind === 'unique') return { path: suffix.path, how: `longest suffix (${suffix.matchedSegments} segments)` };
    if (suffix.kind === 'ambiguous') return { path: undefined, how: `ambiguous: ${suffix.count} files end in the same ${suffix.matchedSegments} segment(s)` };
    return { path: undefined, how: 'not in the repository' };
  }

  /** The tree path of an absolute candidate, when it names one of the tree's files. */
  private inRepository(candidate: string): string | undefined {
    const normal = normalise(candidate);
    if (normal === undefined) return undefined;
    const prefix = `${this.root}/`;
    const caseInsensitive = this.options.caseInsensitive ?? false;
    const head = normal.slice(0, prefix.length);
    if (caseInsensitive ? head.toLowerCase() !== prefix.toLowerCase() : head !== prefix) return undefined;
    const relative = normal.slice(prefix.length);
    if (this.files.has(relative)) return relative;
    return caseInsensitive ? this.folded.get(relative.toLowerCase()) : undefined;
  }
}

/** `.` and `..` segments resolved lexically; undefined when `..` climbs above the start. */
function normalise(path: string): string | undefined {
  const out: string[] = [];
  const segments = path.split('/');
  const lead = segments[0] === '' ? '/' : '';
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(segment);
  }
  return lead + out.join('/');
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
