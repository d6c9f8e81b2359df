import { statusText } from './walkBack';

/** Where one folder's Codecov coverage comes from, as its Test Coverage run is named. */
export interface CodecovRunOrigin {
  readonly sha: string;
  readonly behind: number;
  readonly branch: string | undefined;
  readonly cached: boolean;
  /** The workspace folder's name; named only when several folders show Codecov coverage. */
  readonly folderName: string;
}

/**
 * The name of a Codecov run in VS Code's Test Coverage view and Test Results, so that it is
 * never taken for a local test run: `Codecov · a1b2c3d (3 behind) · main (cached) · app`.
 */
export function codecovRunName(origin: CodecovRunOrigin, severalFolders: boolean): string {
  const parts = [statusText(origin.sha, origin.behind)];
  if (origin.branch !== undefined) parts.push(origin.branch);
  let name = parts.join(' · ');
  if (origin.cached) name += ' (cached)';
  if (severalFolders) name += ` · ${origin.folderName}`;
  return name;
}

/** Codecov runs are published again only when the reports behind them change. */
export function codecovRunsKey(reportIds: readonly string[]): string {
  return reportIds.join('\n');
}
