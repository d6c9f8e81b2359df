import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CART, FORMAT, STATS, UNTESTED } from './expected';
import { EXTENSION_ID, eventually, HANG_GUARD_MS, sentinel } from './helpers';
import type { SentinelApi } from '../../src/vscode/testApi';

/** The repository's fixtures, which scripts/workspace.mjs copied into the test workspace. */
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
/** Workspace folder (or sibling folder) → its fixture in the repository, and where its reports live. */
const COPIES = [
  { name: 'example', fixture: 'example', reports: (file: string) => file.startsWith(`coverage${path.sep}`) },
  { name: 'example-lib', fixture: 'example-lib', reports: (file: string) => file.startsWith(`coverage${path.sep}`) },
  { name: 'example-python', fixture: path.join('producers', 'python'), reports: (file: string) => /^coverage\.(json|lcov|xml)$/.test(file) },
];
const OPEN_FOLDERS = ['example', 'example-lib'];
/** What the two reports of the untouched workspace hold. */
const EXAMPLE_TOTALS = { files: 3, lines: CART.lines + FORMAT.lines + UNTESTED.lines, linesHit: CART.linesHit + FORMAT.linesHit + UNTESTED.linesHit };
const LIB_TOTALS = { files: 1, lines: STATS.lines, linesHit: STATS.linesHit };

/**
 * Puts the workspace back as scripts/workspace.mjs laid it out, whatever ran before: the two
 * folders open, the fixture files with their committed content (reports newer than the sources
 * they describe, no extra reports), no Coverage Sentinel settings, marks shown, no editors; then
 * waits until the extension shows exactly the two reports. Every test file calls it first, so
 * none depends on which files ran before it.
 */
export async function resetWorkspace(): Promise<SentinelApi> {
  const api = await sentinel();
  await closeEditors();
  await reloadStaleDocuments();
  await resetSettings();
  await closeExtraFolders();
  const root = path.dirname(folderPath('example'));
  for (const copy of COPIES) restoreCopy(path.join(FIXTURES, copy.fixture), path.join(root, copy.name), copy.reports);
  if (!api.marksVisible()) await vscode.commands.executeCommand('coverageSentinel.toggleMarks');
  await rebuildIndex(api);
  await eventually(api, () => (atBaseline(api) ? true : undefined), 'the two reports of the untouched workspace', 60_000);
  return api;
}

function folderPath(name: string): string {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `workspace folder ${name} is open`);
  return found.uri.fsPath;
}

/** Folders a test added (example-python) are removed; the two of the .code-workspace stay first. */
async function closeExtraFolders(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.deepEqual(folders.slice(0, OPEN_FOLDERS.length).map((f) => f.name), OPEN_FOLDERS);
  if (folders.length === OPEN_FOLDERS.length) return;
  const changed = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
      listener.dispose();
      resolve();
    });
  });
  assert.ok(vscode.workspace.updateWorkspaceFolders(OPEN_FOLDERS.length, folders.length - OPEN_FOLDERS.length), 'removing the folders tests added');
  await changed;
}

async function closeEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * A closed editor's document can stay in the extension host with text that is no longer the
 * file's (seen after `Revert File` on a document opened earlier in the run). Marks drawn on such a
 * document would be wrong for reasons of no test's making: touch the file so that VS Code reloads
 * it, and wait until the document holds the file's text again.
 */
