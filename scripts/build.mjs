// Bundles the extension host entry and the worker entry with esbuild.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  // The thread that parses a large LCOV report's second part (src/worker/lcovSecondPart.ts finds it beside worker.js and inspect.js).
  { ...common, entryPoints: ['src/worker/lcovPartThread.ts'], outfile: 'dist/lcovPartThread.js' },
  { ...common, entryPoints: ['src/cli/inspect.ts'], outfile: 'dist/inspect.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
