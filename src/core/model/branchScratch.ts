import type { FileCoverageRecords } from './buildFile';
import type { FileCoverageBuilder } from './fileBuilder';

const NO_UINT32 = new Uint32Array(0);
const NO_FLOAT64 = new Float64Array(0);

/** A typed array twice as long, holding the same values. */
export function doubledUint32(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
}

export function doubledFloat64(array: Float64Array): Float64Array<ArrayBuffer> {
  const next = new Float64Array(array.length * 2);
  next.set(array);
  return next;
}

type BranchRecords = Pick<FileCoverageRecords, 'branchLines' | 'branchBlocks' | 'branchIds' | 'branchTaken' | 'branchLabels'>;

/**
 * One file's branch records in scratch arrays reused from file to file, as the parsers collect
 * them: labels are kept only once a labelled branch came (then one per branch).
 */
export class BranchScratch {
  private lines: Uint32Array;
  private blocks: Uint32Array;
  private ids: Uint32Array;
  private taken: Float64Array;
  private labels: string[] | undefined;
  private count = 0;

  constructor(capacity = 256) {
    this.lines = new Uint32Array(capacity);
    this.blocks = new Uint32Array(capacity);
    this.ids = new Uint32Array(capacity);
    this.taken = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(line: number, block: number, id: number, taken: number, label = ''): void {
    const i = this.count;
    if (i === this.lines.length) {
      this.lines = doubledUint32(this.lines);
      this.blocks = doubledUint32(this.blocks);
      this.ids = doubledUint32(this.ids);
      this.taken = doubledFloat64(this.taken);
    }
    this.lines[i] = line;
    this.blocks[i] = block;
    this.ids[i] = id;
    this.taken[i] = taken;
    if (label !== '' && this.labels === undefined) this.labels = new Array<string>(i).fill('');
    this.labels?.push(label);
    this.count = i + 1;
  }

  /** Views of the records so far (valid until the next push or clear), for buildFileCoverage. */
  records(): BranchRecords {
    const n = this.count;
    return {
      branchLines: n === 0 ? NO_UINT32 : this.lines.subarray(0, n),
      branchBlocks: n === 0 ? NO_UINT32 : this.blocks.subarray(0, n),
      branchIds: n === 0 ? NO_UINT32 : this.ids.subarray(0, n),
      branchTaken: n === 0 ? NO_FLOAT64 : this.taken.subarray(0, n),
      branchLabels: this.labels,
    };
  }

  /** records(), written into an existing object (no allocation). */
  recordsInto(into: { -readonly [K in keyof BranchRecords]: BranchRecords[K] }): void {
    const n = this.count;
    into.branchLines = n === 0 ? NO_UINT32 : this.lines.subarray(0, n);
    into.branchBlocks = n === 0 ? NO_UINT32 : this.blocks.subarray(0, n);
    into.branchIds = n === 0 ? NO_UINT32 : this.ids.subarray(0, n);
    into.branchTaken = n === 0 ? NO_FLOAT64 : this.taken.subarray(0, n);
    into.branchLabels = this.labels;
  }

  /** Appends the records so far to a builder (which copies them). */
  addTo(builder: FileCoverageBuilder): void {
    if (this.count === 0) return;
    const { branchLines, branchBlocks, branchIds, branchTaken, branchLabels } = this.records();
    if (branchLabels === undefined) builder.addBranches(branchLines, branchBlocks, branchIds, branchTaken);
    else builder.addBranches(branchLines, branchBlocks, branchIds, branchTaken, branchLabels);
  }

  clear(): void {
    this.count = 0;
    this.labels = undefined;
  }
}
