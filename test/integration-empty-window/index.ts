import { runSuite } from '../integration/index';

/** The suite run in a window with no folder open (`node scripts/run-integration.mjs --empty-window`). */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
