import type { FileCoverageBuilder } from '../../model/fileBuilder';
import type { CoverageReport } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import type { XmlAttributes } from '../../xml/attributes';
import { parseWhole, XmlCoverageParser } from '../xmlCoverage/xmlCoverageParser';

interface MethodState {
  readonly name: string;
  readonly line: number;
  hits: number;
}

/**
 * JaCoCo XML (also written by Pester, Kover). A file is `<package name>/<sourcefile name>`.
 * A `<line nr mi ci mb cb>` is a line when it has instructions (mi+ci > 0), with hits = ci
 * (covered instructions) and mb+cb branches of which cb are taken. A `<method>` belongs to
 * the source file its own `<class sourcefilename>` names, at its `line`, hit when its METHOD
 * counter has a covered one. `<group>`s (aggregate reports) just contain packages.
 */
export class JacocoParser extends XmlCoverageParser implements StreamingParser {
  private packageName = '';
  /** The `sourcefilename` of the open `<class>`, or undefined (no debug information). */
  private classSource: string | undefined;
  /** The builder of classSource, once a method needed it. */
  private classFile: FileCoverageBuilder | undefined;
  private method: MethodState | undefined;
  private sourceFile: FileCoverageBuilder | undefined;

  constructor() {
    super('jacoco', 'JaCoCo', 'report', ['group', 'package', 'class', 'method', 'counter', 'sourcefile', 'line']);
  }

  openTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
  }

  emptyTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
    this.end(name);
  }

  closeTag(name: string): void {
    this.end(name);
  }

  private element(name: string, attributes: XmlAttributes, line: number): void {
    this.checkRoot(name, line);
    switch (name) {
      case 'line':
        this.line(attributes, line);
        return;
      case 'counter':
        if (this.method !== undefined && attributes.is('type', 'METHOD')) {
          this.method.hits = (this.count(attributes, 'covered', 'counter', line, 0) ?? 0) > 0 ? 1 : 0;
        }
        return;
      case 'method':
        this.startMethod(attributes);
        return;
      case 'class':
        this.classSource = attributes.get('sourcefilename');
        this.classFile = undefined;
        return;
      case 'sourcefile':
        this.startSourceFile(attributes, line);
        return;
      case 'package':
        this.packageName = attributes.get('name') ?? '';
        return;
    }
  }

  private end(name: string): void {
    switch (name) {
      case 'method':
        this.endMethod();
        return;
      case 'class':
        this.classSource = undefined;
        this.classFile = undefined;
        return;
      case 'sourcefile':
        this.sourceFile = undefined;
        return;
      case 'package':
        this.packageName = '';
        return;
    }
  }

  private startSourceFile(attributes: XmlAttributes, line: number): void {
    const fileName = attributes.get('name');
    if (fileName === undefined || fileName === '') {
      this.warn(line, '<sourcefile> without a name: skipped');
      return;
    }
    this.sourceFile = this.builderFor(this.pathOf(fileName));
    this.records.use(this.sourceFile);
  }

  private startMethod(attributes: XmlAttributes): void {
    if (this.classSource === undefined) return;
    const start = attributes.wholeNumber('line');
    // Without debug information JaCoCo writes no line: such a method has no place to show.
    if (!(start >= 1 && start <= 0xffffffff)) return;
    this.method = { name: attributes.get('name') ?? `method@${start}`, line: start, hits: 0 };
  }

  private endMethod(): void {
    const method = this.method;
    this.method = undefined;
    if (method === undefined || this.classSource === undefined) return;
    this.classFile ??= this.builderFor(this.pathOf(this.classSource));
    this.classFile.addFunction(method.name, method.line, 0, method.hits);
  }

  private line(attributes: XmlAttributes, line: number): void {
    if (this.sourceFile === undefined) {
      this.warn(line, '<line> outside a <sourcefile>: skipped');
      return;
    }
    const nr = this.lineNumber(attributes, 'nr', 'line', line);
    if (nr === undefined) return;
    const mi = this.count(attributes, 'mi', 'line', line, 0);
    const ci = this.count(attributes, 'ci', 'line', line, 0);
    const mb = this.count(attributes, 'mb', 'line', line, 0);
    const cb = this.count(attributes, 'cb', 'line', line, 0);
    if (mi === undefined || ci === undefined || mb === undefined || cb === undefined || mi + ci === 0) return;
    this.records.line(nr, ci);
    if (mb + cb === 0) return;
    if (!wholeOrAbsent(attributes, 'mb') || !wholeOrAbsent(attributes, 'cb')) {
      this.warn(line, '<line> with mb or cb not a whole number: no branches recorded');
      return;
    }
    this.countedBranches(nr, mb + cb, cb, line);
  }

  private pathOf(fileName: string): string {
    return this.packageName === '' ? fileName : `${this.packageName}/${fileName}`;
  }
}

/** Branch counts are written as plain digits: anything else (`1e3`, `1.5`) gives no branches. */
function wholeOrAbsent(attributes: XmlAttributes, name: string): boolean {
  return !attributes.has(name) || Number.isFinite(attributes.wholeNumber(name));
}

export function parseJacoco(data: Uint8Array | string): CoverageReport {
  return parseWhole(new JacocoParser(), data);
}
