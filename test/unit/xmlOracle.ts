import { XMLParser } from 'fast-xml-parser';
import { type CoverageTotals, emptyTotals } from '../../src/core/model/model';

/**
 * An independent reading of Cobertura, JaCoCo and Clover reports: fast-xml-parser builds the
 * tree (entities off), and a plain tree walk applies the definitions from the issue. Keyed
 * data lives in Maps, so no report text becomes an object key here either.
 */

export interface OracleFile {
  /** Line → summed hits. */
  readonly lines: Map<number, number>;
  /** `line:branch` → summed taken count. */
  readonly branches: Map<string, number>;
  /** One entry per function as written. */
  readonly functions: { name: string; line: number; hits: number }[];
}

export interface OracleReport {
  readonly files: Map<string, OracleFile>;
  readonly sourceRoots: string[];
}

/** fast-xml-parser's preserveOrder shape: `{ [tag]: children, ':@'?: attributes }` or `{ '#text': … }`. */
type OrderedNode = Record<string, unknown>;

interface Element {
  readonly tag: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly Element[];
  readonly text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  maxNestedTags: 256,
});

function elements(xml: string): Element[] {
  return convert(parser.parse(xml) as OrderedNode[]);
}

function convert(nodes: readonly OrderedNode[]): Element[] {
  const out: Element[] = [];
  for (const node of nodes) {
    const tag = Object.keys(node).find((key) => key !== ':@');
    if (tag === undefined || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) continue;
    const rawAttributes = (node[':@'] ?? {}) as Record<string, unknown>;
    const attributes = new Map<string, string>();
    for (const key of Object.keys(rawAttributes)) attributes.set(key, decode(String(rawAttributes[key])));
    const rawChildren = (node[tag] ?? []) as OrderedNode[];
    const text = rawChildren.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join('');
    out.push({ tag, attributes, children: convert(rawChildren), text: decode(text) });
  }
  return out;
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED.get(ref) ?? whole;
  });
}

function* descendants(nodes: readonly Element[], tag: string): Generator<Element> {
  for (const node of nodes) {
    if (node.tag === tag) yield node;
    else yield* descendants(node.children, tag);
  }
}

function children(node: Element, tag: string): Element[] {
  return node.children.filter((child) => child.tag === tag);
}

function num(node: Element, name: string, fallback = Number.NaN): number {
  const value = node.attributes.get(name);
  return value === undefined ? fallback : Number(value);
}

class Files {
  readonly files = new Map<string, OracleFile>();

  get(path: string): OracleFile {
    let file = this.files.get(path);
    if (file === undefined) {
      file = { lines: new Map(), branches: new Map(), functions: [] };
      this.files.set(path, file);
    }
    return file;
  }
}

function addLine(file: OracleFile, line: number, hits: number): void {
  file.lines.set(line, (file.lines.get(line) ?? 0) + hits);
}

function addBranch(file: OracleFile, line: number, branch: number, taken: number): void {
  const key = `${line}:${branch}`;
  file.branches.set(key, (file.branches.get(key) ?? 0) + taken);
}

/**
 * Cobertura: each `<class filename>`'s own `<lines><line>`; `condition-coverage` "(c/t)" gives
 * t branches of which the first c are taken once; each `<methods><method>` with lines is a
 * function spanning them, hit when its hits attribute or any of its lines is.
 */
export function coberturaOracle(xml: string): OracleReport {
  const files = new Files();
  const roots = elements(xml);
  const sourceRoots = [...descendants(roots, 'source')].map((source) => source.text.trim()).filter((root) => root !== '');
  for (const cls of descendants(roots, 'class')) {
    const path = cls.attributes.get('filename');
    if (path === undefined || path === '') continue;
    const file = files.get(path);
    for (const lines of children(cls, 'lines')) {
      for (const line of children(lines, 'line')) {
        const number = num(line, 'number');
        addLine(file, number, num(line, 'hits'));
        const match = /\((\d+)\/(\d+)\)/.exec(line.attributes.get('condition-coverage') ?? '');
        if (match === null) continue;
        const covered = Number(match[1]);
        const total = Number(match[2]);
        for (let i = 0; i < total; i++) addBranch(file, number, i, i < covered ? 1 : 0);
      }
    }
    for (const methods of children(cls, 'methods')) {
      for (const method of children(methods, 'method')) {
        const lines = children(method, 'lines').flatMap((l) => children(l, 'line'));
        if (lines.length === 0) continue;
        const numbers = lines.map((l) => num(l, 'number'));
        const hits = Math.max(num(method, 'hits', 0), ...lines.map((l) => num(l, 'hits')));
        file.functions.push({ name: method.attributes.get('name') ?? '', line: Math.min(...numbers), hits });
      }
    }
  }
  return { files: files.files, sourceRoots };
}

