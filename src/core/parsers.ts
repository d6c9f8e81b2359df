import { LcovParser } from './lcov';
import { type CoverageFormat, type CoverageReport, ReportParseError } from './model';

/** A streaming parser: bytes in, in any chunking; the model out. */
export interface StreamingParser {
  push(chunk: Uint8Array): void;
  finish(): CoverageReport;
}

const FORMAT_NAMES: Record<CoverageFormat, string> = {
  lcov: 'LCOV',
  cobertura: 'Cobertura XML',
  jacoco: 'JaCoCo XML',
  clover: 'Clover XML',
  istanbul: 'Istanbul JSON',
  go: 'Go coverprofile',
  coveragepy: 'coverage.py JSON',
  llvm: 'llvm-cov JSON',
  codecov: 'Codecov',
};

export function formatName(format: CoverageFormat): string {
  return FORMAT_NAMES[format];
}

export function createParser(format: CoverageFormat): StreamingParser {
  switch (format) {
    case 'lcov':
      return new LcovParser();
    default:
      throw new ReportParseError(0, `${formatName(format)} reports are not supported yet (LCOV is)`);
  }
}
