import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { parseLlvmCov } from '../../src/core/formats/llvmCov/llvmCov';
import { NEVER_EVALUATED, ReportParseError } from '../../src/core/model/model';
import { LlvmFileFinder } from '../../src/worker/llvmFileFinder';
import { baseName, MAX_PRIORITY_SECTIONS } from '../../src/worker/prioritySections';
import { PRODUCER_REPORTS_DIR } from '../fixtureReports';
import { assertFindsAsWholeParse, feedInChunks } from '../support/shownCoverage';
import { assertSurvives, branchesOf, functionsOf, only, sameRun } from './jsonGoTestUtil';

/** clang/llvm-cov 14 exports, unchanged (test/fixtures/producers/llvm-14-branches/README.md). */
const read = (file: string): Buffer => readFileSync(path.join(PRODUCER_REPORTS_DIR, 'llvm-14-branches', file));
const N = NEVER_EVALUATED;

/** Per line: the taken counts of its branches in order, as `llvm-cov export -format=lcov` writes BRDA (`-`: N). */
function takenByLine(branches: [number, number, number, number, string][]): Map<number, number[]> {
  const byLine = new Map<number, number[]>();
  for (const [line, , , taken] of branches) byLine.set(line, [...(byLine.get(line) ?? []), taken]);
  return byLine;
}

function find(bytes: Uint8Array, names: string[], chunkBytes: number): string | undefined {
  const finder = new LlvmFileFinder(names, (reportPath) => names.includes(baseName(reportPath)));
  feedInChunks(finder, bytes, chunkBytes);
  return finder.finish()?.toString();
}

function exportOf(files: unknown[], functions?: unknown[]): string {
  return JSON.stringify({ type: 'llvm.coverage.json.export', version: '2.0.1', data: [{ files, ...(functions === undefined ? {} : { functions }), totals: {} }] });
}

