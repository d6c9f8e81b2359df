import { GrowableFloat64, GrowableUint32 } from '../../model/growable';
import { type FileCounts, type FileCoverageData, KNOWN_COUNTS, fileTotals } from '../../model/model';

/**
 * Reads `length` bytes of the report at byte `offset`, as they are on disk now. Throws (a
 * ReportChangedError, or the read's own error) when the report is no longer the file that was
 * loaded.
 */
export type ReportBytes = (offset: number, length: number) => Uint8Array;

/** The report on disk is not the one that was loaded: a file's detail cannot be read from it. */
export class ReportChangedError extends Error {
  constructor(reason: string) {
    super(`the report changed on disk since it was loaded (${reason}); it is read again when it is reloaded`);
    this.name = 'ReportChangedError';
  }
}

/**
 * Where each counts-only file of a large LCOV report (FileTable.fillCounts) is in the report:
 * the byte offset and length of its one SF section and the test name in force where it starts.
 * A path with several sections is built at load, not kept here.
 */
export class LazySections {
  private readonly offsets = new GrowableFloat64();
  private readonly lengths = new GrowableFloat64();
  private readonly testIndex = new GrowableUint32();
  private readonly testNames: string[] = [];
  private readonly testIndexByName = new Map<string, number>();

  /** The section of the file at `at` (a new path: every earlier index has a place) starts at `offset`. */
  open(at: number, offset: number, testName: string): void {
    while (this.offsets.length <= at) {
      this.offsets.push(0);
      this.lengths.push(0);
      this.testIndex.push(0);
    }
    let index = this.testIndexByName.get(testName);
    if (index === undefined) {
      index = this.testNames.length;
      this.testNames.push(testName);
      this.testIndexByName.set(testName, index);
    }
    this.offsets.set(at, offset);
    this.testIndex.set(at, index);
  }

  /** The section of the file at `at` ends just before byte `end`. */
  close(at: number, end: number): void {
    this.lengths.set(at, end - this.offsets.get(at));
  }

  offsetOf(at: number): number {
    return this.offsets.get(at);
  }

  lengthOf(at: number): number {
    return this.lengths.get(at);
  }

  testNameOf(at: number): string {
    return this.testNames[this.testIndex.get(at)] as string;
  }
}

/** Throws a ReportChangedError unless a file built again has the counts it had at load. */
export function checkSameCounts(file: FileCoverageData, expected: FileCounts): void {
  const known = (file as { readonly [KNOWN_COUNTS]?: FileCounts })[KNOWN_COUNTS];
  const { lines, linesHit, branches, branchesHit, functions, functionsHit } = known ?? fileTotals(file);
  const same =
    lines === expected.lines &&
    linesHit === expected.linesHit &&
    branches === expected.branches &&
    branchesHit === expected.branchesHit &&
    functions === expected.functions &&
    functionsHit === expected.functionsHit;
  if (!same) throw new ReportChangedError(`${file.path}: its section no longer holds the coverage counted at load`);
}
