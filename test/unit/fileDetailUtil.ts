import type { FileCoverageData } from '../../src/core/model/model';
import type { FileDetail } from '../../src/shared/protocol';

/** A built file as the worker hands it to the extension host (no checksums). */
export function toDetail(f: FileCoverageData): FileDetail {
  return {
    lines: f.lines,
    hits: f.hits,
    status: f.status,
    branchesTotal: f.branchesTotal,
    branchesCovered: f.branchesCovered,
    branchLines: f.branchDetail.lines,
    branchTaken: f.branchDetail.taken,
    branchLabels: f.branchDetail.labels,
    functionNames: f.functions.names,
    functionStartLines: f.functions.startLines,
    functionEndLines: f.functions.endLines,
    functionHits: f.functions.hits,
    testNames: [...f.tests.keys()],
    testLines: [...f.tests.values()],
    checksumLines: new Uint32Array(0),
    checksums: [],
  };
}
