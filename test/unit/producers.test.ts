import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseClover } from '../../src/core/formats/clover/clover';
import { parseCobertura } from '../../src/core/formats/cobertura/cobertura';
import { parseCoveragePy } from '../../src/core/formats/coveragepy/coveragepy';
import { parseGoCover } from '../../src/core/formats/go/goCover';
import { parseIstanbul } from '../../src/core/formats/istanbul/istanbul';
import { parseJacoco } from '../../src/core/formats/jacoco/jacoco';
import { parseLcov } from '../../src/core/formats/lcov/lcov';
import { parseLlvmCov } from '../../src/core/formats/llvmCov/llvmCov';
import { lineChecksum } from '../../src/core/lines/lineChecksum';
import { type FileCoverageData, fileTotals, NEVER_EVALUATED } from '../../src/core/model/model';
import { ReportPathResolver } from '../../src/worker/resolveFiles';
import { branchesOf, functionsOf, linesOf, only, sameRun, testsOf } from './jsonGoTestUtil';

/** Reports written by the real tools (scripts/generate-producer-reports.mjs) over the projects beside them. */
const producers = process.env.PRODUCERS_DIR ? path.resolve(process.env.PRODUCERS_DIR) : path.resolve(__dirname, '../../../test/fixtures/producers');
const read = (file: string): Buffer => readFileSync(path.join(producers, file));

/** Lines with their hit/miss state, for expectations that read like the fixture sources. */
function hitMiss(lines: [number, number][]): { hit: number[]; missed: number[] } {
  return { hit: lines.filter(([, h]) => h > 0).map(([l]) => l), missed: lines.filter(([, h]) => h === 0).map(([l]) => l) };
}

