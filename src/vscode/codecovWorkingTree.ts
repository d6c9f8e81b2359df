import { lstat, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decodeText, looksBinary } from '../core/lines/textLines';
import { repoPathsUnder } from '../host/codecov/workingTreePaths';
import type { BlobText } from '../host/git/gitRepository';

// The working tree as the editor has it, for moving Codecov's coverage onto today's lines.

const MAX_CURRENT_BYTES = 8 * 1024 * 1024;

/** Repository paths (`/`-separated) of the documents under `root` with unsaved edits. */
export function unsavedPaths(root: string): string[] {
  return repoPathsUnder(
    root,
    vscode.workspace.textDocuments.filter((document) => document.isDirty && document.uri.scheme === 'file').map((document) => document.uri.fsPath),
  );
}

/** A working-tree file's text: the open document's (unsaved edits included), else the disk's. */
export async function currentText(root: string, file: string): Promise<BlobText> {
  const absolute = path.join(root, ...file.split('/'));
  const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
  if (document !== undefined) return { kind: 'text', text: document.getText() };
  try {
    if (!(await lstat(absolute)).isFile()) return { kind: 'notAFile' };
    const bytes = await readFile(absolute);
    if (bytes.length > MAX_CURRENT_BYTES) return { kind: 'tooLarge', size: bytes.length };
    return looksBinary(bytes) ? { kind: 'binary' } : { kind: 'text', text: decodeText(bytes) };
  } catch {
    return { kind: 'missing' };
  }
}
