import * as vscode from 'vscode';

/** Markdown that runs no command and renders no HTML or `$(icon)`; report text in it is escaped by the caller (host/inertText.ts). */
export function untrustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
