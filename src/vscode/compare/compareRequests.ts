import * as vscode from 'vscode';
import type { LineMapping } from '../../core/lines/lineMapping';
import { mappingOfHunks } from '../../host/compare/editorInputs';
import type { MatchedReport } from '../../host/compare/reportSource';
import type { Settings } from '../settings';
import type { WorkerHost } from '../workerHost';

// What the comparison asks of the worker.

/** A baseline report file read and matched to the repository's files, in the worker. */
export async function readBaselineReport(worker: WorkerHost, settings: Settings, reportPath: string, root: string, files: readonly string[], folder: vscode.WorkspaceFolder | undefined): Promise<MatchedReport> {
  const result = await worker.request({
    type: 'baselineReport',
    reportPath,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    maxBytes: settings.get().maxReportSizeMB * 1024 * 1024,
    root,
    files,
    pathMappings: folder === undefined ? [] : settings.get(folder.uri).pathMappings,
  });
  return { files: new Map(result.files), unmatched: result.unmatched, notes: result.notes };
}

/** The line diff of two texts, computed in the worker. */
export async function diffInWorker(worker: WorkerHost, oldText: string, newText: string): Promise<LineMapping> {
  const { hunks } = await worker.request({ type: 'diffTexts', oldText, newText });
  return mappingOfHunks(hunks);
}
