import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REMOVED } from '../../src/core/lines/lineMap';
import { type FileCoverageData, fillLineCoverage } from '../../src/core/model/model';
import {
  allocateNumberColumns,
  COLUMN_NAMES,
  FILE_DETAIL_COLUMNS,
  type FileDetail,
  fileDetailOf,
  MODEL_FIELDS_NOT_IN_COLUMNS,
  type ModelField,
  modelValue,
  referencedLines,
  remapDetail,
  ROW_GROUPS,
  type RowGroup,
  transferablesOf,
} from '../../src/shared/fileDetail';
import { RequestHandlers } from '../../src/worker/handlers';

const ROWS: Record<RowGroup, number> = { line: 4, branch: 3, function: 2, checksum: 2 };

/** A detail in which every column holds values of its own: a column mixed up with another shows. */
function sampleDetail(): FileDetail {
  const columns = allocateNumberColumns(ROWS);
  let seed = 1;
  for (const name of COLUMN_NAMES) {
    const column = FILE_DETAIL_COLUMNS[name];
    if (column.array === 'strings') continue;
    const values = columns[name as keyof typeof columns];
    // Line columns ascend (rows are sorted by line); every other column gets distinct values.
    for (let i = 0; i < values.length; i++) values[i] = 'line' in column ? 10 * (i + 1) + (column.group === 'line' ? 0 : 1) : seed++;
  }
  const strings = (group: RowGroup, prefix: string) => Array.from({ length: ROWS[group] }, (_, i) => `${prefix}${i}`);
  return {
    ...columns,
    branchLabels: strings('branch', 'label'),
    functionNames: strings('function', 'fn'),
    checksums: strings('checksum', 'sum'),
    testNames: ['t1', 't2'],
    testLines: [Uint32Array.of(10, 20), Uint32Array.of(30)],
  };
}

/** A model file in which every field holds values of its own (status and branch counts as the model derives them). */
function sampleFile(): FileCoverageData {
  const lines = Uint32Array.of(10, 20, 30, 40);
  const hits = Float64Array.of(5, 0, 6, 7);
  const branchDetail = { lines: Uint32Array.of(10, 30, 30), blocks: Uint32Array.of(1, 2, 3), branches: Uint32Array.of(4, 5, 6), taken: Float64Array.of(8, 0, -1), labels: ['b0', 'b1', 'b2'] };
  const functions = { names: ['f0', 'f1'], startLines: Uint32Array.of(10, 30), endLines: Uint32Array.of(25, 45), hits: Float64Array.of(9, 11) };
  const status = new Uint8Array(4);
  const branchesTotal = new Uint32Array(4);
  const branchesCovered = new Uint32Array(4);
  fillLineCoverage({ lines, hits, branchDetail }, status, branchesTotal, branchesCovered);
  return { path: 'src/a.ts', lines, hits, status, branchesTotal, branchesCovered, branchDetail, functions, tests: new Map([['t1', Uint32Array.of(10, 30)], ['t2', Uint32Array.of(40)]]) };
}

/** The fields of a plain-object model file, nested ones by dotted path. */
function fieldsOf(file: FileCoverageData): string[] {
  return Object.entries(file).flatMap(([key, value]) => (key === 'branchDetail' || key === 'functions' ? Object.keys(value as object).map((inner) => `${key}.${inner}`) : [key]));
}

function copy(detail: FileDetail): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([key, value]) => [key, ArrayBuffer.isView(value) ? Array.from(value as Uint32Array) : structuredClone(value)]));
}

