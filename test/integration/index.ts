import * as path from 'node:path';
import { readdirSync } from 'node:fs';
import Mocha from 'mocha';

const SUITE_FINISHED = 'integration suite finished';

/** The suite entry both backends call (code-server and @vscode/test-electron). */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // INTEGRATION_GREP=<text>: only the tests whose full title contains it (the server inherits it).
  const grep = process.env.INTEGRATION_GREP;
  if (grep !== undefined && grep !== '') mocha.grep(grep);
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // The runner requires this line: without it the extension host ended before the suite did.
      console.log(`${SUITE_FINISHED} with ${failures} failure(s)`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
