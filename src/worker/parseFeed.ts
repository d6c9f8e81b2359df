import { LcovParser } from '../core/formats/lcov/lcov';
import { type CoverageReport, ReportParseError } from '../core/model/model';
import type { StreamingParser } from '../core/formats/streamingParser';
import type { LcovSecondPart } from './lcovSecondPart';

/**
 * Gives a report's bytes, in order, to its parser. With a second part (a large LCOV report),
 * the bytes from the split on are left to the worker thread's parser, whose part is joined at
 * finish(); when it cannot be (a path in both parts, a failed thread, a file that changed
 * size), the bytes after the split are read again and parsed here, as if there had been no split.
 */
export class ParseFeed {
  /** Bytes at or past this offset are the second part's. */
  private parseEnd = Number.POSITIVE_INFINITY;
  private splitAsked = false;

  constructor(
    private readonly parser: StreamingParser,
    private readonly second?: { readonly part: LcovSecondPart; readonly from: number; readonly stallMs: number },
  ) {}

  /** Where the second part starts, once the thread has said (else +∞): bytes from here on are left to it. */
  get secondPartFrom(): number {
    return this.parseEnd;
  }

  /** The bytes at offset `at` of the report (the offsets of successive calls follow each other). */
  async push(chunk: Uint8Array, at: number): Promise<void> {
    const second = this.second;
    if (second !== undefined && !this.splitAsked && at + chunk.length > second.from) {
      this.splitAsked = true;
      this.parseEnd = (await second.part.splitWithin(second.stallMs)) ?? Number.POSITIVE_INFINITY;
    }
    if (at >= this.parseEnd) return;
    this.parser.push(at + chunk.length <= this.parseEnd ? chunk : chunk.subarray(0, this.parseEnd - at));
  }

  /**
   * The report, once every byte up to `total` was pushed; `readFrom(offset)` reads the report
   * again from `offset` to `total` when the second part cannot be joined.
   */
  async finish(total: number, readFrom: (offset: number) => AsyncIterable<Uint8Array>): Promise<{ report: CoverageReport; parts: 1 | 2 }> {
    const parser = this.parser;
    if (this.second === undefined || this.parseEnd === Number.POSITIVE_INFINITY || !(parser instanceof LcovParser)) return { report: parser.finish(), parts: 1 };
    const outcome = await this.second.part.result(this.second.stallMs);
    if (outcome.kind === 'parseError') throw new ReportParseError(outcome.line > 0 ? outcome.line + parser.linesRead : 0, outcome.reason);
    if (outcome.kind === 'part' && outcome.end === total && parser.canJoin(outcome.part)) return { report: parser.finishJoined(outcome.part), parts: 2 };
    for await (const chunk of readFrom(this.parseEnd)) parser.push(chunk);
    return { report: parser.finish(), parts: 1 };
  }
}