describe('FileDetail, described once (shared/fileDetail.ts)', () => {
  it('the worker answers with exactly the described columns, each sized by its row group', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sentinel-detail-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(path.join(dir, 'src', 'a.js'), 'a\nb\nc\n');
      const report = path.join(dir, 'lcov.info');
      writeFileSync(report, 'TN:t\nSF:src/a.js\nFN:1,2,f\nFNDA:1,f\nDA:1,1,c2lnbmF0dXJl\nDA:2,0\nBRDA:2,0,0,1\nBRDA:2,0,1,-\nend_of_record\n');
      const handlers = new RequestHandlers();
      const loaded = await handlers.handle({ type: 'loadReport', reportPath: report, workspaceFolders: [dir], ownerFolder: dir, maxBytes: 1 << 20, pathMappings: [] });
      const detail = (await handlers.handle({ type: 'fileDetail', sources: [{ reportId: (loaded as { reportId: string }).reportId, reportPath: 'src/a.js' }] })) as FileDetail;
      assert.deepEqual(Object.keys(detail).sort(), [...COLUMN_NAMES, 'testNames', 'testLines'].sort());
      for (const name of COLUMN_NAMES) {
        const group = FILE_DETAIL_COLUMNS[name].group;
        assert.equal(detail[name].length, detail[ROW_GROUPS[group]].length, `${name} runs parallel to ${ROW_GROUPS[group]}`);
      }
      assert.deepEqual([...detail.lines], [1, 2]);
      assert.deepEqual([...detail.branchLines], [2, 2]);
      assert.deepEqual([...detail.functionStartLines], [1]);
      assert.deepEqual([...detail.checksumLines], [1]);
      // One allocation: every number column shares one buffer.
      assert.equal(new Set(COLUMN_NAMES.filter((name) => FILE_DETAIL_COLUMNS[name].array !== 'strings').map((name) => (detail[name] as Uint32Array).buffer)).size, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every column survives a transfer, and every typed buffer is in the transfer list', () => {
    const detail = sampleDetail();
    const before = copy(detail);
    const received = structuredClone(detail, { transfer: transferablesOf(detail) });
    assert.deepEqual(copy(received), before);
    for (const name of COLUMN_NAMES) {
      if (FILE_DETAIL_COLUMNS[name].array !== 'strings') assert.equal((detail[name] as Uint32Array).length, 0, `${name} was transferred, not copied`);
    }
    for (const lines of detail.testLines) assert.equal(lines.length, 0);
  });

  it('an identity remap keeps every column', () => {
    const detail = sampleDetail();
    assert.deepEqual(copy(remapDetail(detail, (line) => line)), copy(detail));
  });

  it('a remap moves every line column, drops a removed row from every column of its group, and leaves other values alone', () => {
    const detail = sampleDetail();
    const before = copy(detail);
    // Line 20 and 21 are edited away; everything else moves down 100 lines.
    const remapped = remapDetail(detail, (line) => (line === 20 || line === 21 ? REMOVED : line + 100));
    for (const name of COLUMN_NAMES) {
      const column = FILE_DETAIL_COLUMNS[name];
      const keys = before[ROW_GROUPS[column.group]] as number[];
      const keptRows = keys.flatMap((line, i) => (line === 20 || line === 21 ? [] : [i]));
      const original = before[name] as (number | string)[];
      const expected = keptRows.map((i) => {
        const value = original[i] as number | string;
        if (!('line' in column) || value === 0) return value;
        return value === 20 || value === 21 ? REMOVED : (value as number) + 100;
      });
      assert.deepEqual(Array.from(remapped[name] as ArrayLike<number | string>), expected, name);
    }
    assert.deepEqual(remapped.testLines.map((lines) => [...lines]), [[110], [130]]);
    assert.deepEqual(remapped.testNames, detail.testNames);
  });

  it('referencedLines: every line number of every line column, 0 ("none") excepted', () => {
    const detail = { ...sampleDetail() };
    const lines = referencedLines(detail);
    assert.deepEqual([...lines], [10, 11, 20, 21, 30, 31, 40]);
    const withoutEnd = { ...detail, functionEndLines: Uint32Array.of(0, 0) };
    assert.deepEqual([...referencedLines(withoutEnd)], [10, 11, 20, 21, 30, 31, 40]);
  });

  it('every field of the model file has its column (or is named as not sent), and a model file survives detail, transfer and identity remap column by column', () => {
    const file = sampleFile();
    const carried = COLUMN_NAMES.flatMap((name): string[] => {
      const model = (FILE_DETAIL_COLUMNS[name] as { readonly model?: ModelField }).model;
      return model === undefined ? [] : [model];
    });
    assert.deepEqual([...carried, ...Object.keys(MODEL_FIELDS_NOT_IN_COLUMNS)].sort(), fieldsOf(file).sort());
    const checksums = new Map([
      [30, 'sum30'],
      [10, 'sum10'],
    ]);
    const sent = fileDetailOf(file, checksums);
    const received = remapDetail(structuredClone(sent, { transfer: transferablesOf(sent) }), (line) => line);
    for (const name of COLUMN_NAMES) {
      const model = (FILE_DETAIL_COLUMNS[name] as { readonly model?: ModelField }).model;
      let expected: ArrayLike<number | string>;
      if (model !== undefined) expected = modelValue(file, model) as ArrayLike<number | string>;
      else if (name === 'checksumLines') expected = [10, 30];
      else if (name === 'checksums') expected = ['sum10', 'sum30'];
      else assert.fail(`${name}: neither a model field nor the report's checksums`);
      assert.deepEqual(Array.from(received[name] as ArrayLike<number | string>), Array.from(expected), name);
    }
    assert.deepEqual(received.testNames, [...file.tests.keys()]);
    assert.deepEqual(received.testLines.map((lines) => [...lines]), [...file.tests.values()].map((lines) => [...lines]));
    assert.deepEqual([...file.lines], [10, 20, 30, 40], 'the model file keeps its arrays (the detail copies)');
  });
});
