import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

const SUITE_FINISHED = 'integration suite finished';

/**
 * The suite entry both backends call (code-server and @vscode/test-electron). Test files run in
 * the numeric order of their prefix (1, 2, … 10, 11); each sets up the workspace it needs
 * (baseline.ts), so any order passes. INTEGRATION_ORDER=reverse or shuffle:SEED runs them in
 * another order to check that.
 */
export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** The test files of `dir` (another suite, such as the one run with workspace trust on) under the same rules. */
export function runSuite(dir: string): Promise<void> {
  // Per test and hook: a hang guard only (a reset waits up to 60 s for the extension to settle).
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  // INTEGRATION_GREP=<text>: only the tests whose full title contains it (the server inherits it).
  const grep = process.env.INTEGRATION_GREP;
  if (grep !== undefined && grep !== '') mocha.grep(grep);
  const files = ordered(readdirSync(dir).filter((file) => file.endsWith('.test.js')), process.env['INTEGRATION_ORDER'] ?? '');
  console.log(`Test files in this order: ${files.join(', ')}`);
  for (const file of files) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // The runner requires this line: without it the extension host ended before the suite did.
      console.log(`${SUITE_FINISHED} with ${failures} failure(s)`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

function ordered(files: string[], order: string): string[] {
  const byNumber = [...files].sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
  if (order === '') return byNumber;
  if (order === 'reverse') return byNumber.reverse();
  const shuffle = /^shuffle:(\d+)$/.exec(order);
  if (shuffle === null) throw new Error(`INTEGRATION_ORDER must be reverse or shuffle:SEED, not ${order}`);
  let seed = Number(shuffle[1]) || 1;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  for (let i = byNumber.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byNumber[i], byNumber[j]] = [byNumber[j] as string, byNumber[i] as string];
  }
  return byNumber;
}
