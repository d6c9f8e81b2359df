import { BranchScratch, doubledFloat64, doubledUint32 } from '../../model/branchScratch';
import type { FileCoverageBuilder } from '../../model/fileBuilder';

/**
 * Reused scratch arrays for one file's line and branch records, handed to the file's builder
 * in bulk (one exact-size append instead of growing its arrays record by record).
 */
export class RecordBuffer {
  private target: FileCoverageBuilder | undefined;
  private lines = new Uint32Array(64);
  private hits = new Float64Array(64);
  private lineCount = 0;
  private readonly branches = new BranchScratch(16);

  /** Sends what was collected to its builder; following records go to `builder`. */
  use(builder: FileCoverageBuilder | undefined): void {
    if (builder !== this.target) this.flush();
    this.target = builder;
  }

  line(line: number, hits: number): void {
    const i = this.lineCount;
    if (i === this.lines.length) {
      this.lines = doubledUint32(this.lines);
      this.hits = doubledFloat64(this.hits);
    }
    this.lines[i] = line;
    this.hits[i] = hits;
    this.lineCount = i + 1;
  }

  branch(line: number, block: number, id: number, taken: number, label = ''): void {
    this.branches.push(line, block, id, taken, label);
  }


  flush(): void {
    const builder = this.target;
    if (builder === undefined) return;
    if (this.lineCount > 0) builder.addLines(this.lines.subarray(0, this.lineCount), this.hits.subarray(0, this.lineCount));
    this.branches.addTo(builder);
    this.lineCount = 0;
    this.branches.clear();
  }
}
