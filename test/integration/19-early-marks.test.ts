import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { resetWorkspace } from './baseline';
import { eventually, fileIn, openEditor, range, sentinel } from './helpers';
import type { AppliedMarks } from '../../src/vscode/decorations';
import type { SentinelApi } from '../../src/vscode/testApi';

/**
 * Sections (or classes) of files that are not in the workspace, before the open file's own. With
 * 6,000 (19 and 26 MiB) the whole load once ended so soon after the early marks, on a loaded
 * machine, that the extension host handled both before the probe's next tick; three times as many
 * give the early marks a lead of a second or more.
 */
const OTHER_FILES = 18_000;
/** Lines per other file: the reports are then 61 and 74 MiB, far over the early pass's 4 MiB. */
const OTHER_LINES = 400;
const OTHER_XML_LINES = 150;
/** Istanbul JSON parses slower than LCOV: fewer files give the early marks the same lead (a 30 MiB report). */
const OTHER_JSON_FILES = 3_000;
const OTHER_JSON_STATEMENTS = 150;
/** A Go profile's block lines are short: more of them make a report as slow to parse (60 MiB). */
const OTHER_GO_FILES = 6_000;
const OTHER_GO_BLOCKS = 300;
/** llvm-cov JSON: two segments a line (about 50 MiB). */
const OTHER_LLVM_FILES = 3_000;
const OTHER_LLVM_SEGMENTS = 400;
const OPEN_FILE = 'src/early-marks.js';
const OPEN_LINES = 30;

/** The open file's lines: every third uncovered, line 10 with one of two branches taken. */
const EXPECTED = {
  uncovered: range(1, OPEN_LINES).filter((line) => line % 3 === 0 && line !== 10),
  partial: [10],
  covered: range(1, OPEN_LINES).filter((line) => line % 3 !== 0 && line !== 10),
};

function lcovReport(): string {
  const other = Array.from({ length: OTHER_LINES }, (_, i) => `DA:${i + 1},${i % 5}`).join('\n');
  const parts: string[] = [];
  for (let i = 0; i < OTHER_FILES; i++) parts.push(`SF:generated/other-${i}.js\n${other}\nend_of_record\n`);
  const lines = range(1, OPEN_LINES).map((line) => `DA:${line},${line % 3 === 0 ? 0 : line}`);
  parts.push(`SF:${OPEN_FILE}\n${lines.join('\n')}\nBRDA:10,0,0,1\nBRDA:10,0,1,0\nend_of_record\n`);
  return parts.join('');
}

function coberturaReport(): string {
  const line = (n: number, hits: number, extra = '') => `<line number="${n}" hits="${hits}"${extra}/>`;
  const other = Array.from({ length: OTHER_XML_LINES }, (_, i) => line(i + 1, i % 5)).join('');
  const parts = ['<?xml version="1.0"?>\n<coverage version="7"><packages><package name="p"><classes>\n'];
  for (let i = 0; i < OTHER_FILES; i++) parts.push(`<class name="o${i}" filename="generated/other-${i}.js"><methods/><lines>${other}</lines></class>\n`);
  const lines = range(1, OPEN_LINES).map((n) => line(n, n % 3 === 0 && n !== 10 ? 0 : n, n === 10 ? ' branch="true" condition-coverage="50% (1/2)"' : ''));
  parts.push(`<class name="open" filename="${OPEN_FILE}"><methods/><lines>${lines.join('')}</lines></class>\n`);
  parts.push('</classes></package></packages></coverage>\n');
  return parts.join('');
}

/** A Go profile marks a line by its blocks' largest count: no line is partial. */
const EXPECTED_GO = { uncovered: EXPECTED.uncovered, partial: [], covered: range(1, OPEN_LINES).filter((line) => line % 3 !== 0 || line === 10) };

function goProfile(): string {
  const other = (i: number) => Array.from({ length: OTHER_GO_BLOCKS }, (_, b) => `generated/other-${i}.go:${b + 1}.1,${b + 1}.20 1 ${b % 5}`).join('\n');
  const parts = ['mode: count'];
  for (let i = 0; i < OTHER_GO_FILES; i++) parts.push(other(i));
  for (const line of range(1, OPEN_LINES)) parts.push(`${OPEN_FILE}:${line}.1,${line}.9 1 ${line % 3 === 0 && line !== 10 ? 0 : line}`);
  parts.push(`${OPEN_FILE}:10.10,10.12 1 0`);
  return `${parts.join('\n')}\n`;
}

