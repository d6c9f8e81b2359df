import { realpath, stat } from 'node:fs/promises';
import { candidatePaths, isInside } from '../core/paths';

/**
 * Finds the workspace file a report path names: the first candidate that exists as a regular
 * file and whose real path (symlinks resolved) is still inside a workspace folder.
 */
export async function resolveReportEntry(
  reportEntry: string,
  reportFile: string,
  ownerFolder: string,
  workspaceFolders: readonly string[],
): Promise<string | undefined> {
  for (const candidate of candidatePaths(reportEntry, reportFile, ownerFolder, workspaceFolders)) {
    try {
      const real = await realpath(candidate);
      const realFolders = await Promise.all(workspaceFolders.map((folder) => realpath(folder).catch(() => folder)));
      if (!realFolders.some((folder) => isInside(folder, real))) continue;
      if ((await stat(real)).isFile()) return candidate;
    } catch {
      // Not there: try the next candidate.
    }
  }
  return undefined;
}
