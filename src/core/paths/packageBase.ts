import * as path from 'node:path';
import { isInside } from './candidatePaths';

/**
 * The folder a report below its workspace folder writes its relative paths from, when every path
 * it names directly agrees on one: a monorepo package's `packages/a` for its
 * `packages/a/coverage/lcov.info` naming `src/index.ts`. Undefined when that folder is the workspace
 * folder (or another one), or when the paths disagree. A relative path missing from that folder
 * names a file the package no longer has, not a same-named file of another package.
 * `direct`: each such path as the report wrote it and the file it named; `bases`: the folders
 * relative paths are tried against (relativeBases).
 */
export function packageBase(
  direct: Iterable<{ readonly entry: string; readonly file: string }>,
  bases: readonly string[],
  ownerFolder: string,
  pathApi: path.PlatformPath = path,
): string | undefined {
  let found: string | undefined;
  for (const { entry, file } of direct) {
    const base = bases.find((b) => pathApi.resolve(b, entry) === file);
    if (base === undefined || (found !== undefined && base !== found)) return undefined;
    found = base;
  }
  return found !== undefined && found !== ownerFolder && isInside(ownerFolder, found, pathApi) ? found : undefined;
}
