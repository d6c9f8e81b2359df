import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CodecovSimulator, type SimRepo } from '../support/codecovSimulator';
import { createTestAuthority, type TestAuthority } from '../support/testCertificates';
import { resetWorkspace } from './baseline';
import { folder, plainMarkdown } from './helpers';

/** git with a fixed identity and no signing, in `cwd`; its output trimmed. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

export const codecovConfig = (scope?: vscode.Uri): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('coverageSentinel.codecov', scope);

/** The test CA the runner made, which the extension host trusts through NODE_EXTRA_CA_CERTS. */
export function trustedAuthority(): TestAuthority {
  const caDir = process.env['SENTINEL_TEST_CA_DIR'];
  assert.ok(caDir, 'the integration runner made a test CA (SENTINEL_TEST_CA_DIR) and gave VS Code NODE_EXTRA_CA_CERTS');
  return createTestAuthority(caDir, 'integration', true);
}

/** Adds `folder` to the workspace (as the last folder) and waits until VS Code has it. */
export async function addWorkspaceFolder(folder: string, name: string): Promise<void> {
  const added = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      listener.dispose();
      resolve();
    });
  });
  assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(folder), name }));
  await added;
}

/** The hovers of a line (1-based) as a reader sees them. */
export async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 2));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => plainMarkdown(typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Every log file VS Code (code-server) wrote for this run: output channels, extension host, server. */
export function logFiles(): { file: string; text: string }[] {
  const home = process.env['SENTINEL_VSCODE_HOME'];
  assert.ok(home, 'the code-server runner gives the profile folder in SENTINEL_VSCODE_HOME');
  const logs = path.join(home, 'user-data', 'logs');
  assert.ok(existsSync(logs), `VS Code writes its logs under ${logs}`);
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && statSync(full).size < 64 * 1024 * 1024) out.push({ file: full, text: readFileSync(full, 'utf8') });
    }
  };
  walk(logs);
  return out;
}

/**
 * A new git repository beside the example folder (removed first if a failed run left it), on
 * `branch`, with `remote` as its origin, holding `files` (path relative to the repository → text)
 * but no commit yet.
 */
export function makeRepository(name: string, remote: string, files: Record<string, string>, branch = 'main'): string {
  const repo = path.join(path.dirname(folder('example').uri.fsPath), name);
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '-q', '-b', branch);
  git(repo, 'remote', 'add', 'origin', remote);
  writeFiles(repo, files);
  return repo;
}

/** Writes each file (path relative to `repo`, with `/`), making its folders. */
export function writeFiles(repo: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(repo, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Commits everything with `message`; the new commit's id. */
export function commitAll(repo: string, message: string): string {
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** The Codecov simulator over HTTPS (a certificate from the runner's test CA), set as the server in user settings. */
export async function startSimulator(repos: SimRepo[], tokens: string[] = []): Promise<CodecovSimulator> {
  const simulator = await CodecovSimulator.start({ tls: trustedAuthority().issue(['localhost']), tokens, repos });
  await codecovConfig().update('url', simulator.origin(), vscode.ConfigurationTarget.Global);
  return simulator;
}

/** Adds `repo` as a workspace folder named `name`; `enable`: turns Codecov on in that folder's settings. */
export async function openRepository(repo: string, name: string, options: { enable: boolean }): Promise<void> {
  await addWorkspaceFolder(repo, name);
  if (options.enable) await codecovConfig(vscode.Uri.file(repo)).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
}

/** For after(): the baseline's workspace back (folder settings and the server URL with it), the repository removed, the simulator closed. */
export async function removeRepository(repo: string, simulator: CodecovSimulator): Promise<void> {
  await resetWorkspace();
  rmSync(repo, { recursive: true, force: true });
  await simulator.close();
}
