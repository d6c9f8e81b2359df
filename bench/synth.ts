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
