import * as path from 'node:path';
import { buildSync } from 'esbuild';

const repo = path.resolve(__dirname, '..', '..', '..');
let built: string | undefined;

/** Bundles src/worker/main.ts once per test run, as the extension's build does. */
export function workerBundle(): string {
  if (built === undefined) {
    built = path.join(repo, 'out', 'worker-under-test', 'worker.js');
    buildSync({ entryPoints: [path.join(repo, 'src', 'worker', 'main.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: built, logLevel: 'silent' });
    const thread = path.join(path.dirname(built), 'lcovPartThread.js');
    buildSync({ entryPoints: [path.join(repo, 'src', 'worker', 'lcovPartThread.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: thread, logLevel: 'silent' });
  }
  return built;
}
