import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { Settings } from '../settings';
import type { ComparisonController } from './comparisonController';

/** Lines (1-based) a document shows with comparison marks, as last drawn. */
export interface ComparisonMarks {
  readonly lost: readonly number[];
  readonly newUncovered: readonly number[];
  readonly newPartial: readonly number[];
  readonly gained: readonly number[];
}

/**
 * Marks of their own for the comparison: lost coverage (a tinted line, an overview-ruler mark
 * and a short note after the line) and new code left uncovered or partly covered (a dashed
 * underline of the whole line and a ruler mark), beside the usual coverage marks. Gained lines
 * get a mark only with `coverageSentinel.compare.showGained`.
 */
export class ComparisonMarksView extends Disposable {
  private readonly lost = this.register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('coverageSentinel.lostCoverageBackground'),
      overviewRulerColor: new vscode.ThemeColor('coverageSentinel.lostCoverageOverviewRuler'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
      after: { contentText: ' ◂ lost coverage', color: new vscode.ThemeColor('coverageSentinel.lostCoverageForeground'), margin: '0 0 0 2em' },
    }),
  );
  private readonly newUncovered = this.register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      borderColor: new vscode.ThemeColor('coverageSentinel.newUncoveredBorder'),
      borderStyle: 'dashed',
      borderWidth: '0 0 1px 0',
      overviewRulerColor: new vscode.ThemeColor('coverageSentinel.newUncoveredBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    }),
  );
  private readonly newPartial = this.register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      borderColor: new vscode.ThemeColor('coverageSentinel.newPartialBorder'),
      borderStyle: 'dotted',
      borderWidth: '0 0 1px 0',
      overviewRulerColor: new vscode.ThemeColor('coverageSentinel.newPartialBorder'),
      overviewRulerLane: vscode.OverviewRulerLane.Center,
    }),
  );
  private readonly gained = this.register(
    vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('coverageSentinel.gainedCoverageBackground'),
    }),
  );
  private readonly applied = new Map<string, ComparisonMarks>();

  constructor(
    private readonly comparison: ComparisonController,
    private readonly settings: Settings,
  ) {
    super();
    this.register(comparison.onDidChange(() => this.redraw()));
    this.register(vscode.window.onDidChangeVisibleTextEditors(() => this.redraw()));
    this.register(
      settings.onDidChange((change) => {
        if (change.affects('compareShowGained')) this.redraw();
      }),
    );
  }

  appliedLines(uri: vscode.Uri): ComparisonMarks | undefined {
    return this.applied.get(uri.toString());
  }

  private redraw(): void {
    const showGained = this.settings.get().compareShowGained;
    const shown = new Set<string>();
    for (const editor of vscode.window.visibleTextEditors) {
      const key = editor.document.uri.toString();
      const file = this.comparison.fileFor(editor.document.uri);
      const marks: ComparisonMarks = {
        lost: file?.lost.map((lost) => lost.line) ?? [],
        newUncovered: file?.uncoveredChanged ?? [],
        newPartial: file?.partialChanged ?? [],
        gained: showGained ? (file?.gained ?? []) : [],
      };
      const lastLine = editor.document.lineCount;
      const ranges = (lines: readonly number[]) => lines.filter((line) => line <= lastLine).map((line) => new vscode.Range(line - 1, 0, line - 1, 0));
      editor.setDecorations(this.lost, ranges(marks.lost));
      editor.setDecorations(this.newUncovered, ranges(marks.newUncovered));
      editor.setDecorations(this.newPartial, ranges(marks.newPartial));
      editor.setDecorations(this.gained, ranges(marks.gained));
      if (file !== undefined) {
        this.applied.set(key, marks);
        shown.add(key);
      }
    }
    for (const key of [...this.applied.keys()]) if (!shown.has(key)) this.applied.delete(key);
  }
}
