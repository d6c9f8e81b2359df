import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, plainMarkdown as plain, sentinel } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .filter((value) => value.includes('**Coverage**'))
    .join('\n---\n')
    .replaceAll('&nbsp;', ' ');
}

async function hoverAt(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 2));
  return hoverText(hovers);
}

describe('uncovered-line navigation', () => {
  before(resetWorkspace);

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
  before(resetWorkspace);

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
    assert.match(text, /In `addItem\(\)` · called 3 times/);
    assert.match(text, /From example\/coverage\/lcov\.info \(loaded /);
    assert.match(plain(await hoverAt(uri, 22)), /not covered · 0 hits[\s\S]*In `removeItem\(\)` · called 0 times/);
    assert.equal(await hoverAt(fileIn('example', 'test/cart.test.js'), 3), '');
  });

  it('renders report text inert: a hostile name is code, nothing else of it is markdown', async () => {
    const api = await sentinel();
    const name = 'a`b`` [run](command:workbench.action.quit) <img src=x onerror=alert(1)> **b**';
    const branches = Array.from({ length: 20 }, (_, i) => `BRDA:16,0,${i},0`).join('\n');
    await writeFile(evil().fsPath, `SF:../src/format.js\nFN:15,17,${name}\nFNDA:1,${name}\nDA:16,1\n${branches}\nend_of_record\n`);
    await eventually(api, () => (api.reports().length === 3 ? true : undefined), 'the hostile report loaded');
    const text = await hoverAt(fileIn('example', 'src/format.js'), 16);
    // One code span, fenced by more backticks than the name holds in a row, with `()` added.
    const span = `\`\`\`${name}()\`\`\``;
    assert.ok(text.includes(`In ${span} · called `), text);
    const outside = text.replace(span, '');
    assert.ok(!outside.includes('[run]') && !outside.includes('**b**') && !outside.includes('<img'), `only escaped report text outside the span: ${text}`);
    assert.equal(text.split('`````').length, 1, text);
  });

  it('names at most five missed branches, then how many more', async () => {
    await sentinel();
    const text = plain(await hoverAt(fileIn('example', 'src/format.js'), 16));
    // The report's own missed branch on line 16 and the hostile report's twenty.
    assert.match(text, /Branches: 0 of 21 taken · not taken: #\d+, #\d+, #\d+, #\d+, #\d+ and 16 more\n/);
  });
});