/**
 * JaCoCo: `<package name>/<sourcefile name>`, a `<line>` counts when mi+ci > 0 with hits ci and
 * mb+cb branches (cb taken); a `<method line>` goes to `<package>/<its class's sourcefilename>`,
 * hit when its METHOD counter has covered > 0. Packages may sit inside nested `<group>`s.
 */
export function jacocoOracle(xml: string): OracleReport {
  const files = new Files();
  for (const pkg of descendants(elements(xml), 'package')) {
    const name = pkg.attributes.get('name') ?? '';
    const pathOf = (file: string): string => (name === '' ? file : `${name}/${file}`);
    for (const cls of children(pkg, 'class')) {
      const source = cls.attributes.get('sourcefilename');
      if (source === undefined) continue;
      for (const method of children(cls, 'method')) {
        const line = num(method, 'line');
        if (!(line >= 1)) continue;
        const counter = children(method, 'counter').find((c) => c.attributes.get('type') === 'METHOD');
        const hits = counter !== undefined && num(counter, 'covered', 0) > 0 ? 1 : 0;
        files.get(pathOf(source)).functions.push({ name: method.attributes.get('name') ?? '', line, hits });
      }
    }
    for (const sourcefile of children(pkg, 'sourcefile')) {
      const file = files.get(pathOf(sourcefile.attributes.get('name') ?? ''));
      for (const line of children(sourcefile, 'line')) {
        const [nr, mi, ci, mb, cb] = ['nr', 'mi', 'ci', 'mb', 'cb'].map((key) => num(line, key, 0)) as [number, number, number, number, number];
        if (mi + ci === 0) continue;
        addLine(file, nr, ci);
        for (let i = 0; i < mb + cb; i++) addBranch(file, nr, i, i < cb ? 1 : 0);
      }
    }
  }
  return { files: files.files, sourceRoots: [] };
}

/**
 * Clover: `<file path|name>`, each `<line>` inside it once: stmt and cond are lines (hits =
 * count), method is a function. A cond line (Istanbul's: it has a count) has truecount +
 * falsecount branches, truecount of them covered (taken once) and falsecount not.
 */
export function cloverOracle(xml: string): OracleReport {
  const files = new Files();
  for (const fileNode of descendants(elements(xml), 'file')) {
    const file = files.get(fileNode.attributes.get('path') || fileNode.attributes.get('name') || '');
    for (const line of descendants(fileNode.children, 'line')) {
      const number = num(line, 'num');
      const count = num(line, 'count');
      const type = line.attributes.get('type');
      if (type === 'method') {
        file.functions.push({ name: line.attributes.get('signature') || line.attributes.get('name') || '', line: number, hits: count });
        continue;
      }
      if (type !== 'stmt' && type !== 'cond') continue;
      addLine(file, number, count);
      if (type === 'cond' && line.attributes.has('truecount') && line.attributes.has('falsecount')) {
        const covered = num(line, 'truecount');
        const total = covered + num(line, 'falsecount');
        for (let i = 0; i < total; i++) addBranch(file, number, i, i < covered ? 1 : 0);
      }
    }
  }
  return { files: files.files, sourceRoots: [] };
}

export function oracleFileTotals(file: OracleFile): CoverageTotals {
  const totals = emptyTotals();
  totals.files = 1;
  totals.lines = file.lines.size;
  for (const hits of file.lines.values()) if (hits > 0) totals.linesHit++;
  totals.branches = file.branches.size;
  for (const taken of file.branches.values()) if (taken > 0) totals.branchesHit++;
  totals.functions = file.functions.length;
  for (const fn of file.functions) if (fn.hits > 0) totals.functionsHit++;
  return totals;
}

export function oracleTotals(report: OracleReport): CoverageTotals {
  const totals = emptyTotals();
  for (const file of report.files.values()) {
    const t = oracleFileTotals(file);
    for (const key of Object.keys(totals) as (keyof CoverageTotals)[]) totals[key] += t[key];
  }
  return totals;
}
