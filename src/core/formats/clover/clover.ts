import type { FileCoverageBuilder } from '../../model/fileBuilder';
import type { CoverageReport } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import type { XmlAttributes } from '../../xml/attributes';
import { parseWhole, XmlCoverageParser } from '../xmlCoverage/xmlCoverageParser';

/**
 * Clover XML (OpenClover, PHPUnit, Istanbul). A file is `<file path>` (its full path; `name`
 * when there is no path). Its `<line num type count>` children: `stmt` is a line with hits =
 * count; `cond` with a count is a line too, with truecount + falsecount branches of which
 * truecount were taken (once, as far as the report says) and falsecount never; `method` is a
 * function at that line (named by `signature`, else `name`, else `method@line`) with hits =
 * count. `<class>` elements inside a file carry only metrics: lines are read once per file,
 * whatever the number of classes.
 *
 * The cond reading is Istanbul's (istanbul-reports' clover writer, behind jest, c8, nyc and
 * vitest: `truecount` = covered branches of the line, `falsecount` = the others; a line may
 * have more than two), the known writer of cond lines with a count. OpenClover's own cond
 * lines have no count (its schema gives count to stmt and method only) and their truecount and
 * falsecount are the times one condition was true and false: those lines are skipped with a
 * warning, as any line without a count.
 *
 * Perl's Devel::Cover (`cover -report clover`, Devel::Cover::Report::Clover) writes count-less
 * cond lines too, one per branch of its own `branch` criterion (if, unless, elsif, `?:`, `||`
 * and `&&` as branches), which always has two outcomes: `truecount` = how many of the two were
 * taken, `falsecount` = how many are marked uncoverable. Its report is told by the root's
 * `clover` version (its writer's, 0.x or 1.x; OpenClover and Istanbul write 3 and up) or by its
 * default project name; there a cond line is two branches of a block of its own (a line may
 * hold several: `if` and `elsif`), `truecount` of them taken once, and adds no line (its
 * stmt lines do).
 */
export class CloverParser extends XmlCoverageParser implements StreamingParser {
  private file: FileCoverageBuilder | undefined;
  /** Devel::Cover's report: cond lines are two-outcome branches without a count. */
  private develCover = false;
  /** The line of the last Devel::Cover cond line and how many cond lines it has had. */
  private condLine = 0;
  private condBlocks = 0;

  constructor() {
    super('clover', 'Clover', 'coverage', ['project', 'package', 'file', 'class', 'metrics', 'line']);
  }

  openTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
  }

  emptyTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
    if (name === 'file') this.file = undefined;
  }

  closeTag(name: string): void {
    if (name === 'file') this.file = undefined;
  }

  private element(name: string, attributes: XmlAttributes, line: number): void {
    this.checkRoot(name, line);
    if (name === 'line') this.line(attributes, line);
    else if (name === 'file') this.startFile(attributes, line);
    else if (name === 'coverage' || name === 'project') this.develCover ||= isDevelCover(name, attributes);
  }

  private startFile(attributes: XmlAttributes, line: number): void {
    const path = attributes.get('path') || attributes.get('name');
    if (path === undefined || path === '') {
      this.warn(line, '<file> without a path or name: its lines are skipped');
      return;
    }
    this.file = this.builderFor(path);
    this.records.use(this.file);
    this.condLine = 0;
  }

  private line(attributes: XmlAttributes, line: number): void {
    const file = this.file;
    if (file === undefined) {
      this.warn(line, '<line> outside a <file>: skipped');
      return;
    }
    const num = this.lineNumber(attributes, 'num', 'line', line);
    if (num === undefined) return;
    if (this.develCover && attributes.is('type', 'cond') && !attributes.has('count')) {
      this.develCoverBranches(attributes, num, line);
      return;
    }
    const count = this.count(attributes, 'count', 'line', line);
    if (count === undefined) return;
    const type = attributes.indexOf('type');
    if (type >= 0 && attributes.valueEquals(type, 'stmt')) {
      this.records.line(num, count);
    } else if (type >= 0 && attributes.valueEquals(type, 'cond')) {
      this.records.line(num, count);
      this.branches(attributes, num, line);
    } else if (type >= 0 && attributes.valueEquals(type, 'method')) {
      file.addFunction(attributes.get('signature') || attributes.get('name') || `method@${num}`, num, 0, count);
    } else {
      this.warn(line, `<line> of unknown type ${JSON.stringify(type < 0 ? '' : attributes.valueAt(type).slice(0, 40))}: skipped`);
    }
  }

  /**
   * Istanbul's branch counts of a cond line: truecount covered, falsecount missed. Without
   * them the line has no branch data (not an error); counts that are not plain digits give
   * none, with a warning. Their sum is paid for like every derived record (countedBranches).
   */
  private branches(attributes: XmlAttributes, num: number, line: number): void {
    if (!attributes.has('truecount') || !attributes.has('falsecount')) return;
    const covered = attributes.wholeNumber('truecount');
    const missed = attributes.wholeNumber('falsecount');
    if (!Number.isFinite(covered) || !Number.isFinite(missed)) {
      this.warn(line, '<line> with truecount or falsecount not a whole number: no branches recorded');
      return;
    }
    this.countedBranches(num, covered + missed, covered, line);
  }

  /** A Devel::Cover cond line: one branch with two outcomes, `truecount` of them taken. */
  private develCoverBranches(attributes: XmlAttributes, num: number, line: number): void {
    const taken = attributes.wholeNumber('truecount');
    if (!Number.isFinite(taken)) {
      this.warn(line, '<line> with truecount not a whole number: no branches recorded');
      return;
    }
    if (num !== this.condLine) {
      this.condLine = num;
      this.condBlocks = 0;
    }
    this.countedBranches(num, 2, Math.min(taken, 2), line, this.condBlocks++);
  }
}

/**
 * Devel::Cover::Report::Clover's root (`clover="1.01"`: its own version) or project (its
 * default name; `cover -projectname` changes it).
 */
function isDevelCover(name: string, attributes: XmlAttributes): boolean {
  if (name === 'project') return attributes.is('name', 'Devel::Cover::Report::Clover');
  const version = attributes.get('clover');
  return version !== undefined && /^[01]\.\d/.test(version);
}

export function parseClover(data: Uint8Array | string): CoverageReport {
  return parseWhole(new CloverParser(), data);
}
