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
