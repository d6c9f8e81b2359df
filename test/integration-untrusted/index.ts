import { runSuite } from '../integration/index';

/** The suite run with workspace trust on (`node scripts/run-integration.mjs --untrusted`): the workspace opens in Restricted Mode. */
export function run(): Promise<void> {
  return runSuite(__dirname);
}
