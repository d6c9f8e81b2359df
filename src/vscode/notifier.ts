import * as vscode from 'vscode';
import type { ParseWarning } from '../core/model/model';
import { inertNotification, printable } from '../host/inertText';
import { describeWorkerError, type WorkerError } from '../shared/protocol';

const SHOW_LOG = 'Show Log';

/**
 * Tells the user about reports that could not be read: the log gets every detail, the user
 * one non-modal warning per distinct problem (not one per retry or per unchanged reload).
 * Report text (a report's name, a key or attribute quoted in a warning, input echoed in an
 * error) is shortened and made inert: VS Code would turn `[x](command:…)` into a link.
 */
export class Notifier {
  private readonly shown = new Map<string, string>();
  private readonly history: string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  reportFailure(reportUri: vscode.Uri, error: WorkerError): void {
    const message = `Coverage Sentinel could not read ${vscode.workspace.asRelativePath(reportUri)}: ${printable(describeWorkerError({ ...error, file: undefined }))}`;
    this.log.error(`${describeWorkerError({ ...error, file: reportUri.fsPath })}`);
    this.showOnce(`failure:${reportUri.toString()}`, message);
  }

  clearFailure(reportUri: vscode.Uri): void {
    this.shown.delete(`failure:${reportUri.toString()}`);
  }

  reportWarnings(reportUri: vscode.Uri, warnings: readonly ParseWarning[]): void {
    for (const warning of warnings) this.log.warn(`${reportUri.fsPath}:${warning.line}: ${warning.message}`);
    // Known producer quirks lose nothing the user needs: the log only.
    const notable = warnings.filter((warning) => warning.kind !== 'quirk');
    if (notable.length === 0) return;
    const first = notable[0] as ParseWarning;
    const more = notable.length > 1 ? ` (and ${notable.length - 1} more)` : '';
    this.showOnce(
      `warnings:${reportUri.toString()}`,
      `Coverage Sentinel skipped part of ${vscode.workspace.asRelativePath(reportUri)}: line ${first.line}: ${printable(first.message)}${more}`,
    );
  }

  /** Every message shown to the user, oldest first (for the test API). */
  messages(): readonly string[] {
    return this.history;
  }

  private showOnce(key: string, text: string): void {
    const message = inertNotification(text);
    if (this.shown.get(key) === message) return;
    this.shown.set(key, message);
    this.history.push(message);
    void vscode.window.showWarningMessage(message, SHOW_LOG).then((choice) => {
      if (choice === SHOW_LOG) this.log.show(true);
    });
  }
}
