import type { FileCoverageRecords } from '../../model/buildFile';
import { GrowableFloat64, GrowableUint32 } from '../../model/growable';
import { UNKNOWN_HITS } from '../../model/model';

/**
 * The label of the one branch a Codecov `partial` line gets. Codecov's API says only that some
 * branches of the line were missed, not how many: the model marks such a line hit (hits
 * unknown) with one branch not taken, which makes it partial; the branch is this placeholder.
 */
export const CODECOV_PARTIAL_LABEL = 'some branches not taken (Codecov gives no branch detail)';

const NO_UINT32 = new Uint32Array(0);
const NO_FLOAT64 = new Float64Array(0);

/** The lines of the Codecov file being read, in arrays reused from file to file. */
export class CodecovFileLines {
  private readonly lines = new GrowableUint32(1024);
  private readonly hits = new GrowableFloat64(1024);
  private readonly partialLines = new GrowableUint32(64);
  /** Block and branch ids (all 0) and taken counts (all 0) of partial lines' placeholder branches. */
  private zeros = new Uint32Array(64);
  private notTaken = new Float64Array(64);

  clear(): void {
    this.lines.length = 0;
    this.hits.length = 0;
    this.partialLines.length = 0;
  }

  /** A hit line (hits unknown); `partial`: some of its branches were not taken. */
  hit(line: number, partial: boolean): void {
    this.lines.push(line);
    this.hits.push(UNKNOWN_HITS);
    if (partial) this.partialLines.push(line);
  }

  miss(line: number): void {
    this.lines.push(line);
    this.hits.push(0);
  }

  /** The file's records as views of the reused arrays (buildFileCoverage copies them). */
  records(): FileCoverageRecords {
    const partial = this.partialLines.view();
    const p = partial.length;
    if (this.zeros.length < p) {
      this.zeros = new Uint32Array(Math.max(p, this.zeros.length * 2));
      this.notTaken = new Float64Array(this.zeros.length);
    }
    return {
      lines: this.lines.view(),
      hits: this.hits.view(),
      branchLines: partial,
      branchBlocks: this.zeros.subarray(0, p),
      branchIds: this.zeros.subarray(0, p),
      branchTaken: this.notTaken.subarray(0, p),
      branchLabels: p === 0 ? undefined : new Array<string>(p).fill(CODECOV_PARTIAL_LABEL),
      functionNames: [],
      functionStarts: NO_UINT32,
      functionEnds: NO_UINT32,
      functionHits: NO_FLOAT64,
      tests: undefined,
    };
  }
}
