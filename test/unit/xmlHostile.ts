import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import type { CoverageReport } from '../../src/core/model/model';
import { encode, randomBytes } from './xmlTestUtil';

/**
 * The XML rows of SECURITY.md's threat table as inputs (made on demand: several are 10 MB),
 * for a report whose root element is `root`. Each must end, within the hang guard, with a
 * ReportParseError or a valid report.
 */
export function hostileXmlInputs(root: string): [string, () => Uint8Array][] {
  const laughs = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) laughs.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return [
    ['billion laughs', () => encode(`<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n${laughs.join('\n')}\n]>\n<${root} a="&lol9;">&lol9;</${root}>`)],
    ['a large internal entity', () => encode(`<!DOCTYPE ${root} [<!ENTITY big "${'A'.repeat(10_000_000)}">]><${root} a="&big;"/>`)],
    ['an external SYSTEM entity (file:///etc/passwd) in an internal subset', () => encode(`<?xml version="1.0"?>\n<!DOCTYPE ${root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<${root} a="&xxe;">&xxe;</${root}>`)],
    ['a parameter entity pulling an external DTD', () => encode(`<!DOCTYPE ${root} [<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/evil.dtd"> %dtd;]><${root}/>`)],
    ['a 10 MB `&#...;` flood in an attribute', () => encode(`<${root} a="${'&#65;'.repeat(2_000_000)}"/>`)],
    ['a 10 MB `&#...;` flood in text', () => encode(`<${root}>${'&#x41;'.repeat(1_700_000)}</${root}>`)],
    ['a 10 MB single line of attributes', () => encode(`<${root} ${Array.from({ length: 800_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`)],
    ['100k levels of nesting', () => encode(`<${root}>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</${root}>`)],
    ['a 10 MB tag name', () => encode(`<${root}><${'n'.repeat(10_000_000)}/></${root}>`)],
    ['binary garbage', () => randomBytes(1_000_000, 7)],
    ['binary garbage after a valid start', () => concat(encode(`<?xml version="1.0"?>\n<${root}>\n`), randomBytes(1_000_000, 11))],
    ['garbage made of markup bytes', () => markupNoise(2_000_000, 5)],
    ['UTF-16 input', () => utf16(`<?xml version="1.0" encoding="UTF-16"?><${root}/>`)],
  ];
}

/** Every way the file at `path` can end early at these cut points: each must be an error. */
export function truncations(bytes: Uint8Array, count: number): Uint8Array[] {
  const cuts: Uint8Array[] = [];
  for (let k = 1; k <= count; k++) cuts.push(bytes.subarray(0, Math.floor((bytes.length * k) / (count + 1))));
  cuts.push(bytes.subarray(0, bytes.length - 2));
  return cuts;
}

/** Runs `fn` with the file system and fetch replaced by traps; asserts none was called. */
export function withoutIo<T>(fn: () => T): T {
  const touched: string[] = [];
  const fsRecord = fs as unknown as Record<string, unknown>;
  const names = ['readFileSync', 'openSync', 'statSync', 'existsSync', 'readFile', 'open', 'stat', 'createReadStream'];
  const saved = names.map((name) => fsRecord[name]);
  const savedFetch = globalThis.fetch;
  for (const name of names) {
    fsRecord[name] = (...args: unknown[]) => {
      touched.push(`${name}(${String(args[0])})`);
      throw new Error('file system access from a parser');
    };
  }
  globalThis.fetch = () => {
    touched.push('fetch');
    throw new Error('network access from a parser');
  };
  try {
    return fn();
  } finally {
    names.forEach((name, i) => {
      fsRecord[name] = saved[i];
    });
    globalThis.fetch = savedFetch;
    assert.deepEqual(touched, []);
  }
}

/** A valid report's basic shape: every file's arrays are parallel and its lines ascend. */
export function assertWellFormedReport(report: CoverageReport): void {
  for (const file of report.files.values()) {
    assert.equal(file.hits.length, file.lines.length);
    assert.equal(file.status.length, file.lines.length);
    for (let i = 1; i < file.lines.length; i++) assert.ok((file.lines[i] as number) > (file.lines[i - 1] as number));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Random bytes drawn from `<>/="'&;![-?` and letters: most likely to reach deep scanner states. */
function markupNoise(length: number, seed: number): Uint8Array {
  const alphabet = encode('<>/="\'&;![-?# aZ\n');
  const random = randomBytes(length, seed);
  return random.map((r) => alphabet[r % alphabet.length] as number);
}

function utf16(text: string): Uint8Array {
  const out = new Uint8Array(2 + 2 * text.length);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) out[2 + 2 * i] = text.charCodeAt(i);
  return out;
}
