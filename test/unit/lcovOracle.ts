import type { CoverageTotals } from '../../src/core/model/model';

/** What `lcov-parse` 1.0.0 returns per `end_of_record` section (it ships no types). */
interface LcovParseSection {
  readonly file?: string;
  readonly lines: { readonly details: readonly { readonly line: number; readonly hit: number }[] };
  readonly functions: { readonly details: readonly { readonly name: string; readonly line: number; readonly hit?: number }[] };
  readonly branches: {
    readonly details: readonly { readonly line: number; readonly block: number; readonly branch: number; readonly taken: number }[];
  };
}

type LcovParse = { source(text: string, callback: (error: unknown, data?: LcovParseSection[]) => void): void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lcovParse = require('lcov-parse') as LcovParse;

interface OracleFile {
  readonly lines: Map<number, number>;
  readonly branches: Map<string, number>;
  readonly functions: Map<string, number>;
}

/**
 * Per-file totals from `lcov-parse`, an independent implementation, after normalising the
 * ways it differs from the model on purpose or by bug:
 * 1. It returns one entry per section, so a file whose SF appears several times appears
 *    several times: entries are grouped by path.
 * 2. A DA line repeated (across sections, or inside one: forge repeats whole listings) stays
 *    two details: hits are summed per line number.
 * 3. BRDA taken `-` (never evaluated) becomes 0: either way the branch is not hit. Repeated
 *    branches are summed per (line, block, branch).
 * 4. FN and FNDA names are cut at their first comma (`FN:250,CallExpression, NewExpression`
 *    yields `CallExpression`); as both are cut alike, FNDA pairing still works, so functions are
 *    keyed by (line, cut name) and their hits summed; this also folds forge's repeated listing.
 * 5. Surplus FNDA records (more than FN records of a name) are dropped, where the model adds
 *    them to the last; with the summing of 4 this changes no hit/miss in the shared reports.
 * 6. `FN:start,end,name` would give the end line as the name: no shared report uses that form
 *    (the unit tests cover it), so nothing is normalised for it.
 * 7. A last section without `end_of_record` is dropped: one is appended when missing.
 */
export function oracleTotals(text: string): Map<string, CoverageTotals> {
  const sections = runLcovParse(/end_of_record\s*$/.test(text) ? text : `${text}\nend_of_record\n`);
  const files = new Map<string, OracleFile>();
  for (const section of sections) {
    if (section.file === undefined) continue;
    let file = files.get(section.file);
    if (file === undefined) {
      file = { lines: new Map(), branches: new Map(), functions: new Map() };
      files.set(section.file, file);
    }
    for (const { line, hit } of section.lines.details) add(file.lines, line, hit);
    for (const b of section.branches.details) add(file.branches, `${b.line},${b.block},${b.branch}`, b.taken);
    for (const f of section.functions.details) add(file.functions, `${f.line},${f.name}`, f.hit ?? 0);
  }
  const totals = new Map<string, CoverageTotals>();
  for (const [path, file] of files) {
    totals.set(path, {
      files: 1,
      lines: file.lines.size,
      linesHit: countHit(file.lines),
      branches: file.branches.size,
      branchesHit: countHit(file.branches),
      functions: file.functions.size,
      functionsHit: countHit(file.functions),
    });
  }
  return totals;
}

function runLcovParse(text: string): LcovParseSection[] {
  let result: LcovParseSection[] | undefined;
  lcovParse.source(text, (error, data) => {
    if (error !== null && error !== undefined) throw new Error(`lcov-parse failed: ${JSON.stringify(error)}`);
    result = data;
  });
  if (result === undefined) throw new Error('lcov-parse did not answer synchronously');
  return result;
}

function add<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function countHit(map: Map<unknown, number>): number {
  let hit = 0;
  for (const value of map.values()) if (value > 0) hit++;
  return hit;
}
