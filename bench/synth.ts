import * as fs from 'node:fs';

/** A real LCOV report repeated under new SF names until it reaches `targetBytes`. */
export function synthesiseLcov(source: Buffer, target: string, targetBytes: number): void {
  const text = source.toString('utf8');
  const out = fs.openSync(target, 'w');
  try {
    for (let copy = 0, written = 0; written < targetBytes; copy++) {
      const chunk = Buffer.from(text.replaceAll('\nSF:', `\nSF:copy${copy}/`).replace(/^SF:/, `SF:copy${copy}/`));
      fs.writeSync(out, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(out);
  }
}

export interface SynthesisOptions {
  /** Whole copies of the source until at least this many bytes are written… */
  readonly targetBytes?: number;
  /** …or exactly this many sections (files), the source's sections cycled. */
  readonly sections?: number;
  /** Only the source's sections of at most this many bytes (smaller files, more of them). */
  readonly maxSectionBytes?: number;
  /** The last section's SF path becomes this: the one file a bench creates and opens. */
  readonly lastSourceFile: string;
}

export interface SynthesisedReport {
  readonly bytes: number;
  readonly sections: number;
  /** The highest line the last section marks (the opened file needs at least that many). */
  readonly lastSectionMaxLine: number;
}

/**
 * A real LCOV report's sections repeated under `copyN/` SF names; the very last section is renamed
 * to `lastSourceFile`, whose name no other section ends with, so that it is the only section that
 * resolves to a workspace file (the others find nothing, not even by suffix).
 */
export function synthesiseLcovReport(source: Buffer, target: string, options: SynthesisOptions): SynthesisedReport {
  const all = source
    .toString('utf8')
    .split(/(?<=\nend_of_record\n)/)
    .filter((section) => /^SF:/m.test(section));
  const sections = options.maxSectionBytes === undefined ? all : all.filter((section) => section.length <= (options.maxSectionBytes as number));
  if (sections.length === 0) throw new Error('the source has no usable LCOV sections');
  const perCopy = sections.reduce((sum, section) => sum + Buffer.byteLength(section), 0);
  const total = options.sections ?? sections.length * Math.max(1, Math.ceil((options.targetBytes ?? perCopy) / perCopy));
  const out = fs.openSync(target, 'w');
  let bytes = 0;
  let lastSectionMaxLine = 0;
  try {
    let pending: string[] = [];
    for (let n = 0; n < total; n++) {
      const section = sections[n % sections.length] as string;
      const copy = Math.floor(n / sections.length);
      let text: string;
      if (n === total - 1) {
        text = section.replace(/^SF:.*$/m, `SF:${options.lastSourceFile}`);
        lastSectionMaxLine = maxLine(text);
      } else {
        text = section.replace(/^SF:/m, `SF:copy${copy}/`);
      }
      pending.push(text);
      if (pending.length === 1000 || n === total - 1) {
        const chunk = Buffer.from(pending.join(''));
        fs.writeSync(out, chunk);
        bytes += chunk.length;
        pending = [];
      }
    }
  } finally {
    fs.closeSync(out);
  }
  return { bytes, sections: total, lastSectionMaxLine };
}

function maxLine(section: string): number {
  let max = 0;
  for (const match of section.matchAll(/^(?:DA:|BRDA:|FN:)(\d+)/gm)) max = Math.max(max, Number(match[1]));
  return max;
}

/** Where the i-th of many one-line files lives: a thousand files per folder. */
function oneLineFilePath(index: number): string {
  return `d${Math.floor(index / 1000)}/${index}`;
}

/** An LCOV report of `files` files of one covered line each (issue 8 §5: 1,000,000 of them, about 32 MB). */
export function synthesiseOneLineLcov(target: string, files: number): void {
  writeInChunks(target, files, (i) => `SF:${oneLineFilePath(i)}.c\nDA:1,1\nend_of_record\n`);
}

/** A Go coverprofile of the same shape: `files` files of one block on one line each. */
export function synthesiseOneLineGo(target: string, files: number): void {
  writeInChunks(target, files, (i) => `${i === 0 ? 'mode: set\n' : ''}m/${oneLineFilePath(i)}.go:1.13,1.24 1 1\n`);
}

function writeInChunks(target: string, count: number, record: (index: number) => string): void {
  const out = fs.openSync(target, 'w');
  try {
    for (let start = 0; start < count; start += 10_000) {
      let text = '';
      for (let i = start; i < Math.min(count, start + 10_000); i++) text += record(i);
      fs.writeSync(out, text);
    }
  } finally {
    fs.closeSync(out);
  }
}
