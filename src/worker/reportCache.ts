import type { CoverageReport } from '../core/model/model';

export interface CachedReport {
  readonly reportId: string;
  readonly source: string;
  readonly contentHash: string;
  readonly report: CoverageReport;
}

/**
 * Parsed reports keyed by source and content hash. One entry per source: loading a new
 * version of a source replaces the old one.
 */
export class ReportCache {
  private readonly byId = new Map<string, CachedReport>();
  private readonly idBySource = new Map<string, string>();

  static idFor(source: string, contentHash: string): string {
    return `${source}#${contentHash.slice(0, 16)}`;
  }

  get(reportId: string): CachedReport | undefined {
    return this.byId.get(reportId);
  }

  /** The report already parsed from this exact content of this source, if any. */
  find(source: string, contentHash: string): CachedReport | undefined {
    return this.byId.get(ReportCache.idFor(source, contentHash));
  }

  put(source: string, contentHash: string, report: CoverageReport): CachedReport {
    const previous = this.idBySource.get(source);
    if (previous !== undefined) this.byId.delete(previous);
    const entry: CachedReport = { reportId: ReportCache.idFor(source, contentHash), source, contentHash, report };
    this.byId.set(entry.reportId, entry);
    this.idBySource.set(source, entry.reportId);
    return entry;
  }

  drop(reportId: string): boolean {
    const entry = this.byId.get(reportId);
    if (entry === undefined) return false;
    this.byId.delete(reportId);
    if (this.idBySource.get(entry.source) === reportId) this.idBySource.delete(entry.source);
    return true;
  }

  get size(): number {
    return this.byId.size;
  }
}
