import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { TestRepo } from '../unit/gitTestRepo';

/**
 * What the comparison tests (unit, oracle, integration, UI set-up) build their projects from:
 * the text of a file by lines, the small `stock.js` project, and a real c8 run of a project's
 * node:test files. No `vscode` here: unit tests use it too.
 */

const C8 = path.resolve(__dirname, '..', '..', '..', 'node_modules', 'c8', 'bin', 'c8.js');

/** A file's text: the lines, each ended by `\n`. */
export const textLines = (...lines: string[]): string => `${lines.join('\n')}\n`;

export const TEST_HEAD = ["const test = require('node:test');", "const assert = require('node:assert');"];

/** main: addItem() and count(), both tested by STOCK_TEST_MAIN. */
export const STOCK_MAIN = textLines(
  "'use strict';",
  'function addItem(stock, name) {',
  '  stock[name] = (stock[name] ?? 0) + 1;',
  '  return stock[name];',
  '}',
  'function count(stock) {',
  '  return Object.keys(stock).length;',
  '}',
  'module.exports = { addItem, count };',
);

/** STOCK_MAIN with remove() added (lines 9-12) and the export line changed (13); `body` is remove()'s line 10. */
export function stockWithRemove(body = '  delete stock[name];'): string {
  return textLines(...STOCK_MAIN.split('\n').slice(0, 8), 'function remove(stock, name) {', body, '  return count(stock);', '}', 'module.exports = { addItem, count, remove };');
}

export const STOCK_TEST_MAIN = textLines(...TEST_HEAD, "const { addItem, count } = require('../src/stock');", "test('addItem', () => assert.equal(addItem({}, 'a'), 1));", "test('count', () => assert.equal(count({ a: 1 }), 1));");
/** addItem()'s test dropped: its lines lose their coverage. */
export const STOCK_TEST_BRANCH = textLines(...TEST_HEAD, "const { count } = require('../src/stock');", "test('count', () => assert.equal(count({ a: 1 }), 1));");

export interface C8Run {
  /** The node:test files or folders to run. */
  readonly tests: readonly string[];
  /** Where lcov.info goes: `coverage` inside the repository unless given (absolute). */
  readonly reportDir?: string;
}

/** c8's command line and options for one run; the environment is the project's, not the caller's. */
function c8Command(repo: TestRepo, run: C8Run): { args: string[]; cwd: string; env: NodeJS.ProcessEnv; reportDir: string } {
  const reportDir = run.reportDir ?? path.join(repo.dir, 'coverage');
  // An extension host's own NODE_OPTIONS and VSCODE_* variables are not the test project's, nor
  // is the NODE_TEST_CONTEXT of a caller run by `node --test` (its nested run would report to it, not run).
  const env = Object.fromEntries(Object.entries(repo.env()).filter(([key]) => !key.startsWith('VSCODE_') && !key.startsWith('ELECTRON_') && key !== 'NODE_OPTIONS' && key !== 'NODE_TEST_CONTEXT'));
  const temporary = run.reportDir === undefined ? [] : [`--temp-directory=${path.join(reportDir, 'tmp')}`];
  const args = [C8, '--reporter=lcovonly', `--reports-dir=${reportDir}`, '--all', '--include=src/**', ...temporary, process.execPath, '--test', ...run.tests];
  return { args, cwd: repo.dir, env, reportDir };
}

/** A real c8 run, awaited (in an extension host, which must keep answering); returns the lcov.info path. */
export async function runC8(repo: TestRepo, run: C8Run): Promise<string> {
  const command = c8Command(repo, run);
  mkdirSync(command.reportDir, { recursive: true });
  try {
    await promisify(execFile)(process.execPath, command.args, { cwd: command.cwd, env: command.env });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`c8 failed in ${repo.dir}:\n${String(stdout)}\n${String(stderr)}`, { cause: error });
  }
  return path.join(command.reportDir, 'lcov.info');
}

/** The same run, synchronously (unit tests and the oracle). */
export function runC8Sync(repo: TestRepo, run: C8Run): string {
  const command = c8Command(repo, run);
  mkdirSync(command.reportDir, { recursive: true });
  execFileSync(process.execPath, command.args, { cwd: command.cwd, env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
  return path.join(command.reportDir, 'lcov.info');
}
