import * as path from 'node:path';
import { relativeBases } from './candidatePaths';

/**
 * candidatePaths (candidatePaths.ts) for many report paths at once, a directory at a time: the
 * report paths that share a directory part (`key`, the path up to its last separator) have as
 * candidates that directory's candidates, each joined with the file's name. Only for names that
 * are plain (see splitReportPath); test/unit/groupedCandidates.test.ts checks the equality with
 * candidatePaths on both path flavours.
 */

/**
 * Where the name of a report path starts, less one: the index of its last separator (-1 when it
 * has none), or NOT_GROUPED when its name is not a plain one (empty, `.`, `..`, or with a drive
 * colon on Windows): such a path is resolved on its own.
 */
export function splitReportPath(entry: string, pathApi: path.PlatformPath = path): number {
  const split = pathApi.sep === '\\' ? Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')) : entry.lastIndexOf('/');
  const nameLength = entry.length - split - 1;
  if (nameLength === 0) return NOT_GROUPED;
  if (nameLength <= 2) {
    const name = entry.slice(split + 1);
    if (name === '.' || name === '..') return NOT_GROUPED;
  }
  if (pathApi.sep === '\\' && entry.indexOf(':', split + 1) >= 0) return NOT_GROUPED;
  return split;
}

export const NOT_GROUPED = -2;

/**
 * The candidate directories of the report paths whose directory part is `key` (empty, or ending
 * in a separator), in candidatePaths' order and without repeats, inside a workspace folder or not
 * (candidatePaths drops a file candidate in no folder: so does the caller, by the directory's
 * folder); a file's candidate is `joinName(directory, name)`. A directory in no folder still gives
 * a file candidate inside one when that file is a folder itself (`/ws` + `a` with folder `/ws/a`),
 * and a directory in one folder a file candidate that is an earlier folder: callers leave a name
 * that is a folder's name to the per-path checks.
 */
export function directoryCandidates(
  key: string,
  reportFile: string,
  ownerFolder: string,
  workspaceFolders: readonly string[],
  pathApi: path.PlatformPath = path,
): string[] {
  const absolute = key !== '' && pathApi.isAbsolute(key);
  const bases = absolute ? [''] : relativeBases(reportFile, ownerFolder, workspaceFolders, pathApi);
  const seen = new Set<string>();
  for (const base of bases) seen.add(base === '' ? withoutTrailingSeparator(pathApi.normalize(key), pathApi) : pathApi.resolve(base, key));
  return [...seen];
}

/** `directory` (normalised, no trailing separator unless it is a root) joined with a plain name. */
export function joinName(directory: string, name: string, pathApi: path.PlatformPath = path): string {
  return directory.endsWith(pathApi.sep) ? directory + name : directory + pathApi.sep + name;
}

function withoutTrailingSeparator(directory: string, pathApi: path.PlatformPath): string {
  const root = pathApi.parse(directory).root;
  let end = directory.length;
  while (end > root.length && (directory[end - 1] === pathApi.sep || directory[end - 1] === '/')) end--;
  return directory.slice(0, end);
}
