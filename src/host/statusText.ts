import type { CoverageTotals } from '../core/model/model';
import { coverageShare, formatShare, PERCENT_MODE_MEANINGS, PERCENT_SETTING, type PercentMode } from './coveragePercent';
import { markdownText } from './inertText';

export interface StatusInput {
  readonly workspace: CoverageTotals;
  /** The active editor's file, when coverage covers it; `path` relative to the workspace. */
  readonly file: { readonly path: string; readonly totals: CoverageTotals } | undefined;
  /** Where Codecov coverage comes from (`Codecov · a1b2c3d (3 behind)`), when it is on. */
  readonly codecov: { readonly text: string; readonly detail: string } | undefined;
  readonly mode: PercentMode;
}

/** The status bar item's text (with `$(icon)`s of our own) and its tooltip's markdown. */
export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
}

/**
 * What the status bar shows: the active file's coverage and the workspace's, as the percentage
 * VS Code's own coverage display shows; undefined (hidden) when there is no coverage at all.
 * Report text (a path, Codecov's words) is escaped markdown in the tooltip.
 */
export function statusView({ workspace, file, codecov, mode }: StatusInput): StatusView | undefined {
  if (workspace.files === 0 && codecov === undefined) return undefined;
  const workspacePercent = formatShare(coverageShare(workspace, mode));
  const paragraphs = ['**Coverage Sentinel**'];
  let text: string;
  if (file !== undefined) {
    text = `$(shield) ${formatShare(coverageShare(file.totals, mode))} $(root-folder) ${workspacePercent}`;
    paragraphs.push(`${markdownText(file.path)}: ${describe(file.totals, mode)}`);
  } else {
    text = `$(root-folder) ${workspacePercent}`;
  }
  paragraphs.push(`Workspace, ${workspace.files} file${workspace.files === 1 ? '' : 's'}: ${describe(workspace, mode)}`);
  if (codecov !== undefined) {
    text = `${text} · ${codecov.text}`;
    paragraphs.push(`${markdownText(codecov.text)}${codecov.detail === '' ? '' : `: ${markdownText(codecov.detail, 400)}`}`);
  }
  paragraphs.push(`Percentages count ${PERCENT_MODE_MEANINGS[mode]}, as VS Code's coverage does (setting \`${PERCENT_SETTING}\`: \`${mode}\`).`);
  paragraphs.push('Click to show or hide the coverage marks.');
  return { text, tooltip: paragraphs.join('\n\n') };
}

/** `**69.0%** · lines 20/30 · branches 7/9 · functions 2/3` */
function describe(totals: CoverageTotals, mode: PercentMode): string {
  const parts = [`**${formatShare(coverageShare(totals, mode))}**`, `lines ${totals.linesHit}/${totals.lines}`];
  if (totals.branches > 0) parts.push(`branches ${totals.branchesHit}/${totals.branches}`);
  if (totals.functions > 0) parts.push(`functions ${totals.functionsHit}/${totals.functions}`);
  return parts.join(' · ');
}
