import type { CoverageFormat } from '../model/model';

/** The name a user reads for each format: logs, notifications, `inspect`. */
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
