import { DerivedRecordBudget } from '../derivedRecords';
import { FileCoverageBuilder } from '../../model/fileBuilder';
import { type CoverageFormat, type CoverageReport, type FileCoverageData, ReportParseError, reportTotals } from '../../model/model';
import { WarningList } from '../warningList';
import type { XmlAttributes } from '../../xml/attributes';
import { RecordBuffer } from './recordBuffer';
import { DEFAULT_XML_LIMITS, type XmlHandler, XmlScanner } from '../../xml/scanner';

const MAX_LINE = 0xffffffff;

/**
 * What the Cobertura, JaCoCo and Clover parsers share: the scanner, one builder per report
 * path (a path seen again adds to the same builder, so duplicates are summed at build),
 * the root element check, attribute reading with warnings, and the report at finish.
 */
export abstract class XmlCoverageParser implements XmlHandler {
  protected readonly scanner: XmlScanner;
  /** Line and branch records of the current file, on their way to its builder. */
  protected readonly records = new RecordBuffer();
  private readonly builders = new Map<string, FileCoverageBuilder>();
  private readonly warnings = new WarningList();
  private rootChecked = false;
  /** Bytes pushed so far: what pays for branches derived from counts. */
  private bytes = 0;
  private readonly branchBudget = new DerivedRecordBudget('branches');

  protected constructor(
    private readonly format: CoverageFormat,
    private readonly formatLabel: string,
    private readonly rootName: string,
    tagNames: readonly string[],
  ) {
    this.scanner = new XmlScanner(this, DEFAULT_XML_LIMITS, [rootName, ...tagNames]);
  }

  abstract openTag(name: string, attributes: XmlAttributes, line: number): void;
  abstract emptyTag(name: string, attributes: XmlAttributes, line: number): void;
  abstract closeTag(name: string, line: number): void;

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.scanner.push(chunk);
  }

  finish(): CoverageReport {
    this.scanner.finish();
    this.records.use(undefined);
    const files = new Map<string, FileCoverageData>();
    for (const [path, builder] of this.builders) files.set(path, builder.build());
    this.builders.clear();
    return { format: this.format, files, totals: reportTotals(files.values()), warnings: this.warnings.list() };
  }

  /** Call on every open or empty tag: the first one must be the format's root element. */
  protected checkRoot(name: string, line: number): void {
    if (this.rootChecked) return;
    if (name !== this.rootName) {
      throw new ReportParseError(line, `not a ${this.formatLabel} report: the root element is <${name}>, not <${this.rootName}>`);
    }
    this.rootChecked = true;
  }

  protected builderFor(path: string): FileCoverageBuilder {
    let builder = this.builders.get(path);
    if (builder === undefined) {
      builder = new FileCoverageBuilder(path);
      this.builders.set(path, builder);
    }
    return builder;
  }

  /**
   * A line-number attribute: plain decimal digits, 1 … 2^32-1 (never `1e3` or `12.0`);
   * undefined with a warning when absent or anything else.
   */
  protected lineNumber(attributes: XmlAttributes, name: string, tag: string, line: number): number | undefined {
    const value = attributes.wholeNumber(name);
    if (value >= 1 && value <= MAX_LINE) return value;
    this.warn(line, `<${tag}> without a valid ${name} attribute: skipped`);
    return undefined;
  }

  /**
   * Records `count` branches of a line that a count attribute asks for (JaCoCo `mb`/`cb`,
   * Cobertura `condition-coverage`, Istanbul's Clover `truecount`/`falsecount`), the first `covered` of them taken once; a
   * ReportParseError when the report has not paid for them (DerivedRecordBudget). `block`: the
   * branch block they form (0 unless a line has several, as Devel::Cover's Clover).
   */
  protected countedBranches(lineNumber: number, count: number, covered: number, line: number, block = 0): void {
    this.branchBudget.spend(count, this.bytes, line);
    for (let i = 0; i < count; i++) this.records.branch(lineNumber, block, i, i < covered ? 1 : 0);
  }

  /**
   * A count attribute: `fallback` when absent (undefined makes it required), a warning and
   * undefined when not a number, clamped to 0 with a warning when negative.
   */
  protected count(attributes: XmlAttributes, name: string, tag: string, line: number, fallback?: number): number | undefined {
    const i = attributes.indexOf(name);
    if (i < 0) {
      if (fallback === undefined) this.warn(line, `<${tag}> without a ${name} attribute: skipped`);
      return fallback;
    }
    const value = attributes.numberAt(i);
    if (!Number.isFinite(value)) {
      this.warn(line, `<${tag}> with a malformed ${name} attribute: skipped`);
      return undefined;
    }
    if (value < 0) {
      this.warn(line, `negative ${name} clamped to 0`);
      return 0;
    }
    return value;
  }

  protected warn(line: number, message: string): void {
    this.warnings.add(line, message);
  }
}

/** Feeds a whole report to a parser. */
export function parseWhole(parser: { push(chunk: Uint8Array): void; finish(): CoverageReport }, data: Uint8Array | string): CoverageReport {
  parser.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return parser.finish();
}
