import * as vscode from 'vscode';

export const LOG_NAME = 'Coverage Sentinel';

/** The extension's one output channel ("Coverage Sentinel", with log levels). */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(LOG_NAME, { log: true });
}