describe('llvm-cov 14 export JSON: branches as its own LCOV export counts them', () => {
  it('branches in macro expansions (nested, from a header) are on the call-site line, numbered by column with the line’s own', () => {
    const json = parseLlvmCov(read('macros.json'));
    assert.deepEqual(json.warnings, []);
    sameRun(json, parseLcov(read('macros.lcov')));
    const file = only(json, 'macros.c');
    assert.deepEqual(
      [...takenByLine(branchesOf(file))],
      [
        // ABS(a) + ABS(b): two expansions of the same macro.
        [9, [1, 2, 1, 2]],
        // a > 0 && SIGN(b) < 0: the line's two conditions (columns 7, 16), then SIGN's (4:18, 4:32) with ABS nested in it (3:17) by column.
        [10, [2, 1, 1, 1, 1, 1, 0, 2, 1, 1]],
        // CLAMP from macros.h, called over lines 11-12: on line 11.
        [11, [1, 2, 1, 1]],
        // never(): ABS(x) and `x ? 1 : 2`, never evaluated.
        [17, [N, N, N, N]],
      ],
    );
    // llvm-cov report / the LCOV's BRF and BRH: 22 branches, 17 covered.
    assert.equal(file.branchDetail.lines.length, 22);
    assert.equal(json.totals.branches, 22);
    assert.equal(json.totals.branchesHit, 17);
    assert.deepEqual(branchesOf(only(json, 'macros.h')), []);
  });

  it('constant-folded branches (if constexpr, if (0), while (1)) are not branches; never evaluated ones stay', () => {
    const json = parseLlvmCov(read('folded.json'));
    assert.deepEqual(json.warnings, []);
    sameRun(json, parseLcov(read('folded.lcov')), '', { functions: false });
    const file = only(json, 'folded.cpp');
    assert.deepEqual(
      [...takenByLine(branchesOf(file))],
      [
        [9, [1, 3]],
        // never() never runs: its conditions are counted, not evaluated.
        [16, [N, N, N, N]],
        // `argc > 5 && t > 0` on a line that ran: the right operand is never evaluated, and counted.
        [22, [0, 1, N, N]],
      ],
    );
    assert.equal(json.totals.branches, 10);
    assert.equal(json.totals.branchesHit, 3);
    // Line 2 (`if constexpr`, two instantiations) ran twice and has no branch to miss.
    assert.equal(file.branchesTotal[file.lines.indexOf(2)], 0);
  });

  it('the instantiations of a template are one function, as llvm-cov counts them (its summary, its LCOV’s FNF/FNH)', () => {
    const exported = JSON.parse(read('folded.json').toString()) as { data: [{ files: [{ summary: { functions: { count: number; covered: number }; instantiations: { count: number } } }] }] };
    const summary = exported.data[0].files[0].summary;
    // pick<2> and pick<1>: two instantiations of one function at line 1.
    assert.deepEqual([summary.functions.count, summary.functions.covered, summary.instantiations.count], [4, 3, 5]);
    assert.match(read('folded.lcov').toString(), /^FNF:4\nFNH:3$/m);
    const json = parseLlvmCov(read('folded.json'));
    assert.deepEqual(
      functionsOf(only(json, 'folded.cpp')).map(([name, start, end, hits]) => [name, start, end, hits]),
      [
        ['_Z8constanti', 6, 13, 1],
        ['_Z5neveri', 15, 18, 0],
        ['main', 20, 24, 1],
        ['_Z4pickILi2EEiv', 1, 4, 2],
      ],
    );
    assert.deepEqual([json.totals.functions, json.totals.functionsHit], [summary.functions.count, summary.functions.covered]);
  });

  it('instantiations are told by their first region’s line and column in the same file, not by name or line alone', () => {
    const fn = (name: string, count: number, filenames: string[], first: number[]) => ({ name, count, filenames, regions: [[...first, count, 0, 0, 0], [9, 1, 9, 5, count, 0, 0, 0]] });
    const functions = [
      fn('a<int>', 0, ['a.cpp'], [1, 5, 3, 1]),
      fn('a<long>', 4, ['a.cpp'], [1, 5, 3, 1]),
      // Same line, another column: another function (two lambdas on one line).
      fn('b', 0, ['a.cpp'], [1, 20, 1, 30]),
      // Same place in another file: another function.
      fn('a<int>', 1, ['b.cpp'], [1, 5, 3, 1]),
    ];
    const parsed = parseLlvmCov(exportOf([], functions));
    assert.deepEqual(
      functionsOf(only(parsed, 'a.cpp')).map(([name, start, , hits]) => [name, start, hits]),
      [
        ['a<int>', 1, 4],
        ['b', 1, 0],
      ],
    );
    assert.deepEqual(functionsOf(only(parsed, 'b.cpp')).map(([name, , , hits]) => [name, hits]), [['a<int>', 1]]);
  });

  it('the early pass gives each file what the whole parse does, expansions and folded branches included', () => {
    for (const name of ['macros.json', 'folded.json']) assertFindsAsWholeParse('llvm', read(name), MAX_PRIORITY_SECTIONS, find);
  });

  it('folded or never evaluated is told by the functions’ branches (llvm-cov lists only unfolded ones there), per file and occurrence', () => {
    const zero = (line: number) => [line, 5, line, 9, 0, 0, 0, 0, 4];
    const file = { filename: 'a.cpp', segments: [], branches: [zero(2), zero(2), zero(3), [4, 5, 4, 9, 1, 0, 0, 0, 4]], expansions: [] };
    const functions = [
      // Line 2 twice in the file: one instantiation folded it, the other never ran.
      { name: 'f1', count: 0, filenames: ['a.cpp'], regions: [[1, 1, 5, 1, 0, 0, 0, 0]], branches: [zero(2)] },
      { name: 'f2', count: 1, filenames: ['a.cpp'], regions: [[1, 1, 5, 1, 1, 0, 0, 0]], branches: [[4, 5, 4, 9, 1, 0, 0, 0, 4]] },
      // A branch of another file, and one of a macro (file id 1), do not make a.cpp's unfolded.
      { name: 'g', count: 0, filenames: ['b.cpp', 'a.cpp'], regions: [[1, 1, 5, 1, 0, 0, 0, 0]], branches: [zero(3)] },
      { name: 'h', count: 0, filenames: ['a.cpp', 'a.cpp'], regions: [[1, 1, 5, 1, 0, 0, 0, 0]], branches: [[3, 5, 3, 9, 0, 0, 1, 0, 4]] },
    ];
    assert.deepEqual(
      branchesOf(only(parseLlvmCov(exportOf([file], functions)), 'a.cpp')).map(([line, , , taken]) => [line, taken]),
      [
        [2, N],
        [2, N],
        [4, 1],
        [4, 0],
      ],
    );
    // Without functions (llvm-cov export -skip-functions) nothing tells: every branch stays.
    assert.equal(branchesOf(only(parseLlvmCov(exportOf([file])), 'a.cpp')).length, 8);
  });

  it('hostile branch records and expansions (deep nesting in place of a number, no call site): skipped with a warning, nothing thrown', () => {
    const nested = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const record = `[1, 5, ${nested}, 9, 0, 0, 0, 0, 4]`;
    const json = [
      '{"type": "llvm.coverage.json.export", "data": [{"files": [{"filename": "a.c", "segments": [], "branches": [' + record + '],',
      '"expansions": [{"source_region": [' + nested + '], "branches": [[1, 5, 1, 9, 1, 0, 1, 0, 4]]}, {"source_region": [2, 1, 2, 4, 1, 0, 1, 1], "branches": [' + record + ', [1, 5, 1, 9, 1, 0, 1, 0, 4]]}, 7]}],',
      '"functions": [{"name": "f", "count": 0, "filenames": ["a.c"], "regions": [[1, 1, 3, 1, 0, 0, 0, 0]], "branches": [' + record + ']}]}]}',
    ].join('\n');
    const parsed = assertSurvives(() => parseLlvmCov(json));
    assert.ok(!(parsed instanceof ReportParseError));
    // The second expansion's branches, on its call site's line 2 (the file's 0/0 record, which no function lists by place, is folded).
    assert.deepEqual(branchesOf(only(parsed, 'a.c')).map(([line, , , taken]) => [line, taken]), [
      [2, N],
      [2, N],
      [2, 1],
      [2, 0],
    ]);
    assert.match(parsed.warnings[0]?.message ?? '', /malformed branch records or expansions/);
  });

  it('a -summary-only export, which has no line data: a clear error', () => {
    const outcome = (() => {
      try {
        return parseLlvmCov(read('summary-only.json'));
      } catch (error) {
        return error;
      }
    })();
    assert.ok(outcome instanceof ReportParseError);
    assert.match(outcome.message, /-summary-only/);
  });

  it('files with only a summary among files with lines: skipped with a warning naming -summary-only', () => {
    const summary = { lines: { count: 4, covered: 4, percent: 100 } };
    const parsed = parseLlvmCov(
      exportOf([
        { filename: 'a.c', summary },
        { filename: 'b.c', segments: [[1, 1, 1, true, true, false], [2, 1, 0, false, false, false]], branches: [], expansions: [], summary },
      ]),
    );
    assert.deepEqual([...parsed.files.keys()], ['b.c']);
    assert.equal(parsed.warnings.length, 1);
    assert.equal(parsed.warnings[0]?.kind, undefined, "kind 'skipped'");
    assert.match(parsed.warnings[0]?.message ?? '', /1 file .*-summary-only/);
  });
});
