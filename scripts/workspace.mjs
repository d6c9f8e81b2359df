// Lays out a fresh copy of the example workspaces (the tests may rewrite their reports).
import { cpSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Copies the fixtures into a temp folder and writes a two-folder .code-workspace beside them. */
export function prepareExampleWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'coverage-sentinel-ws-'));
  for (const name of ['example', 'example-lib']) {
    cpSync(join(repoRoot, 'test', 'fixtures', name), join(root, name), { recursive: true });
    // As after a test run: the reports are newer than the sources they describe.
    const later = new Date(Date.now() + 5000);
    for (const report of readdirSync(join(root, name, 'coverage'))) utimesSync(join(root, name, 'coverage', report), later, later);
  }
  // Per-test coverage from coverage.py contexts; the integration suite adds it as a third folder.
  cpSync(join(repoRoot, 'test', 'fixtures', 'producers', 'python'), join(root, 'example-python'), { recursive: true });
  const workspaceFile = join(root, 'example.code-workspace');
  writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'example' }, { path: 'example-lib' }], settings: {} }, null, 2));
  return { root, workspaceFile };
}
