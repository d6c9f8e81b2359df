import { CloverParser } from './clover/clover';
import { CoberturaParser } from './cobertura/cobertura';
import { CoveragePyParser } from './coveragepy/coveragepy';
import { GoCoverParser } from './go/goCover';
import { IstanbulParser } from './istanbul/istanbul';
import { JacocoParser } from './jacoco/jacoco';
import { LcovParser } from './lcov/lcov';
import { LlvmCovParser } from './llvmCov/llvmCov';
import { CodecovReportParser } from './codecov/reportParser';
import type { CoverageFormat } from '../model/model';
import type { StreamingParser } from './streamingParser';

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
