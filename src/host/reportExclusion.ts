import * as path from 'node:path';
import picomatch from 'picomatch';

/**
 * The one rule that decides whether a report location is excluded by
 * `coverageSentinel.excludePaths`: the initial search and every file watcher event ask it.
 * Paths are relative to their workspace folder, with `/` separators.
 */
export function createReportExclusion(excludeGlobs: readonly string[]): (relativePath: string) => boolean {
  if (excludeGlobs.length === 0) return () => false;
  const matches = picomatch([...excludeGlobs], { dot: true, windows: false });
  return (relativePath) => matches(relativePath.replaceAll('\\', '/'));
}

/** The exclusion of one workspace folder, for locations given as URI paths (`/`-separated) inside it. */
export function excludedIn(folderPath: string, excludeGlobs: readonly string[]): (locationPath: string) => boolean {
  const excluded = createReportExclusion(excludeGlobs);
  return (locationPath) => excluded(path.posix.relative(folderPath, locationPath));
}

/**
 * The report globs as few patterns as possible: one `{a,b,…}` group (one search, one watcher)
 * for every glob without braces of its own (VS Code's globs do not nest groups).
 */
export function combinedGlobs(globs: readonly string[]): string[] {
  const plain = globs.filter((glob) => !glob.includes('{') && !glob.includes(','));
  const braced = globs.filter((glob) => !plain.includes(glob));
  if (plain.length <= 1) return [...plain, ...braced];
  return [`{${plain.join(',')}}`, ...braced];
}