describe('reports of real coverage tools', () => {
  it('go test -coverpkg over three packages: repeated blocks summed, every line of each block', () => {
    const text = read('go/coverage.out').toString('utf8');
    const rows = text.split('\n').filter((row) => row.includes('.go:'));
    assert.ok(new Set(rows.map((row) => row.split(' ')[0])).size < rows.length, 'the profile should repeat blocks');
    const parsed = parseGoCover(text);
    assert.deepEqual(parsed.warnings, []);
    const calc = only(parsed, 'example.com/sentinel/calc/calc.go');
    // calc_test covers Sign(-1), Sign(5), Sum; only report_test's binary covers Sign(0) (line 10).
    assert.deepEqual(linesOf(calc), [
      [5, 3],
      [6, 3],
      [7, 1],
      [8, 1],
      [9, 2],
      [10, 1],
      [11, 1],
      [12, 1],
      [16, 1],
      [17, 1],
      [18, 3],
      [19, 3],
      [20, 3],
      [21, 1],
      [25, 0],
      [26, 0],
      [27, 0],
    ]);
    assert.deepEqual(linesOf(only(parsed, 'example.com/sentinel/report/report.go')), [
      [7, 1],
      [8, 1],
      [9, 1],
    ]);
    // The root package's report.go: Ready(3) ran once, `return false` never.
    assert.deepEqual(hitMiss(linesOf(only(parsed, 'example.com/sentinel/report.go'))), { hit: [7, 8, 9, 10], missed: [11] });
  });

  it("go test's module paths land on their files in a checkout not named like the module: the root package's report.go is not report/report.go", async () => {
    const project = path.join(producers, 'go');
    const parsed = parseGoCover(read('go/coverage.out').toString('utf8'));
    const resolver = new ReportPathResolver({ reportFile: path.join(project, 'coverage.out'), ownerFolder: project, workspaceFolders: [project], mappings: [], sourceRoots: [], caseInsensitive: false });
    const entries = [...parsed.files.keys()].sort();
    assert.deepEqual(entries, ['example.com/sentinel/calc/calc.go', 'example.com/sentinel/report.go', 'example.com/sentinel/report/report.go']);
    const resolved = (await resolver.resolveAll(entries)).map((resolution) => resolution.resolvedPath);
    assert.deepEqual(resolved, ['calc/calc.go', 'report.go', 'report/report.go'].map((file) => path.join(project, file)));
  });

  it('coverage.py json --show-contexts (unittest, dynamic_context = test_function)', () => {
    const parsed = parseCoveragePy(read('python/coverage.json'));
    assert.deepEqual(parsed.warnings, []);
    const calc = only(parsed, 'calc.py');
    // Line 1 is the module docstring: in executed_lines though not a coverage.py statement.
    // Lines 19-20 (`# pragma: no cover`) are excluded; 8 (`return "zero"`) and 24 never ran.
    assert.deepEqual(hitMiss(linesOf(calc)), { hit: [1, 4, 5, 6, 7, 9, 12, 13, 14, 15, 16, 23], missed: [8, 24] });
    assert.deepEqual(branchesOf(calc), [
      [5, 0, 0, 1, 'line 6'],
      [5, 0, 1, 1, 'line 7'],
      [7, 0, 0, 0, 'line 8'],
      [7, 0, 1, 1, 'line 9'],
      [14, 0, 0, 1, 'line 15'],
      [14, 0, 1, 1, 'line 16'],
    ]);
    assert.deepEqual(testsOf(calc).sort(), [
      ['test_calc.SignTest.test_negative', [5, 6]],
      ['test_calc.SignTest.test_positive', [5, 7, 9]],
      ['test_calc.TotalTest.test_total', [13, 14, 15, 16]],
    ]);
  });

  it('clang + llvm-cov export: the JSON agrees with llvm-cov’s own LCOV of the same run', () => {
    const json = parseLlvmCov(read('c/coverage.json'));
    assert.deepEqual(json.warnings, []);
    sameRun(json, parseLcov(read('c/coverage.lcov')));
    const calc = only(json, 'calc.c');
    // Run as `calc -3 4 5`: sign() never sees 0 (line 8), unused() (12-14) and its call (21) never run.
    assert.deepEqual(hitMiss(linesOf(calc)).missed, [8, 12, 13, 14, 21]);
    assert.deepEqual(functionsOf(calc), [
      ['main', 16, 24, 1],
      ['sign', 4, 10, 3],
      ['unused', 12, 14, 0],
    ]);
    // `argc > 100 && total > 0`: the right operand is never evaluated.
    assert.deepEqual(
      branchesOf(calc).filter(([line]) => line === 20).map(([, , , taken]) => taken),
      [0, 1, NEVER_EVALUATED, NEVER_EVALUATED],
    );
  });

  it('c8 --reporter=json over the example project: agrees with its LCOV of the same run', () => {
    const json = parseIstanbul(read('istanbul/coverage-final.json'));
    assert.deepEqual(json.warnings, []);
    sameRun(json, parseLcov(read('istanbul/lcov.info')));
    // removeItem (21-28) and the untested module's function body are never called; line 5 is the unused throw.
    assert.deepEqual(hitMiss(linesOf(only(json, 'src/cart.js'))).missed, [5, 6, 21, 22, 23, 24, 25, 26, 27, 28]);
    assert.deepEqual(hitMiss(linesOf(only(json, 'src/untested.js'))).missed, [3, 4, 5, 6, 7, 8]);
    assert.deepEqual(
      functionsOf(only(json, 'src/cart.js')).map(([name, , , hits]) => [name, hits > 0]),
      [
        ['addItem', true],
        ['total', true],
        ['removeItem', false],
      ],
    );
  });

  it('c8 --reporter=clover: per line the branches, covered branches and hits of the coverage-final.json of the same run', () => {
    const clover = parseClover(read('istanbul-clover/clover.xml'));
    const json = parseIstanbul(read('istanbul-clover/coverage-final.json'));
    assert.deepEqual(clover.warnings, []);
    assert.deepEqual([...clover.files.keys()], [...json.files.keys()]);
    for (const [name, expected] of json.files) {
      const file = only(clover, name);
      assert.deepEqual(linesOf(file), linesOf(expected), name);
      assert.deepEqual(file.branchesTotal, expected.branchesTotal, name);
      assert.deepEqual(file.branchesCovered, expected.branchesCovered, name);
      assert.deepEqual(file.status, expected.status, name);
    }
    // Istanbul's Clover has no function records (only <metrics methods="4" coveredmethods="3">).
    assert.deepEqual({ ...clover.totals, functions: 4, functionsHit: 3 }, json.totals);
    assert.deepEqual([clover.totals.branches, clover.totals.branchesHit], [21, 16]);
    // The one-line switch (19) and the ternary chain (23): 3 of 4 and 2 of 4 branches covered.
    const route = only(clover, 'src/route.js');
    const perLine = (line: number) => {
      const i = route.lines.indexOf(line);
      return [route.branchesCovered[i], route.branchesTotal[i]];
    };
    assert.deepEqual([perLine(4), perLine(8), perLine(19), perLine(23)], [[2, 2], [0, 1], [3, 4], [2, 4]]);
  });

  it('coverage.py lcov: every DA checksum is the MD5 of that line of the source, as the editor checks it', () => {
    const report = parseLcov(read('python/coverage.lcov'));
    const checksums = report.lineChecksums?.get('calc.py');
    assert.ok(checksums !== undefined && checksums.size === 15, 'coverage.py writes a checksum on every DA line');
    const source = read('python/calc.py').toString('utf8').split('\n');
    for (const [line, checksum] of checksums) assert.equal(lineChecksum(source[line - 1] as string), checksum, `line ${line}`);
    assert.notEqual(lineChecksum('    return "POSITIVE"'), checksums.get(9));
  });

  it('coverage.py xml of the same run: the lines and hits of the JSON, branches counted per line', () => {
    const xml = only(parseCobertura(read('python/coverage.xml')), 'calc.py');
    const json = only(parseCoveragePy(read('python/coverage.json')), 'calc.py');
    // coverage.py 6.5 with dynamic contexts also lists the module docstring (line 1) as executed in
    // the JSON; the XML, like the JSON's own summary, counts 13 statements without it.
    assert.deepEqual(hitMiss(linesOf(xml)), hitMiss(linesOf(json).filter(([line]) => line !== 1)));
    assert.deepEqual(
      Array.from(xml.lines).filter((_, i) => (xml.branchesTotal[i] as number) > 0),
      [5, 7, 14],
    );
  });

  it('JaCoCo agent + XMLFormatter: lines, the partial if, and methods in the file of their own class', () => {
    const parsed = parseJacoco(read('java/jacoco.xml'));
    assert.deepEqual(parsed.warnings, []);
    assert.deepEqual([...parsed.files.keys()].sort(), ['calc/Calc.java', 'calc/CalcMain.java']);
    const calc = only(parsed, 'calc/Calc.java');
    // CalcMain runs sign(5) and sum(1, 2, 3): `return "negative"` (7), twice() (15) and the
    // implicit constructors of Calc (4) and Total (20) never run; `} else {` (8) has no code.
    assert.deepEqual(hitMiss(linesOf(calc)), { hit: [6, 9, 22, 23, 24, 26], missed: [4, 7, 15, 20] });
    // `if (n < 0)` (6) is partial: only its false branch ran; the for loop (23) both entered and left.
    assert.deepEqual(
      branchesOf(calc).map(([line, , , taken]) => [line, taken]),
      [
        [6, 1],
        [6, 0],
        [23, 1],
        [23, 1],
      ],
    );
    const main = only(parsed, 'calc/CalcMain.java');
    // CalcMain's own implicit constructor (4) is never called.
    assert.deepEqual(hitMiss(linesOf(main)), { hit: [6, 7, 8], missed: [4] });
    // The XML lists every <class> before any <sourcefile>: Total's methods go to Calc.java, where
    // its sourcefilename puts them, and none of Calc.java's to CalcMain.java.
    const methods = (file: FileCoverageData) => functionsOf(file).sort((a, b) => a[1] - b[1]).map(([name, start, , hits]) => [name, start, hits]);
    assert.deepEqual(methods(calc), [
      ['<init>', 4, 0],
      ['sign', 6, 1],
      ['twice', 15, 0],
      ['<init>', 20, 0],
      ['sum', 22, 1],
    ]);
    assert.deepEqual(methods(main), [
      ['<init>', 4, 0],
      ['main', 6, 1],
    ]);
  });

  describe('JavaScript runtimes’ own LCOV (js-runtimes: node --test, Bun, Deno)', () => {
    /** [lines, hit, branches, taken, functions, called] of a file, and its uncovered lines. */
    const figures = (file: FileCoverageData) => {
      const t = fileTotals(file);
      return [t.lines, t.linesHit, t.branches, t.branchesHit, t.functions, t.functionsHit];
    };
    const uncovered = (file: FileCoverageData) => hitMiss(linesOf(file)).missed;

    it('node --test --experimental-test-coverage --test-reporter=lcov (node 20): its own coverage table', () => {
      const report = parseLcov(read('js-runtimes/node-test.info'));
      assert.deepEqual(report.warnings, []);
      assert.deepEqual([...report.files.keys()], ['src/grade.mjs', 'test/grade.test.mjs']);
      const grade = only(report, 'src/grade.mjs');
      // line 66.67 %, branch 57.14 %, funcs 66.67 %, uncovered lines 3-4 10 16-18.
      assert.deepEqual(figures(grade), [18, 12, 7, 4, 3, 2]);
      assert.deepEqual(uncovered(grade), [3, 4, 10, 16, 17, 18]);
      assert.deepEqual(functionsOf(grade), [
        ['grade', 1, 0, 2],
        ['label', 13, 0, 1],
        ['unused', 15, 0, 0],
      ]);
      assert.deepEqual(figures(only(report, 'test/grade.test.mjs')), [9, 9, 2, 2, 1, 1]);
    });

    it('bun test --coverage --coverage-reporter=lcov: its lines; its FNF/FNH without FN records give no functions', () => {
      const report = parseLcov(read('js-runtimes/bun.info'));
      assert.deepEqual(report.warnings, []);
      const grade = only(report, 'src/grade.mjs');
      // % Lines 58.33, uncovered 3,10,15-17; % Funcs 66.67 from FNF:3 FNH:2 alone (no names, no lines).
      assert.deepEqual(figures(grade), [12, 7, 0, 0, 0, 0]);
      assert.deepEqual(uncovered(grade), [3, 10, 15, 16, 17]);
    });

    it('deno coverage --lcov: its own table, with the line past the end it counts', () => {
      const report = parseLcov(read('js-runtimes/deno.lcov'));
      assert.deepEqual(report.warnings, []);
      const grade = only(report, 'src/grade.mjs');
      // Branch 62.5 %, Function 66.7 %, Line 63.2 % (12/19; line 19 is past the file's 18 lines).
      assert.deepEqual(figures(grade), [19, 12, 8, 5, 3, 2]);
      assert.deepEqual(uncovered(grade), [3, 4, 10, 15, 16, 17, 18]);
      assert.deepEqual(branchesOf(grade).filter(([, , , taken]) => taken === 0).map(([line]) => line), [2, 9, 13]);
    });
  });

  it('PHPUnit 9.6 with PCOV: Clover and Cobertura of one run, its --coverage-text figures', () => {
    const clover = parseClover(read('phpunit/clover.xml'));
    const cobertura = parseCobertura(read('phpunit/cobertura.xml'));
    assert.deepEqual([clover.warnings, cobertura.warnings], [[], []]);
    assert.deepEqual(cobertura.sourceRoots, ['src']);
    // Lines: 54.55 % (6/11); App\Grade 6/10: 11 (throw), 18 (return 'fail'), unused() (28-29) never ran.
    for (const report of [clover, cobertura]) assert.deepEqual([report.totals.lines, report.totals.linesHit, report.totals.branches], [11, 6, 0]);
    assert.deepEqual(linesOf(only(cobertura, 'Grade.php')), linesOf(only(clover, 'src/Grade.php')));
    assert.deepEqual(hitMiss(linesOf(only(clover, 'src/Grade.php'))).missed, [11, 18, 28, 29]);
    assert.deepEqual(linesOf(only(cobertura, 'Never.php')), [[8, 0]]);
    // Clover's method lines are the declarations; Cobertura's methods span their lines.
    assert.deepEqual(functionsOf(only(clover, 'src/Grade.php')), [
      ['of', 8, 0, 1],
      ['label', 21, 0, 1],
      ['unused', 26, 0, 0],
    ]);
    assert.deepEqual(functionsOf(only(cobertura, 'Grade.php')), [
      ['of', 10, 18, 1],
      ['label', 23, 23, 1],
      ['unused', 28, 29, 0],
    ]);
    // App\never, listed with no lines under Grade.php too, is only Never.php's.
    assert.deepEqual(functionsOf(only(cobertura, 'Never.php')), [['App\\never', 8, 8, 0]]);
  });

  it('R covr to_cobertura: its own per-line data frame and 60 %', () => {
    const report = parseCobertura(read('covr/cobertura.xml'));
    assert.deepEqual(report.warnings, []);
    const grade = only(report, 'grade.R');
    assert.deepEqual(linesOf(grade), [
      [2, 2],
      [3, 0],
      [5, 2],
      [6, 1],
      [7, 1],
      [8, 1],
      [10, 0],
      [13, 1],
      [16, 0],
      [17, 0],
    ]);
    assert.deepEqual(
      functionsOf(grade).map(([name, start, end, hits]) => [name, start, end, hits > 0]),
      [
        ['grade', 2, 10, true],
        ['label', 13, 13, true],
        ['unused', 16, 17, false],
      ],
    );
    assert.deepEqual([report.totals.lines, report.totals.linesHit, report.totals.branches], [10, 6, 0]);
  });
});

