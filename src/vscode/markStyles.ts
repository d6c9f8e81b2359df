import * as vscode from 'vscode';
import { MARK_KINDS, type MarkKind, type MarkStyle } from '../shared/settings';

export type MarkTypeKey = MarkKind | `${MarkKind}Stale`;
export type MarkTypes = Record<MarkTypeKey, vscode.TextEditorDecorationType>;

export interface MarkStyleOptions {
  readonly style: MarkStyle;
  readonly lineBackground: boolean;
  readonly overviewRuler: boolean;
}

/**
 * One decoration type per kind, and a dimmed one for stale files:
 * - `gutter`: an icon in the glyph margin (SVG, light and dark; stale ones faded);
 * - `bar`: a thin bar at the start of the line, leaving the glyph margin to breakpoints
 *   (stale: dashed);
 * - `background`: the whole line tinted (stale: tinted with a dashed bar).
 * Colours are theme colours contributed in package.json, so themes can restyle them.
 */
export function createMarkTypes(extensionUri: vscode.Uri, options: MarkStyleOptions): MarkTypes {
  const make = (kind: MarkKind, stale: boolean) => vscode.window.createTextEditorDecorationType(renderOptions(extensionUri, options, kind, stale));
  const types = {} as MarkTypes;
  for (const kind of MARK_KINDS) {
    types[kind] = make(kind, false);
    types[`${kind}Stale`] = make(kind, true);
  }
  return types;
}

function renderOptions(extensionUri: vscode.Uri, options: MarkStyleOptions, kind: MarkKind, stale: boolean): vscode.DecorationRenderOptions {
  const color = (name: string) => new vscode.ThemeColor(`coverageSentinel.${kind}${name}`);
  const icon = (theme: 'light' | 'dark') => vscode.Uri.joinPath(extensionUri, 'media', `${kind}${stale ? '-stale' : ''}-${theme}.svg`);
  const bar: vscode.DecorationRenderOptions = { borderColor: color('OverviewRuler'), borderStyle: stale ? 'dashed' : 'solid', borderWidth: '0 0 0 3px' };
  const base: vscode.DecorationRenderOptions = {
    isWholeLine: true,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    ...(options.overviewRuler ? { overviewRulerColor: color('OverviewRuler'), overviewRulerLane: vscode.OverviewRulerLane.Left } : {}),
    ...(options.lineBackground || options.style === 'background' ? { backgroundColor: color('LineBackground') } : {}),
  };
  switch (options.style) {
    case 'gutter':
      return {
        ...base,
        light: { gutterIconPath: icon('light'), gutterIconSize: 'contain' },
        dark: { gutterIconPath: icon('dark'), gutterIconSize: 'contain' },
      };
    case 'bar':
      return { ...base, ...bar };
    case 'background':
      return stale ? { ...base, ...bar } : base;
  }
}
