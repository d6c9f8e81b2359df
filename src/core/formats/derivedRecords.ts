import { ReportParseError } from '../model/model';

/** Derived records any report may have, whatever its size: about 50 MB of model. */
export const DERIVED_RECORDS_BASE = 2 ** 22;
/** Bytes of report that pay for one more derived record (a line costs the model 12 bytes). */
export const BYTES_PER_DERIVED_RECORD = 4;
/**
 * No report derives more than this (32 Mi): it keeps every array the model builds far below
 * V8's limits, where a plain array that grows further ends the process instead of throwing.
 */
export const MAX_DERIVED_RECORDS = 2 ** 25;

/** How many derived records a report of `bytes` bytes has paid for. */
export function derivedRecordAllowance(bytes: number): number {
  return Math.min(DERIVED_RECORDS_BASE + Math.floor(bytes / BYTES_PER_DERIVED_RECORD), MAX_DERIVED_RECORDS);
}

/**
 * Records a report does not write one by one but derives from a number in it: every line of
 * a Go block's range or of an llvm-cov counted region, the branches of a JaCoCo `mb`/`cb`, a
 * Cobertura `condition-coverage` or an Istanbul Clover `truecount`/`falsecount` count. One
 * short hostile record could ask for billions, so they are paid for by the report's size
 * (derivedRecordAllowance, measured on the bytes read so far) and checked before anything is
 * allocated. Real reports derive far fewer: Go
 * profiles about one line per 20 bytes, llvm-cov exports about one per 5 to 20.
 */
export class DerivedRecordBudget {
  private spent = 0;

  /** `what`: the records, for the error (`lines`, `branches`). */
  constructor(private readonly what: string) {}

  /** Derived records still allowed for a report of `bytes` bytes so far. */
  remaining(bytes: number): number {
    return derivedRecordAllowance(bytes) - this.spent;
  }

  /** Takes `count` records, or throws a ReportParseError at `line` when they were not paid for. */
  spend(count: number, bytes: number, line: number): void {
    if (count > this.remaining(bytes)) {
      throw new ReportParseError(
        line,
        `numbers in the report ask for more ${this.what} than a report of its size can hold (at most ${derivedRecordAllowance(bytes)}): not a real report`,
      );
    }
    this.spent += count;
  }
}
