import * as path from 'node:path';

/**
 * Report path → candidate workspace files, in order of preference. Only candidates inside a
 * workspace folder are returned, so nothing outside the workspace is ever stat-ed (SECURITY.md).
 * A relative path is tried against the report's folder, then the owning workspace folder, then
 * the other folders; an absolute path is kept only when it lies inside a workspace folder.
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
    : [pathApi.dirname(reportFile), ownerFolder, ...workspaceFolders.filter((f) => f !== ownerFolder)];
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

/** True when `candidate` is `folder` or lies below it (lexically; resolve symlinks first). */
export function isInside(folder: string, candidate: string, pathApi: path.PlatformPath = path): boolean {
  const relative = pathApi.relative(folder, candidate);
  return relative === '' || (!relative.startsWith('..') && !pathApi.isAbsolute(relative));
}

/** Rejects paths that must never reach the file system: UNC/device paths, URLs, NUL bytes. */
export function isSafeReportPath(reportEntry: string): boolean {
  if (reportEntry.length === 0 || reportEntry.includes('\0')) return false;
  if (reportEntry.startsWith('\\\\') || reportEntry.startsWith('//')) return false;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]+):/.exec(reportEntry);
  if (scheme !== null && (scheme[1] ?? '').length > 1) return false;
  return true;
}
