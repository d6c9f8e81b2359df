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
