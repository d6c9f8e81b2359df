// The .vsix holds only what the extension needs at run time (.vscodeignore is an allowlist):
// lists what `vsce` would package and fails on anything else, or on a missing bundle.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

const ALLOWED = [/^dist\/(extension|worker|lcovPartThread|inspect)\.js$/, /^media\/[\w-]+\.svg$/, /^media\/icon\.png$/, /^media\/walkthrough\/[\w-]+\.md$/, /^(README|CHANGELOG)\.md$/, /^LICENSE$/, /^package\.json$/];
const REQUIRED = ['dist/extension.js', 'dist/worker.js', 'dist/lcovPartThread.js', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'media/icon.png'];

const listing = execFileSync(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
const files = listing.split('\n').map((line) => line.trim()).filter(Boolean);
const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
const missing = REQUIRED.filter((file) => !files.includes(file));
console.log(`.vsix would contain ${files.length} files`);
if (unexpected.length > 0) console.error(`not allowed in the .vsix: ${unexpected.join(', ')}`);
if (missing.length > 0) console.error(`missing from the .vsix: ${missing.join(', ')}`);
process.exit(unexpected.length > 0 || missing.length > 0 ? 1 : 0);
