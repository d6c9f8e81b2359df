import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');

/** The TypeScript sources of this repository: realistic code to edit (read from the clone itself). */
export function sourcesOfThisRepository(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) files.push(full);
    }
  };
  walk(path.join(repo, 'src'));
  return files.sort();
}

/** A small deterministic generator (LCG), so a failure names a reproducible edit. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * One to five edits of the kinds people make: delete lines, insert new ones, replace some,
 * copy a block, move a block, add a blank-and-brace group (which can slide).
 */
export function mutateLines(lines: readonly string[], random: () => number): string[] {
  const out = [...lines];
  const int = (n: number) => Math.floor(random() * n);
  const edits = 1 + int(5);
  for (let e = 0; e < edits; e++) {
    const at = int(out.length + 1);
    const length = 1 + int(6);
    switch (int(6)) {
      case 0:
        out.splice(at, length);
        break;
      case 1:
        out.splice(at, 0, ...Array.from({ length }, (_, i) => `  added ${e} ${i} ${int(3)}`));
        break;
      case 2:
        out.splice(at, length, ...Array.from({ length: int(4) }, (_, i) => `  changed ${e} ${i}`));
        break;
      case 3: {
        const from = int(out.length);
        out.splice(at, 0, ...out.slice(from, from + length));
        break;
      }
      case 4: {
        const block = out.splice(at, length);
        out.splice(int(out.length + 1), 0, ...block);
        break;
      }
      default:
        out.splice(at, 0, '', '}', '');
    }
  }
  return out;
}
