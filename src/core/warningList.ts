import type { ParseWarning } from './model';

const MAX_WARNINGS = 100;

/** A report's warnings, the first 100 kept and the rest counted. */
export class WarningList {
  private readonly kept: ParseWarning[] = [];
  private count = 0;

  add(line: number, message: string): void {
    this.count++;
    if (this.kept.length < MAX_WARNINGS) this.kept.push({ line, message });
  }

  list(): ParseWarning[] {
    const warnings = this.kept.slice();
    if (this.count > MAX_WARNINGS) warnings.push({ line: 0, message: `${this.count - MAX_WARNINGS} more warnings` });
    return warnings;
  }
}
