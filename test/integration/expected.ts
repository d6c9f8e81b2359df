import { range, without } from './helpers';

/**
 * What c8 recorded for the example workspaces (coverage/lcov.info in each fixture), read off the
 * committed reports by hand: a line with hits 0 is uncovered, a hit line with a BRDA taken 0
 * times is partial, every other hit line is covered.
 */
export const CART = {
  uncovered: [5, 6, ...range(21, 28)],
  partial: [4, 18],
  get covered(): number[] {
    return without(range(1, 30), this.uncovered, this.partial);
  },
  lines: 30,
  linesHit: 20,
  branches: 9,
  branchesHit: 7,
  functions: 3,
  functionsHit: 2,
};

export const FORMAT = { lines: 19, linesHit: 18, branches: 7, branchesHit: 5, functions: 2, functionsHit: 2 };
export const UNTESTED = { lines: 10, linesHit: 4, branches: 1, branchesHit: 1, functions: 1, functionsHit: 0 };
export const STATS = {
  uncovered: [5, 6, ...range(10, 14)],
  partial: [4],
  lines: 16,
  linesHit: 9,
};
