import * as vscode from 'vscode';
import { parsePathMappings } from '../core/pathMapping';
import {
  DEFAULT_EXCLUDE_GLOB,
  DEFAULT_MAX_REPORT_MB,
  DEFAULT_REPORT_GLOBS,
  DISPLAY_MODES,
  MARK_KIND_NAMES,
  MARK_STYLES,
  MERGE_MODES,
  type MergeMode,
  SETTINGS_SECTION,
  type SentinelSettings,
} from '../shared/settings';

/** Reads the extension's settings, typed, for one scope (a workspace folder) or globally. */
export function readSettings(scope?: vscode.ConfigurationScope): SentinelSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return {
    reportPaths: stringArray(config.get<unknown>('reportPaths'), DEFAULT_REPORT_GLOBS),
    excludePaths: stringArray(config.get<unknown>('excludePaths'), [DEFAULT_EXCLUDE_GLOB]),
    showMarks: config.get<boolean>('showMarks', true),
    lineBackground: config.get<boolean>('lineBackground', false),
    overviewRuler: config.get<boolean>('overviewRuler', true),
    maxReportSizeMB: positiveNumber(config.get<unknown>('maxReportSizeMB'), DEFAULT_MAX_REPORT_MB),
    mergeReports: mergeMode(config.get<unknown>('mergeReports')),
    pathMappings: parsePathMappings(config.get<unknown>('pathMappings')),
    navigationIncludesPartial: config.get<boolean>('navigation.includePartial', false),
    markStyle: oneOf(config.get<unknown>('markStyle'), MARK_STYLES, 'gutter'),
    display: oneOf(config.get<unknown>('display'), DISPLAY_MODES, 'both'),
    showKinds: stringArray(config.get<unknown>('showKinds'), MARK_KIND_NAMES).filter((kind): kind is (typeof MARK_KIND_NAMES)[number] =>
      (MARK_KIND_NAMES as readonly string[]).includes(kind),
    ),
  };
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent, name?: keyof SentinelSettings): boolean {
  return event.affectsConfiguration(name === undefined ? SETTINGS_SECTION : `${SETTINGS_SECTION}.${name}`);
}

/** Before modes existed the setting was a boolean: `true` (merge) reads as `auto`, `false` as `newest`. */
function mergeMode(value: unknown): MergeMode {
  if (value === true) return 'auto';
  if (value === false) return 'newest';
  return oneOf(value, MERGE_MODES, 'auto');
}

function stringArray(value: unknown, fallback: readonly string[]): readonly string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
