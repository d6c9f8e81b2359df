import * as path from 'node:path';

/** Repository paths (`/`-separated) of the files under `root` among `fsPaths`; the root itself and files outside it are left out. */
export function repoPathsUnder(root: string, fsPaths: readonly string[]): string[] {
  return fsPaths
    .map((fsPath) => path.relative(root, fsPath))
    .filter((relative) => relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
    .map((relative) => relative.split(path.sep).join('/'));
}