/** llvm-cov export: a region on each line (its start and end segments), and on line 10 a condition true once and never false. */
function llvmExport(): string {
  const segments = (lines: number, countOf: (line: number) => number) => range(1, lines).flatMap((line) => [[line, 1, countOf(line), true, true, false], [line, 9, 0, false, false, false]]);
  const file = (filename: string, segmentList: unknown[], branches: unknown[] = []) => JSON.stringify({ branches, expansions: [], filename, segments: segmentList, summary: {} });
  const other = segments(OTHER_LLVM_SEGMENTS, (line) => line % 5);
  const parts: string[] = [];
  for (let i = 0; i < OTHER_LLVM_FILES; i++) parts.push(file(`generated/other-${i}.c`, other));
  parts.push(file(OPEN_FILE, segments(OPEN_LINES, (line) => (line % 3 === 0 && line !== 10 ? 0 : line)), [[10, 1, 10, 5, 1, 0, 0, 0, 4]]));
  return `{"data":[{"files":[${parts.join(',')}],"functions":[]}],"type":"llvm.coverage.json.export","version":"2.0.1"}\n`;
}

/** One statement per line; line 10 also holds a branch with one of its two ways taken. */
function istanbulFile(lines: number, hitsOf: (line: number) => number, branchLine?: number): object {
  const span = (line: number, from: number, to: number) => ({ start: { line, column: from }, end: { line, column: to } });
  const statementMap: Record<string, object> = {};
  const s: Record<string, number> = {};
  for (let line = 1; line <= lines; line++) {
    statementMap[line - 1] = span(line, 0, 9);
    s[line - 1] = hitsOf(line);
  }
  const branches = branchLine === undefined ? {} : { '0': { type: 'if', line: branchLine, loc: span(branchLine, 0, 9), locations: [span(branchLine, 0, 4), span(branchLine, 5, 9)] } };
  return { statementMap, s, fnMap: {}, f: {}, branchMap: branches, b: branchLine === undefined ? {} : { '0': [1, 0] } };
}

function istanbulReport(): string {
  const other = JSON.stringify(istanbulFile(OTHER_JSON_STATEMENTS, (line) => line % 5));
  const parts: string[] = [];
  for (let i = 0; i < OTHER_JSON_FILES; i++) parts.push(`${JSON.stringify(`generated/other-${i}.js`)}:${other}`);
  parts.push(`${JSON.stringify(OPEN_FILE)}:${JSON.stringify(istanbulFile(OPEN_LINES, (line) => (line % 3 === 0 && line !== 10 ? 0 : line), 10))}`);
  return `{${parts.join(',\n')}}\n`;
}

/**
 * Issue 13: in a large report, the open editor's file gets its marks from the worker's early pass
 * (worker/earlyFiles.ts) before the whole report is parsed and indexed, and those marks are the
 * ones the whole report gives. The extension records a document's first marks and whether a
 * loading report's early files gave them (they exist only until its load is in place); no time is
 * asserted, and nothing depends on when this test looks (a probe on a timer once missed the early
 * marks while the extension host was stalled on a loaded machine).
 */
describe('early marks: the open file of a large report is marked before the whole report is loaded', () => {
  before(resetWorkspace);

  const source = fileIn('example', OPEN_FILE);
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    rmSync(source.fsPath, { force: true });
    await resetWorkspace();
  });

  for (const { format, name, text, expected } of [
    { format: 'LCOV', name: 'coverage/early-marks.lcov', text: lcovReport, expected: EXPECTED },
    { format: 'Cobertura', name: 'coverage/cobertura-early-marks.xml', text: coberturaReport, expected: EXPECTED },
    { format: 'Istanbul JSON', name: 'coverage/coverage-final.json', text: istanbulReport, expected: EXPECTED },
    { format: 'Go', name: 'coverage/cover.out', text: goProfile, expected: EXPECTED_GO },
    { format: 'llvm-cov JSON', name: 'coverage/coverage.json', text: llvmExport, expected: EXPECTED },
  ]) {
    it(`${format}: the first marks come before the report is loaded, and are the report's marks`, async () => {
      const api = await sentinel();
      const report = fileIn('example', name);
      writeFileSync(source.fsPath, range(1, OPEN_LINES).map((n) => `const line${n} = ${n};`).join('\n') + '\n');
      await openEditor(source);
      await api.whenIdle();
      assert.equal(api.decorations(source), undefined, 'no marks before the report exists');
      try {
        writeFileSync(report.fsPath, text());
        const loaded = await eventually(api, () => (isLoaded(api, report) ? api.decorations(source) : undefined), `the whole ${format} report loaded`, 120_000);
        const first = api.firstMarks(source);
        assert.equal(first?.early, true, 'the first marks came from the early pass, before the whole report was loaded');
        assert.deepEqual(pick(first.marks), expected, 'the early marks are the file’s marks');
        assert.deepEqual(pick(loaded), expected, 'the whole report gives the same marks');
      } finally {
        rmSync(report.fsPath, { force: true });
        await eventually(api, () => (isLoaded(api, report) ? undefined : true), 'the report removed');
      }
    });
  }
});

function isLoaded(api: SentinelApi, report: vscode.Uri): boolean {
  return api.reports().some((r) => r.reportUri.toString() === report.toString());
}

function pick(marks: AppliedMarks | undefined) {
  return marks === undefined ? undefined : { uncovered: marks.uncovered, partial: marks.partial, covered: marks.covered };
}
