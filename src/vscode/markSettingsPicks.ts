import * as vscode from 'vscode';
import { MARK_KINDS, MARK_STYLES, type MarkKind, type MarkStyle } from '../shared/settings';
import type { Settings } from './settings';

const STYLE_DESCRIPTIONS: Record<MarkStyle, string> = {
  gutter: 'an icon in the gutter',
  bar: 'a thin bar at the start of each line; breakpoints stay visible',
  background: 'the whole line tinted',
};

const KIND_DESCRIPTIONS: Record<MarkKind, string> = {
  covered: 'lines the tests ran',
  partial: 'lines with branches the tests never took',
  uncovered: 'lines the tests never ran',
};

/** `Coverage: Choose Mark Style…` — writes `coverageSentinel.markStyle` where it takes effect (Settings.updateWhereEffective). */
export async function pickMarkStyle(settings: Settings): Promise<void> {
  const current = settings.get().markStyle;
  const picked = await vscode.window.showQuickPick(
    MARK_STYLES.map((style) => ({ label: style, description: STYLE_DESCRIPTIONS[style], picked: style === current })),
    { title: 'Coverage Mark Style', placeHolder: `Now: ${current}` },
  );
  if (picked !== undefined) await settings.updateWhereEffective('markStyle', picked.label);
}

/** `Coverage: Choose Which Lines to Mark…` — writes `coverageSentinel.showKinds` where it takes effect. */
export async function pickMarkedKinds(settings: Settings): Promise<void> {
  const current = new Set(settings.get().showKinds);
  const picked = await vscode.window.showQuickPick(
    MARK_KINDS.map((kind) => ({ label: kind, description: KIND_DESCRIPTIONS[kind], picked: current.has(kind) })),
    { title: 'Mark Which Lines', canPickMany: true },
  );
  if (picked !== undefined) {
    await settings.updateWhereEffective('showKinds', picked.map((item) => item.label));
  }
}
