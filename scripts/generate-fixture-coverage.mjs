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

// The example-lib run once more in the other formats c8 writes, kept outside the workspace
// folders (the integration suite swaps them in to check each format end to end).
const lib = join(root, 'test', 'fixtures', 'example-lib');
const formats = join(root, 'test', 'fixtures', 'example-lib-formats');
rmSync(formats, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [c8, '--reporter=cobertura', '--reporter=clover', '--reporter=json', `--reports-dir=${formats}`, '--all', '--include=src/**', '--temp-directory', join(root, 'out', 'c8-tmp'), process.execPath, '--test', 'test/'],
  { cwd: lib, stdio: ['ignore', 'ignore', 'inherit'] },
);
for (const name of ['cobertura-coverage.xml', 'clover.xml', 'coverage-final.json']) {
  const file = join(formats, name);
  // Absolute paths become relative to the report's folder once the file sits in coverage/.
  const text = readFileSync(file, 'utf8')
    .replaceAll(`${lib}/`, '../')
    .replaceAll(lib, '..')
    .replace(/timestamp="\d+"/g, 'timestamp="0"')
    .replace(/generated="\d+"/g, 'generated="0"');
  writeFileSync(file, text);
  process.stderr.write(`wrote ${file}\n`);
}
