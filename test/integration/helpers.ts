import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SentinelApi } from '../../src/vscode/testApi';

export const EXTENSION_ID = 'coverage-sentinel.coverage-sentinel';

export async function sentinel(): Promise<SentinelApi> {
  const extension = vscode.extensions.getExtension<SentinelApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  const api = await extension.activate();
  await api.whenIdle();
  return api;
}

export function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `workspace folder ${name} is open`);
  return found;
}

export function fileIn(folderName: string, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, relative);
}

export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** How long a wait for the extension may take before it counts as hung (a loaded machine is slow). */
export const HANG_GUARD_MS = 30_000;

/** Polls until `probe` returns a value that is not undefined, settling the extension between tries. */
export async function eventually<T>(api: SentinelApi, probe: () => T | undefined, what: string, timeoutMs = HANG_GUARD_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await api.whenIdle();
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Markdown as a reader sees it: backslash escapes removed. */
export function plainMarkdown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Inclusive range of integers. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function without(values: number[], ...excluded: number[][]): number[] {
  const drop = new Set(excluded.flat());
  return values.filter((value) => !drop.has(value));
}

/**
 * Runs `command` and takes the first item of the quick pick it shows, as a user pressing Enter
 * does: Enter is pressed until the command has finished, which it does only once its quick pick
 * has been shown and an item accepted (Enter before the pick shows, or on an empty one, does
 * nothing).
 */
export async function acceptFirstItemOf(command: string, ...args: unknown[]): Promise<void> {
  let finished = false;
  const running = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => (finished = true));
  const deadline = Date.now() + HANG_GUARD_MS;
  while (!finished) {
    assert.ok(Date.now() < deadline, `${command} did not finish within ${HANG_GUARD_MS / 1000} s of pressing Enter`);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  await running;
}
