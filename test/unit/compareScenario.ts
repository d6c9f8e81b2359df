import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { runC8Sync, textLines } from '../support/compareProject';
import type { TestRepo } from './gitTestRepo';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The command-line tool, bundled from source as `npm run build` bundles it. */
export function buildInspect(outDir: string): string {
  const cli = path.join(outDir, 'inspect.js');
  buildSync({ entryPoints: [path.join(repoRoot, 'src', 'cli', 'inspect.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: cli, logLevel: 'silent' });
  return cli;
}

/** Runs c8 over the project's node:test suite; the LCOV report goes outside the repository. */
export function runC8(repo: TestRepo, reportDir: string): string {
  return runC8Sync(repo, { tests: ['test/'], reportDir });
}

export const BASKET_HEADER = ['// Basket helpers.', '// Counts what is in the basket.', '// Nothing else.', '// (kept short)', '// for the tests', '// of renames'];

/**
 * The tiny project at its baseline commit on main: cart.js (add, total), basket.js (size),
 * legacy.js (old), every function tested.
 */
export function writeBaseline(repo: TestRepo): void {
  repo.write(
    'src/cart.js',
    textLines(
      "'use strict';",
      '',
      'function add(items, item) {',
      '  items.push(item);',
      '  return items.length;',
      '}',
      '',
      'function total(items) {',
      '  let sum = 0;',
      '  for (const item of items) sum += item.price;',
      '  return sum;',
      '}',
      '',
      'module.exports = { add, total };',
    ),
  );
  repo.write('src/basket.js', textLines(...BASKET_HEADER, "'use strict';", '', 'function size(basket) {', '  return basket.length;', '}', '', 'module.exports = { size };'));
  repo.write('src/legacy.js', textLines("'use strict';", '', 'function old() {', "  return 'old';", '}', '', 'module.exports = { old };'));
  repo.write(
    'test/cart.test.js',
    textLines(
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const { add, total } = require('../src/cart');",
      "test('add', () => assert.equal(add([], { price: 1 }), 1));",
      "test('total', () => assert.equal(total([{ price: 2 }, { price: 3 }]), 5));",
    ),
  );
  repo.write(
    'test/basket.test.js',
    textLines("const test = require('node:test');", "const assert = require('node:assert');", "const { size } = require('../src/basket');", "test('size', () => assert.equal(size([1, 2]), 2));"),
  );
  repo.write(
    'test/legacy.test.js',
    textLines("const test = require('node:test');", "const assert = require('node:assert');", "const { old } = require('../src/legacy');", "test('old', () => assert.equal(old(), 'old'));"),
  );
}

/**
 * The change, committed on a feature branch: cart.js gains discount() (tested with one rate,
 * so its `if` is partial and the throw never runs) and loses its add() test (add's untouched
 * lines lose coverage); basket.js is renamed to bag.js and gains an untested isEmpty();
 * legacy.js and its test are deleted.
 */
export function commitChange(repo: TestRepo): void {
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write(
    'src/cart.js',
    textLines(
      "'use strict';",
      '',
      'function add(items, item) {',
      '  items.push(item);',
      '  return items.length;',
      '}',
      '',
      'function total(items) {',
      '  let sum = 0;',
      '  for (const item of items) sum += item.price;',
      '  return sum;',
      '}',
      '',
      'function discount(items, rate) {',
      '  if (rate > 1) {',
      "    throw new RangeError('rate');",
      '  }',
      '  return total(items) * (1 - rate);',
      '}',
      '',
      'module.exports = { add, total, discount };',
    ),
  );
  repo.write(
    'test/cart.test.js',
    textLines(
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const { discount } = require('../src/cart');",
      "test('discount', () => assert.equal(discount([{ price: 10 }], 0.5), 5));",
    ),
  );
  repo.git('mv', 'src/basket.js', 'src/bag.js');
  repo.git('mv', 'test/basket.test.js', 'test/bag.test.js');
  repo.write(
    'src/bag.js',
    textLines(...BASKET_HEADER, "'use strict';", '', 'function size(basket) {', '  return basket.length;', '}', '', 'function isEmpty(basket) {', '  return basket.length === 0;', '}', '', 'module.exports = { size, isEmpty };'),
  );
  repo.write(
    'test/bag.test.js',
    textLines("const test = require('node:test');", "const assert = require('node:assert');", "const { size } = require('../src/bag');", "test('size', () => assert.equal(size([1, 2]), 2));"),
  );
  repo.git('rm', '-q', 'src/legacy.js', 'test/legacy.test.js');
  repo.commit('change');
}

/**
 * Local edits on top, of the kinds diff-cover cannot number right: a staged line at the top of
 * cart.js (every later line moves down one), an unstaged edit in bag.js, and an untracked,
 * tested file with its untracked test.
 */
export function editLocally(repo: TestRepo): void {
  const cart = readFileSync(path.join(repo.dir, 'src/cart.js'), 'utf8');
  repo.write('src/cart.js', cart.replace("'use strict';\n", "'use strict';\n// Cart helpers.\n"));
  repo.git('add', 'src/cart.js');
  const bag = readFileSync(path.join(repo.dir, 'src/bag.js'), 'utf8');
  repo.write('src/bag.js', bag.replace('  return basket.length === 0;', '  return !basket.length;'));
  repo.write('src/extra.js', textLines("'use strict';", '', 'module.exports = function extra() {', '  return 1;', '};'));
  repo.write('test/extra.test.js', textLines("const test = require('node:test');", "const assert = require('node:assert');", "const extra = require('../src/extra');", "test('extra', () => assert.equal(extra(), 1));"));
}