async function reloadStaleDocuments(): Promise<void> {
  const differs = (document: vscode.TextDocument) =>
    !document.isClosed && !document.isDirty && existsSync(document.uri.fsPath) && document.getText() !== readFileSync(document.uri.fsPath, 'utf8');
  const stale = vscode.workspace.textDocuments.filter((document) => document.uri.scheme === 'file' && differs(document));
  if (stale.length === 0) return;
  const now = new Date();
  for (const document of stale) utimesSync(document.uri.fsPath, now, now);
  const deadline = Date.now() + HANG_GUARD_MS;
  while (stale.some(differs)) {
    assert.ok(Date.now() < deadline, `VS Code did not reload ${stale.filter(differs).map((d) => d.uri.fsPath).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts every document afresh in the extension: its record of edits made in an earlier test
 * belongs to the index entry it was made against, and a rebuilt index (here by switching
 * `mergeReports`, as a new report would) drops it. A configuration change reaches the extension
 * host before `update` resolves, so `whenIdle` then includes the rebuild.
 */
async function rebuildIndex(api: SentinelApi): Promise<void> {
  const config = vscode.workspace.getConfiguration('coverageSentinel');
  await config.update('mergeReports', false, vscode.ConfigurationTarget.Workspace);
  await api.whenIdle();
  await config.update('mergeReports', undefined, vscode.ConfigurationTarget.Workspace);
  await api.whenIdle();
}

/** Every `coverageSentinel.*` setting a test (or a command it ran) may have set, back to its default. */
async function resetSettings(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const properties = (extension?.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } }).contributes.configuration.properties;
  for (const key of Object.keys(properties)) {
    const [section, ...rest] = key.split('.');
    const name = rest.join('.');
    const workspace = vscode.workspace.getConfiguration(section);
    const values = workspace.inspect(name);
    if (values?.globalValue !== undefined) await workspace.update(name, undefined, vscode.ConfigurationTarget.Global);
    if (values?.workspaceValue !== undefined) await workspace.update(name, undefined, vscode.ConfigurationTarget.Workspace);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const scoped = vscode.workspace.getConfiguration(section, folder.uri);
      if (scoped.inspect(name)?.workspaceFolderValue !== undefined) await scoped.update(name, undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  }
}

/**
 * Gives every fixture file in `copy` the content it has in `fixture`, deletes what the tests added
 * (reports, folders, folder settings), and keeps each report newer than every source file
 * (modification times a test may have moved).
 */
function restoreCopy(fixture: string, copy: string, isReport: (relative: string) => boolean): void {
  const expected = listFiles(fixture);
  for (const relative of expected) {
    const want = readFileSync(path.join(fixture, relative));
    const target = path.join(copy, relative);
    if (!existsSync(target) || !readFileSync(target).equals(want)) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, want);
    }
  }
  const known = new Set(expected);
  for (const relative of listFiles(copy)) if (!known.has(relative)) rmSync(path.join(copy, relative), { force: true });
  removeEmptyFolders(copy, fixture);
  const reports = expected.filter(isReport).map((relative) => path.join(copy, relative));
  const sources = expected.filter((relative) => !isReport(relative)).map((relative) => path.join(copy, relative));
  if (reports.length === 0 || sources.length === 0) return;
  const oldestReport = Math.min(...reports.map((file) => statSync(file).mtimeMs));
  const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  if (newestSource < oldestReport - 1000) return;
  // Forward only: VS Code ignores a file whose modification time went back.
  const later = new Date(Math.max(Date.now(), newestSource + 2000));
  for (const file of reports) utimesSync(file, later, later);
}

/** Folders under `copy` that the fixture does not have and that are now empty. */
function removeEmptyFolders(copy: string, fixture: string): void {
  if (!existsSync(copy)) return;
  for (const entry of readdirSync(copy, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const inCopy = path.join(copy, entry.name);
    const inFixture = path.join(fixture, entry.name);
    removeEmptyFolders(inCopy, inFixture);
    if (!existsSync(inFixture) && readdirSync(inCopy).length === 0) rmSync(inCopy, { recursive: true, force: true });
  }
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

function atBaseline(api: SentinelApi): boolean {
  const reports = api.reports();
  const totalsOf = (folder: string) => {
    const report = reports.find((r) => r.reportUri.fsPath === path.join(folderPath(folder), 'coverage', 'lcov.info'));
    return report === undefined ? undefined : { files: report.totals.files, lines: report.totals.lines, linesHit: report.totals.linesHit };
  };
  return (
    reports.length === 2 &&
    JSON.stringify(totalsOf('example')) === JSON.stringify(EXAMPLE_TOTALS) &&
    JSON.stringify(totalsOf('example-lib')) === JSON.stringify(LIB_TOTALS) &&
    api.publishedCoverage().length === 4 &&
    api.marksVisible() &&
    vscode.window.visibleTextEditors.length === 0
  );
}
