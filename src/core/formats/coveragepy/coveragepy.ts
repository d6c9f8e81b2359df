import { FileRecordsScratch } from '../../model/fileRecords';
import { describeValue, isRecord, JsonInput, type JsonRecord, lineNumber, own, ownRecord } from '../../json/jsonInput';
import { MaxPerLine } from '../../model/lineMax';
import { type CoverageReport, type FileCoverageData, ReportParseError, reportTotals } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import { quoted, WarningList } from '../warningList';

/** A branch arc: from line, to line (negative: leaves the code object that starts at -to). */
interface Arc {
  readonly from: number;
  readonly to: number;
  readonly taken: number;
}

/**
 * coverage.py `coverage json` output: `files{path: {executed_lines, missing_lines,
 * excluded_lines, executed_branches?, missing_branches?, contexts?, functions?}}`.
 *
 * Rules:
 * - Lines are (executed ∪ missing) minus excluded, hits 1 and 0 (coverage.py records no
 *   counts). executed_lines is the raw set of lines that ran, so it can hold an excluded line
 *   that ran (a `# pragma: no cover` def) and, up to at least 6.5, a module docstring, which
 *   coverage.py does not count as a statement but which stays a covered line here: the JSON
 *   does not say which executed lines are statements.
 * - Each arc of executed_branches (taken 1) and missing_branches (taken 0) is a branch of its
 *   `from` line: block 0, branch = its rank among that line's arcs ordered by destination
 *   (jumps ascending, then exits), label `line N` or `exit`. An arc listed twice is one branch.
 *   coverage.py (6.5 at least) also lists as executed the loop of a comprehension back to its
 *   own line, which it does not count as a branch: when the file's `summary.num_branches` is
 *   fewer than the arcs, executed arcs from a line to itself are dropped (a `quirk`) until the
 *   count is coverage.py's (a one-line loop's arc to itself, counted, stays).
 * - `contexts` (`--show-contexts`): each non-empty context of a line is a test that ran it.
 * - `functions` (coverage.py ≥ 7.5): each named function spans its first to last line and
 *   is hit when any of its lines ran (coverage.py records no call counts either).
 */
export class CoveragePyParser implements StreamingParser {
  private readonly input = new JsonInput();
  private readonly warnings = new WarningList();
  private readonly lineMax = new MaxPerLine();
  private readonly scratch = new FileRecordsScratch();
  /** The excluded lines and the branch arcs of the file being read. */
  private readonly excluded = new Set<number>();
  private readonly arcs: Arc[] = [];
  /** The key of the file being read: warnings point at it. */
  private fileKey = '';

  push(chunk: Uint8Array): void {
    this.input.push(chunk);
  }

  finish(): CoverageReport {
    const root = this.input.parse();
    const filesValue = isRecord(root) ? own(root, 'files') : undefined;
    if (!isRecord(filesValue)) throw new ReportParseError(1, 'not a coverage.py JSON report: no "files" object');
    const files = new Map<string, FileCoverageData>();
    for (const path of Object.keys(filesValue)) {
      this.fileKey = path;
      const entry = filesValue[path];
      if (!isRecord(entry)) {
        this.warn('not a file object: skipped');
        continue;
      }
      this.lines(entry);
      this.branches(entry);
      this.contexts(entry);
      this.functions(entry);
      this.scratch.buildInto(files, path);
    }
    const warnings = this.warnings.list((keys) => this.input.linesOfStrings(keys));
    this.input.release();
    return { format: 'coveragepy', files, totals: reportTotals(files.values()), warnings };
  }

  private lines(entry: JsonRecord): void {
    this.excluded.clear();
    const excluded = own(entry, 'excluded_lines');
    if (Array.isArray(excluded)) {
      for (const value of excluded as unknown[]) if (lineNumber(value) > 0) this.excluded.add(value as number);
    }
    this.addLines(own(entry, 'executed_lines'), 1, 'executed_lines');
    this.addLines(own(entry, 'missing_lines'), 0, 'missing_lines');
    const { lines, values } = this.lineMax.take();
    this.scratch.addLines(lines, values);
  }

