import * as path from 'node:path';

/**
 * Report path → candidate workspace files, in order of preference. Only candidates inside a
 * workspace folder are returned, so nothing outside the workspace is ever stat-ed (SECURITY.md).
 * A relative path is tried against the folders of relativeBases; an absolute path is kept only
 * when it lies inside a workspace folder.
 */
export function candidatePaths(
  reportEntry: string,
  reportFile: string,
  ownerFolder: string,
  workspaceFolders: readonly string[],
  pathApi: path.PlatformPath = path,
): string[] {
  if (!isSafeReportPath(reportEntry)) return [];
  const bases = pathApi.isAbsolute(reportEntry)
    ? ['']
    : relativeBases(reportFile, ownerFolder, workspaceFolders, pathApi);
  const seen = new Set<string>();
  const result: string[] = [];
  for (const base of bases) {
    const candidate = base === '' ? pathApi.normalize(reportEntry) : pathApi.resolve(base, reportEntry);
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    if (workspaceFolders.some((folder) => isInside(folder, candidate, pathApi))) result.push(candidate);
  }
  return result;
}

/**
 * The folders a relative report path is tried against, nearest first: the report's folder, each
 * folder above it up to the workspace folder that owns it (a monorepo package's report names
 * files from the package's folder: `packages/b/coverage/lcov.info` with `src/index.ts`), that
 * workspace folder, then the other workspace folders.
 */
export function relativeBases(reportFile: string, ownerFolder: string, workspaceFolders: readonly string[], pathApi: path.PlatformPath = path): string[] {
  const bases = [pathApi.dirname(reportFile)];
  for (let above = pathApi.dirname(bases[0] as string); isInside(ownerFolder, above, pathApi) && above !== ownerFolder; above = pathApi.dirname(above)) bases.push(above);
  return [...bases, ownerFolder, ...workspaceFolders.filter((f) => f !== ownerFolder)];
}

/**
 * The source of a Perl build copy: ExtUtils::MakeMaker and Module::Build copy `lib/` to
 * `blib/lib/` before the tests run, and Devel::Cover names the copy (`blib/lib/Foo/Bar.pm` →
 * `lib/Foo/Bar.pm`). Empty for any other path, for an absolute one, and for one
 * with a `..` segment after `blib/lib/` (it climbs out of the copy).
 */
export function perlBuildSources(reportEntry: string): string[] {
  const rest = /^(?:\.\/)?blib\/lib\/(.+)$/.exec(reportEntry)?.[1];
  // `blib/lib/../x` is `blib/x`, no build copy: its `lib/../x` would be another file (`x`).
  if (rest === undefined || rest.split(/[\\/]/).includes('..')) return [];
  return [`lib/${rest}`];
}

/** True when `candidate` is `folder` or lies below it (lexically; resolve symlinks first). */
export function isInside(folder: string, candidate: string, pathApi: path.PlatformPath = path): boolean {
  const relative = pathApi.relative(folder, candidate);
  // `..generated` is a folder's name, `..` or `../x` a way out.
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${pathApi.sep}`) && !pathApi.isAbsolute(relative));
}

/** Rejects paths that must never reach the file system: UNC/device paths, URLs, NUL bytes. */
export function isSafeReportPath(reportEntry: string): boolean {
  if (reportEntry.length === 0 || reportEntry.includes('\0')) return false;
  if (reportEntry.startsWith('\\\\') || reportEntry.startsWith('//')) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(reportEntry);
  if (scheme !== null && (scheme[1] ?? '').length > 1) return false;
  return true;
}
