/**
 * Where a repository keeps its Codecov configuration: `codecov.yml` or `.codecov.yml` (and their
 * `.yaml` spellings) at the root, in `.github/` or in `dev/` — the places Codecov itself reads.
 */
export const CODECOV_CONFIG_PATHS: readonly string[] = ['', '.github/', 'dev/'].flatMap((folder) =>
  ['codecov.yml', '.codecov.yml', 'codecov.yaml', '.codecov.yaml'].map((name) => `${folder}${name}`),
);

/** What the offer's decision depends on; the adapter reads each from VS Code. */
export interface OfferFacts {
  readonly trusted: boolean;
  /** Folders with a Codecov configuration file and Codecov off. */
  readonly foldersUsingCodecov: number;
  /** "Never" was answered once, in any workspace (global state). */
  readonly never: boolean;
  /** The offer was shown in this workspace before, whatever the answer (workspace state). */
  readonly offeredHere: boolean;
}

/**
 * Whether to offer "This repository uses Codecov. Show its coverage in the editor?": once per
 * workspace, never after "Never", only while Codecov is off for a folder that uses it, and only
 * in a trusted workspace (Codecov stays off in Restricted Mode, so a yes would do nothing).
 */
export function shouldOfferCodecov(facts: OfferFacts): boolean {
  return facts.trusted && facts.foldersUsingCodecov > 0 && !facts.never && !facts.offeredHere;
}
