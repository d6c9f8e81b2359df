import type { FileCoverageBuilder } from '../fileBuilder';

/**
 * Reused scratch arrays for one file's line and branch records, handed to the file's builder
 * in bulk (one exact-size append instead of growing its arrays record by record).
 */
export class RecordBuffer {
  private target: FileCoverageBuilder | undefined;
  private lines = new Uint32Array(64);
  private hits = new Float64Array(64);
  private lineCount = 0;
  private branchLines = new Uint32Array(16);
  private branchBlocks = new Uint32Array(16);
  private branchIds = new Uint32Array(16);
  private branchTaken = new Float64Array(16);
  /** Only once a labelled branch came; then one entry per branch. */
  private branchLabels: string[] | undefined;
  private branchCount = 0;

  /** Sends what was collected to its builder; following records go to `builder`. */
  use(builder: FileCoverageBuilder | undefined): void {
    if (builder !== this.target) this.flush();
    this.target = builder;
  }

  line(line: number, hits: number): void {
    const i = this.lineCount;
    if (i === this.lines.length) {
      this.lines = grownUint32(this.lines);
      this.hits = grownFloat64(this.hits);
    }
    this.lines[i] = line;
    this.hits[i] = hits;
    this.lineCount = i + 1;
  }

  branch(line: number, block: number, id: number, taken: number, label = ''): void {
    const i = this.branchCount;
    if (i === this.branchLines.length) {
      this.branchLines = grownUint32(this.branchLines);
      this.branchBlocks = grownUint32(this.branchBlocks);
      this.branchIds = grownUint32(this.branchIds);
      this.branchTaken = grownFloat64(this.branchTaken);
    }
    this.branchLines[i] = line;
    this.branchBlocks[i] = block;
    this.branchIds[i] = id;
    this.branchTaken[i] = taken;
    if (label !== '' && this.branchLabels === undefined) this.branchLabels = new Array<string>(i).fill('');
    this.branchLabels?.push(label);
    this.branchCount = i + 1;
  }

  flush(): void {
    const builder = this.target;
    if (builder === undefined) return;
    if (this.lineCount > 0) builder.addLines(this.lines.subarray(0, this.lineCount), this.hits.subarray(0, this.lineCount));
    const n = this.branchCount;
    if (n > 0) {
      const lines = this.branchLines.subarray(0, n);
      const blocks = this.branchBlocks.subarray(0, n);
      const ids = this.branchIds.subarray(0, n);
      const taken = this.branchTaken.subarray(0, n);
      if (this.branchLabels === undefined) builder.addBranches(lines, blocks, ids, taken);
      else builder.addBranches(lines, blocks, ids, taken, this.branchLabels);
    }
    this.lineCount = 0;
    this.branchCount = 0;
    this.branchLabels = undefined;
  }
}

function grownUint32(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
}

function grownFloat64(array: Float64Array): Float64Array<ArrayBuffer> {
  const next = new Float64Array(array.length * 2);
  next.set(array);
  return next;
}
