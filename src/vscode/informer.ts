import * as vscode from 'vscode';
import { inertNotification } from '../host/inertText';

/**
 * The information messages commands give when they have nothing to do (no file, no comparison,
 * no token to remove) or to confirm what they did (a token stored), made inert (they may quote a
 * reason built from a branch or folder name) and kept for the test API.
 */
export class Informer {
  private readonly history: string[] = [];

  inform(text: string): void {
    const message = inertNotification(text);
    this.history.push(message);
    void vscode.window.showInformationMessage(message);
  }

  /** Every message given, oldest first (for the test API). */
  messages(): readonly string[] {
    return this.history;
  }
}
