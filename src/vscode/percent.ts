import * as vscode from 'vscode';
import { PERCENT_MODES, type PercentMode } from '../host/coveragePercent';

/** VS Code's own choice of what its coverage percentage counts; ours follows it. */
export const PERCENT_SETTING = 'testing.displayedCoveragePercent';

export function readPercentMode(): PercentMode {
  const value = vscode.workspace.getConfiguration().get<unknown>(PERCENT_SETTING);
  return typeof value === 'string' && (PERCENT_MODES as readonly string[]).includes(value) ? (value as PercentMode) : 'totalCoverage';
}

export function affectsPercentMode(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(PERCENT_SETTING);
}
