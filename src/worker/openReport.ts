import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, realpath, stat } from 'node:fs/promises';
import { ContainedPaths } from './containedPath';

export type ReportAccessKind = 'outsideWorkspace' | 'notAFile' | 'stalled';

/** A report that is not read: it leads outside the workspace, is not a regular file, or stalled. */
export class ReportAccessError extends Error {
  constructor(
    readonly kind: ReportAccessKind,
    reason: string,
  ) {
    super(reason);
    this.name = 'ReportAccessError';
  }
}

// Not blocking: opening a FIFO or a device swapped in after the checks returns at once (the
// fstat below then refuses it). No following of a last-component symlink swapped in either.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Opens a report for reading only when it is a regular file and, when `workspaceFolders` is
 * given, its real path lies inside one of them (symlinks are followed only inside; see
 * ContainedPaths). The file opened is the one checked: its device and inode must match.
 * `workspaceFolders` undefined (the command-line tool, where the user names the file): any path.
 */
export async function openReportFile(file: string, workspaceFolders: readonly string[] | undefined): Promise<FileHandle> {
  return (await openReportFileAt(file, workspaceFolders)).handle;
}

/** openReportFile, and the real path it opened. */
export async function openReportFileAt(file: string, workspaceFolders: readonly string[] | undefined): Promise<{ handle: FileHandle; realPath: string }> {
  const { realPath, stats } = await checkedRealPath(file, workspaceFolders);
  if (!stats.isFile()) throw new ReportAccessError('notAFile', `it is not a regular file (${describeType(stats)}); only regular files are read`);
  const handle = await open(realPath, OPEN_FLAGS);
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.dev !== stats.dev || opened.ino !== stats.ino) {
      throw new ReportAccessError('notAFile', 'it was replaced by another file while being opened; it is not read');
    }
    return { handle, realPath };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function checkedRealPath(file: string, workspaceFolders: readonly string[] | undefined): Promise<{ realPath: string; stats: Stats }> {
  if (workspaceFolders === undefined) {
    const realPath = await realpath(file);
    return { realPath, stats: await stat(realPath) };
  }
  const found = await new ContainedPaths(workspaceFolders).resolve(file);
  switch (found.kind) {
    case 'inside':
      return found;
    case 'outside':
      throw new ReportAccessError('outsideWorkspace', 'its real path is outside the workspace folders (a symlink leads out); it is not read');
    case 'missing':
      throw Object.assign(new Error(`${found.code}: ${file}`), { code: found.code });
  }
}

function describeType(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
