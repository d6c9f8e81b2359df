import type { FileCoverageBuilder } from '../../model/fileBuilder';
import type { CoverageReport } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import type { XmlAttributes } from '../../xml/attributes';
import { parseWhole, XmlCoverageParser } from '../xmlCoverage/xmlCoverageParser';

/**
 * Clover XML (OpenClover, PHPUnit, Istanbul). A file is `<file path>` (its full path; `name`
 * when there is no path). Its `<line num type count>` children: `stmt` is a line with hits =
 * count; `cond` is a line too, with two branches taken truecount and falsecount times;
 * `method` is a function at that line (named by `signature`, else `name`, else `method@line`)
 * with hits = count. `<class>` elements inside a file carry only metrics: lines are read
 * once per file, whatever the number of classes.
 */
export class CloverParser extends XmlCoverageParser implements StreamingParser {
  private file: FileCoverageBuilder | undefined;

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
  }

  private startFile(attributes: XmlAttributes, line: number): void {
    const path = attributes.get('path') || attributes.get('name');
    if (path === undefined || path === '') {
      this.warn(line, '<file> without a path or name: its lines are skipped');
      return;
    }
    this.file = this.builderFor(path);
    this.records.use(this.file);
  }

  private line(attributes: XmlAttributes, line: number): void {
    const file = this.file;
    if (file === undefined) {
      this.warn(line, '<line> outside a <file>: skipped');
      return;
    }
    const num = this.lineNumber(attributes, 'num', 'line', line);
    if (num === undefined) return;
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

  /** A cond line without truecount/falsecount has no branch data (not an error). */
  private branches(attributes: XmlAttributes, num: number, line: number): void {
    if (!attributes.has('truecount') || !attributes.has('falsecount')) return;
    const trueCount = this.count(attributes, 'truecount', 'line', line);
    const falseCount = this.count(attributes, 'falsecount', 'line', line);
    if (trueCount === undefined || falseCount === undefined) return;
    this.records.branch(num, 0, 0, trueCount, 'true');
    this.records.branch(num, 0, 1, falseCount, 'false');
  }
}

export function parseClover(data: Uint8Array | string): CoverageReport {
  return parseWhole(new CloverParser(), data);
}