  private addLines(list: unknown, hits: number, field: string): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.warn(`${field} is not an array: skipped`);
      return;
    }
    for (const value of list as unknown[]) {
      const line = lineNumber(value);
      // coverage.py lists line 0 as executed for an empty module (no line 0 exists).
      if (value === 0) this.warn(`${field}: line 0, as coverage.py writes it for an empty module: skipped`, 'quirk');
      else if (line < 0) this.warn(`${field}: ${describeValue(value)} is not a line number: skipped`);
      else if (!this.excluded.has(line)) this.lineMax.add(line, hits);
    }
  }

  private branches(entry: JsonRecord): void {
    const arcs = this.arcs;
    arcs.length = 0;
    this.collectArcs(own(entry, 'executed_branches'), 1, 'executed_branches');
    this.collectArcs(own(entry, 'missing_branches'), 0, 'missing_branches');
    // Executed first among equal arcs: a duplicate is dropped, and an arc both executed and missing counts as taken.
    arcs.sort((a, b) => a.from - b.from || destinationRank(a.to) - destinationRank(b.to) || b.taken - a.taken);
    const counted = countedBranches(entry);
    let excess = counted === undefined ? 0 : distinctArcs(arcs) - counted;
    let selfLoops = 0;
    let rank = 0;
    let lastFrom = 0;
    for (let i = 0; i < arcs.length; i++) {
      const { from, to, taken } = arcs[i] as Arc;
      const before = arcs[i - 1];
      if (before !== undefined && before.from === from && before.to === to) continue;
      if (excess > 0 && from === to && taken > 0) {
        excess--;
        selfLoops++;
        continue;
      }
      rank = from === lastFrom ? rank + 1 : 0;
      lastFrom = from;
      this.scratch.addBranch(from, 0, rank, taken, to < 0 ? 'exit' : `line ${to}`);
    }
    if (selfLoops > 0) this.warn(`executed_branches: ${selfLoops} arc(s) from a line to itself (a comprehension's loop) that coverage.py does not count as branches: skipped`, 'quirk');
  }

  private collectArcs(list: unknown, taken: number, field: string): void {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.warn(`${field} is not an array: skipped`);
      return;
    }
    for (const value of list as unknown[]) {
      const arc = arcOf(value, taken);
      if (arc === undefined) this.warn(`${field}: not a [from, to] pair of line numbers: skipped`);
      else this.arcs.push(arc);
    }
  }

  private contexts(entry: JsonRecord): void {
    const contexts = own(entry, 'contexts');
    if (contexts === undefined) return;
    if (!isRecord(contexts)) {
      this.warn('contexts is not an object: skipped');
      return;
    }
    for (const key of Object.keys(contexts)) {
      const line = lineNumber(Number(key));
      const names = contexts[key];
      if (line < 0 || !Array.isArray(names)) {
        this.warn(`contexts of "${key.slice(0, 40)}": not a line and a list of names: skipped`);
        continue;
      }
      if (this.excluded.has(line)) continue;
      for (const name of names as unknown[]) {
        if (typeof name === 'string' && name !== '') this.scratch.addTestLine(name, line);
      }
    }
  }

  private functions(entry: JsonRecord): void {
    const functions = ownRecord(entry, 'functions');
    if (functions === undefined) return;
    for (const name of Object.keys(functions)) {
      const fn = functions[name];
      // The empty name is the module's own code, not a function.
      if (name === '' || !isRecord(fn)) continue;
      this.addLines(own(fn, 'executed_lines'), 1, `functions.${name}.executed_lines`);
      this.addLines(own(fn, 'missing_lines'), 0, `functions.${name}.missing_lines`);
      const { lines, values } = this.lineMax.take();
      if (lines.length === 0) continue;
      const hit = values.some((v) => v > 0) ? 1 : 0;
      this.scratch.addFunction(name, lines[0] as number, lines[lines.length - 1] as number, hit);
    }
  }

  private warn(message: string, kind?: 'quirk'): void {
    this.warnings.addAt(this.fileKey, `${quoted(this.fileKey)}: ${message}`, kind);
  }
}

export function parseCoveragePy(data: Uint8Array | string): CoverageReport {
  const parser = new CoveragePyParser();
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}

function arcOf(value: unknown, taken: number): Arc | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const from = lineNumber(value[0]);
  const to: unknown = value[1];
  if (from < 0 || typeof to !== 'number' || !Number.isInteger(to) || to === 0 || Math.abs(to) > 0xffffffff) return undefined;
  return { from, to, taken };
}

/** The file's branches as coverage.py counts them (`summary.num_branches`), when it says. */
function countedBranches(entry: JsonRecord): number | undefined {
  const summary = ownRecord(entry, 'summary');
  const count = summary === undefined ? undefined : own(summary, 'num_branches');
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/** Arcs (sorted) that differ in where they go from or to. */
function distinctArcs(arcs: readonly Arc[]): number {
  let count = 0;
  for (let i = 0; i < arcs.length; i++) {
    const arc = arcs[i] as Arc;
    const before = arcs[i - 1];
    if (before === undefined || before.from !== arc.from || before.to !== arc.to) count++;
  }
  return count;
}

/** Jumps by ascending destination, then exits. */
function destinationRank(to: number): number {
  return to > 0 ? to : 2 ** 33 - to;
}
