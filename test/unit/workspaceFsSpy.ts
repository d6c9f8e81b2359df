import * as assert from 'node:assert/strict';
// The module object itself (not an import namespace), so the spy can replace its functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fsPromises = require('node:fs/promises');
import * as path from 'node:path';

/**
 * Every fs/promises call made while `run` runs: each must name a path inside one of `folders`,
 * and those that follow symlinks (realpath, stat, open, …) only a folder itself — a realpath or
 * stat of `ws/etclink/passwd` would look at /etc/passwd.
 */
export async function assertNothingOutsideTouched(folders: readonly string[], run: () => Promise<void>): Promise<void> {
  const calls: { name: string; path: string }[] = [];
  const spied = ['realpath', 'stat', 'lstat', 'readlink', 'readdir', 'open', 'opendir', 'access', 'readFile'] as const;
  const originals = new Map<string, unknown>();
  const fsp = fsPromises as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of spied) {
    const original = fsp[name] as (...args: unknown[]) => unknown;
    originals.set(name, original);
    fsp[name] = (...args: unknown[]) => {
      calls.push({ name, path: String(args[0]) });
      return original(...args);
    };
  }
  try {
    await run();
  } finally {
    for (const [name, original] of originals) fsp[name] = original as (...args: unknown[]) => unknown;
  }
  const inside = (p: string) => folders.some((folder) => p === folder || p.startsWith(folder + path.sep));
  assert.ok(calls.length > 0, 'the spy saw the resolver at work');
  assert.deepEqual(calls.filter((call) => !inside(call.path)), [], 'no file system call outside the workspace');
  const following = new Set(['realpath', 'stat', 'open', 'opendir', 'access', 'readFile']);
  assert.deepEqual(
    calls.filter((call) => following.has(call.name) && !folders.includes(call.path)),
    [],
    'symlinks are followed only on the workspace folders themselves; below them, components are looked at with lstat/readlink',
  );
}
