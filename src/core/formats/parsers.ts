import { CloverParser } from './clover/clover';
import { CoberturaParser } from './cobertura/cobertura';
import { CoveragePyParser } from './coveragepy/coveragepy';
import { GoCoverParser } from './go/goCover';
import { IstanbulParser } from './istanbul/istanbul';
import { JacocoParser } from './jacoco/jacoco';
import { LcovParser } from './lcov/lcov';
import { LlvmCovParser } from './llvmCov/llvmCov';
import { CodecovReportParser } from './codecov/reportParser';
import type { CoverageFormat, CoverageReport } from '../model/model';

/** A streaming parser: bytes in, in any chunking; the model out. */
export interface StreamingParser {
  /** The caller may overwrite `chunk` after push returns: copy any bytes needed later. */
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
    case 'cobertura':
      return new CoberturaParser();
    case 'jacoco':
      return new JacocoParser();
    case 'clover':
      return new CloverParser();
    case 'istanbul':
      return new IstanbulParser();
    case 'go':
      return new GoCoverParser();
    case 'coveragepy':
      return new CoveragePyParser();
    case 'llvm':
      return new LlvmCovParser();
    case 'codecov':
      return new CodecovReportParser();
  }
}
