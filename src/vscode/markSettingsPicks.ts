import * as vscode from 'vscode';
import { MARK_KIND_NAMES, MARK_STYLES, type MarkKindName, type MarkStyle, SETTINGS_SECTION } from '../shared/settings';
import { readSettings } from './config';

const STYLE_DESCRIPTIONS: Record<MarkStyle, string> = {
  gutter: 'an icon in the gutter',
  bar: 'a thin bar at the start of each line; breakpoints stay visible',
  background: 'the whole line tinted',
};

const KIND_DESCRIPTIONS: Record<MarkKindName, string> = {
  covered: 'lines the tests ran',
  partial: 'lines with branches the tests never took',
  uncovered: 'lines the tests never ran',
};

/** `Coverage: Choose Mark Style…` — writes `coverageSentinel.markStyle` to user settings. */
export async function pickMarkStyle(): Promise<void> {
  const current = readSettings().markStyle;
  const picked = await vscode.window.showQuickPick(
    MARK_STYLES.map((style) => ({ label: style, description: STYLE_DESCRIPTIONS[style], picked: style === current })),
    { title: 'Coverage Mark Style', placeHolder: `Now: ${current}` },
  );
  if (picked !== undefined) await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('markStyle', picked.label, vscode.ConfigurationTarget.Global);
}

/** `Coverage: Choose Which Lines to Mark…` — writes `coverageSentinel.showKinds` to user settings. */
export async function pickMarkedKinds(): Promise<void> {
  const current = new Set(readSettings().showKinds);
  const picked = await vscode.window.showQuickPick(
    MARK_KIND_NAMES.map((kind) => ({ label: kind, description: KIND_DESCRIPTIONS[kind], picked: current.has(kind) })),
    { title: 'Mark Which Lines', canPickMany: true },
  );
  if (picked !== undefined) {
    await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('showKinds', picked.map((item) => item.label), vscode.ConfigurationTarget.Global);
  }
}
