// Regenerates the example workspace's coverage report with a real tool: c8 over node:test.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const c8 = join(root, 'node_modules', 'c8', 'bin', 'c8.js');

for (const name of ['example', 'example-lib']) {
  const example = join(root, 'test', 'fixtures', name);
  rmSync(join(example, 'coverage'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [c8, '--reporter=lcovonly', '--reports-dir=coverage', '--all', '--include=src/**', '--temp-directory', join(root, 'out', 'c8-tmp'), process.execPath, '--test', 'test/'],
    { cwd: example, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // c8 names files relative to the folder it ran in; keep the report byte-stable across machines.
  const report = join(example, 'coverage', 'lcov.info');
  writeFileSync(report, readFileSync(report, 'utf8').replaceAll(`${example}/`, ''));
  process.stderr.write(`wrote ${report}\n`);
}
