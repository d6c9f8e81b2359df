import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { eventually, fileIn, openEditor, sentinel } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .filter((value) => value.includes('**Coverage**'))
    .join('\n---\n')
    .replaceAll('&nbsp;', ' ');
}

/** The hover as a reader sees it: markdown escapes removed. */
function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!~|<>])/g, '$1');
}

async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 2));
  return hoverText(hovers);
}

describe('uncovered-line navigation', () => {
  afterEach(async () => {
    await vscode.workspace.getConfiguration('coverageSentinel').update('navigation.includePartial', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('jumps to the next and previous uncovered region, wrapping around the file', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    const editor = await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'marks');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const line = () => vscode.window.activeTextEditor?.selection.active.line ?? -1;
    const stops: number[] = [];
    for (let i = 0; i < 3; i++) {
      await vscode.commands.executeCommand('coverageSentinel.nextUncoveredLine');
      stops.push(line() + 1);
    }
    assert.deepEqual(stops, [5, 21, 5]);
    await vscode.commands.executeCommand('coverageSentinel.previousUncoveredLine');
    assert.equal(line() + 1, 21);
    // The cursor lands on the first non-blank character of the line.
    assert.equal(vscode.window.activeTextEditor?.selection.active.character, 0);
  });

  it('stops at partial lines too when navigation.includePartial is on', async () => {
    const api = await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    const editor = await openEditor(uri);
    await eventually(api, () => api.decorations(uri), 'marks');
    await vscode.workspace.getConfiguration('coverageSentinel').update('navigation.includePartial', true, vscode.ConfigurationTarget.Workspace);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const stops: number[] = [];
    for (let i = 0; i < 3; i++) {
      await vscode.commands.executeCommand('coverageSentinel.nextUncoveredLine');
      stops.push((vscode.window.activeTextEditor?.selection.active.line ?? -1) + 1);
    }
    assert.deepEqual(stops, [4, 18, 21]);
    await vscode.commands.executeCommand('coverageSentinel.previousUncoveredLine');
    await vscode.commands.executeCommand('coverageSentinel.previousUncoveredLine');
    assert.deepEqual(vscode.window.activeTextEditor?.selection.active, new vscode.Position(3, 2), 'line 4, on its first non-blank character');
  });
});

describe('coverage hover', () => {
  const evil = () => fileIn('example', 'coverage/evil.lcov');

  after(async () => {
    await rm(evil().fsPath, { force: true });
    const api = await sentinel();
    await eventually(api, () => (api.reports().length === 2 ? true : undefined), 'evil report gone');
  });

  it('shows hit count, branches, the function and the report of a line', async () => {
    await sentinel();
    const uri = fileIn('example', 'src/cart.js');
    const text = plain(await hoverAt(uri, 4));
    assert.match(text, /partially covered · 3 hits/);
    assert.match(text, /Branches: 0 of 1 taken · not taken: #1/);
    assert.match(text, /In addItem · called 3 times/);
    assert.match(text, /From example\/coverage\/lcov\.info \(loaded /);
    assert.match(plain(await hoverAt(uri, 22)), /not covered · 0 hits[\s\S]*In removeItem · called 0 times/);
    assert.equal(await hoverAt(fileIn('example', 'test/cart.test.js'), 3), '');
  });

  it('renders report text inert: no links, commands or HTML from a hostile report', async () => {
    const api = await sentinel();
    const name = '[run me](command:workbench.action.quit) <img src=x onerror=alert(1)> **bold**';
    await writeFile(evil().fsPath, `SF:../src/format.js\nFN:15,17,${name}\nFNDA:1,${name}\nDA:16,1\nend_of_record\n`);
    await eventually(api, () => (api.reports().length === 3 ? true : undefined), 'the hostile report loaded');
    const text = await hoverAt(fileIn('example', 'src/format.js'), 16);
    assert.ok(text.includes('In '), text);
    assert.ok(!text.includes('[run me](command:'), `link syntax must be escaped: ${text}`);
    assert.ok(!text.includes('**bold**'), `emphasis must be escaped: ${text}`);
    assert.match(text, /\\\[run me\\\]\\\(command:workbench\.action\.quit\\\)/);
  });
});
