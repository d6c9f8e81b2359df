import type { FileCoverageBuilder } from '../../model/fileBuilder';
import type { CoverageReport } from '../../model/model';
import type { StreamingParser } from '../streamingParser';
import type { XmlAttributes } from '../../xml/attributes';
import { parseWhole, XmlCoverageParser } from '../xmlCoverage/xmlCoverageParser';
import { CLOSE_PAREN, OPEN_PAREN, SLASH } from '../../bytes/byteCodes';

interface MethodState {
  readonly name: string;
  /** The method's own `hits` attribute (Istanbul writes one) or 0, raised to the most hits of its lines. */
  hits: number;
  first: number;
  last: number;
}

/** No line has a million branches. */
const MAX_DIGITS = 6;

/** The `<sources><source>` roots of a report made by CoberturaParser (empty for any other). */
export function coberturaSourceRoots(report: CoverageReport): readonly string[] {
  return report.sourceRoots ?? [];
}

/**
 * Cobertura XML (coverage.py, Istanbul, gcovr, tarpaulin, Cobertura). A file is a `<class>`'s
 * `filename` as written; classes of one file add up. Lines are the class-level `<lines>`; the
 * lines repeated under `<methods><method>` only give each function its span and hits.
 * `condition-coverage="50% (1/2)"` gives the line 2 branches, the first 1 taken once. A
 * class-level line without that attribute takes its branches from its `<conditions>`: each
 * `<condition coverage>` is one branch, taken once when its coverage is above 0 (grcov writes
 * only these, with coverage `0` or `1`; Cobertura's own `50%` beside a condition-coverage is
 * not read again).
 */
export class CoberturaParser extends XmlCoverageParser implements StreamingParser {
  private readonly sources: string[] = [];
  private file: FileCoverageBuilder | undefined;
  private inClass = false;
  private method: MethodState | undefined;
  /** The class-level line whose `<condition>` children are its branches (0: none), and how many it has had. */
  private conditionLine = 0;
  private conditions = 0;

  constructor() {
    super('cobertura', 'Cobertura', 'coverage', ['sources', 'source', 'packages', 'package', 'classes', 'class', 'methods', 'method', 'lines', 'line', 'conditions', 'condition']);
  }

  /** The `<source>` roots in document order; complete after finish(). */
  get sourceRoots(): readonly string[] {
    return this.sources;
  }

  override finish(): CoverageReport {
    return { ...super.finish(), sourceRoots: this.sources.slice() };
  }

  openTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
    if (name === 'source') this.scanner.captureText();
  }

  emptyTag(name: string, attributes: XmlAttributes, line: number): void {
    this.element(name, attributes, line);
    if (name === 'method') this.endMethod();
    else if (name === 'class') this.endClass();
    else if (name === 'line') this.conditionLine = 0;
  }

  closeTag(name: string, line: number): void {
    switch (name) {
      case 'method':
        this.endMethod();
        return;
      case 'class':
        this.endClass();
        return;
      case 'line':
        this.conditionLine = 0;
        return;
      case 'source': {
        const root = this.scanner.takeText(line);
        if (root !== '') this.sources.push(root);
        return;
      }
    }
  }

  private element(name: string, attributes: XmlAttributes, line: number): void {
    this.checkRoot(name, line);
    switch (name) {
      case 'line':
        this.line(attributes, line);
        return;
      case 'method':
        this.startMethod(attributes, line);
        return;
      case 'class':
        this.startClass(attributes, line);
        return;
      case 'condition':
        if (this.conditionLine !== 0) this.condition(attributes, line);
        return;
    }
  }

  private startClass(attributes: XmlAttributes, line: number): void {
    this.inClass = true;
    const filename = attributes.get('filename');
    if (filename === undefined || filename === '') {
      this.warn(line, '<class> without a filename: its lines are skipped');
      return;
    }
    this.file = this.builderFor(filename);
    this.records.use(this.file);
  }

  private endClass(): void {
    this.inClass = false;
    this.file = undefined;
    this.method = undefined;
  }

  private startMethod(attributes: XmlAttributes, line: number): void {
    if (!this.inClass) return;
    const hits = this.count(attributes, 'hits', 'method', line, 0) ?? 0;
    this.method = { name: attributes.get('name') ?? '', hits, first: 0, last: 0 };
  }

  /** A method without lines has no place in the file: it is left out. */
  private endMethod(): void {
    const method = this.method;
    this.method = undefined;
    if (method === undefined || this.file === undefined || method.first === 0) return;
    this.file.addFunction(method.name === '' ? `method@${method.first}` : method.name, method.first, method.last, method.hits);
  }

  private line(attributes: XmlAttributes, line: number): void {
    this.conditionLine = 0;
    if (!this.inClass) {
      this.warn(line, '<line> outside a <class>: skipped');
      return;
    }
    if (this.file === undefined) return;
    const number = this.lineNumber(attributes, 'number', 'line', line);
    if (number === undefined) return;
    const hits = this.count(attributes, 'hits', 'line', line);
    if (hits === undefined) return;
    const method = this.method;
    if (method !== undefined) {
      if (method.first === 0 || number < method.first) method.first = number;
      if (number > method.last) method.last = number;
      if (hits > method.hits) method.hits = hits;
      return;
    }
    this.records.line(number, hits);
    const condition = attributes.indexOf('condition-coverage');
    if (condition < 0) {
      this.conditionLine = number;
      this.conditions = 0;
      return;
    }
    const counts = attributes.hasReferences(condition)
      ? conditionCounts(attributes.valueAt(condition))
      : conditionCountsOf(attributes.source, attributes.valueStart(condition), attributes.valueEnd(condition));
    if (counts === undefined) {
      this.warn(line, `unreadable condition-coverage ${JSON.stringify(attributes.valueAt(condition).slice(0, 40))}: no branches recorded`);
      return;
    }
    const [covered, total] = counts;
    this.countedBranches(number, total, covered, line);
  }

  /** A `<condition>` of a line without condition-coverage: one branch, taken when its coverage (`1`, `0.5`, `50%`) is above 0. */
  private condition(attributes: XmlAttributes, line: number): void {
    const text = attributes.get('coverage');
    const coverage = text === undefined ? Number.NaN : conditionCoverage(text);
    if (!(coverage >= 0)) {
      this.warn(line, `<condition> ${text === undefined ? 'without a' : 'with a malformed'} coverage attribute: skipped`);
      return;
    }
    this.records.branch(this.conditionLine, 0, this.conditions++, coverage > 0 ? 1 : 0);
  }
}

/** A condition's coverage, `1`, `0.5` or `50%`, as a number; NaN when it is none. */
function conditionCoverage(text: string): number {
  const number = text.endsWith('%') ? text.slice(0, -1) : text;
  return /^\d+(\.\d+)?$/.test(number) ? Number(number) : Number.NaN;
}

/** `50% (1/2)` or `92.3076923076923% (12/13)` → [covered, total]; undefined when unreadable. */
export function conditionCounts(text: string): [number, number] | undefined {
  const open = text.indexOf('(');
  const slash = text.indexOf('/', open + 1);
  const close = text.indexOf(')', slash + 1);
  if (open < 0 || slash < 0 || close < 0) return undefined;
  const covered = digits(text, open + 1, slash);
  const total = digits(text, slash + 1, close);
  if (covered < 0 || total < 0 || covered > total) return undefined;
  return [covered, total];
}

/** conditionCounts on raw bytes: `… (covered/total)`, without decoding a string. */
function conditionCountsOf(bytes: Uint8Array, start: number, end: number): [number, number] | undefined {
  let p = start;
  while (p < end && bytes[p] !== OPEN_PAREN) p++;
  let covered = 0;
  const coveredStart = ++p;
  for (; p < end && bytes[p] !== SLASH; p++) covered = covered * 10 + digitOf(bytes[p] as number);
  if (p >= end || p === coveredStart || p - coveredStart > MAX_DIGITS) return undefined;
  let total = 0;
  const totalStart = ++p;
  for (; p < end && bytes[p] !== CLOSE_PAREN; p++) total = total * 10 + digitOf(bytes[p] as number);
  if (p >= end || p === totalStart || p - totalStart > MAX_DIGITS || p + 1 !== end) return undefined;
  return Number.isNaN(covered) || Number.isNaN(total) || covered > total ? undefined : [covered, total];
}

function digitOf(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : Number.NaN;
}

/** Plain digits (at most MAX_DIGITS) as a number, else -1. */
function digits(text: string, start: number, end: number): number {
  const s = text.slice(start, end).trim();
  if (s.length === 0 || s.length > MAX_DIGITS) return -1;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

export function parseCobertura(data: Uint8Array | string): CoverageReport {
  return parseWhole(new CoberturaParser(), data);
}
