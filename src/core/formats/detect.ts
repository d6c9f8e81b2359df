import { type CoverageFormat, ReportParseError } from '../model/model';

/** A file found under a report name whose content is no coverage format we know (a `coverage.txt` of prose). */
export class UnknownFormatError extends ReportParseError {
  constructor() {
    super(1, 'not a coverage report in any known format');
    this.name = 'UnknownFormatError';
  }
}

/**
 * Detects a report's format from its first bytes (not its name). Returns undefined for
 * content that looks like no coverage format we know.
 */
export function detectFormat(head: Uint8Array): CoverageFormat | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('mode:')) return 'go';
  if (trimmed.startsWith('<')) {
    if (trimmed.includes('<coverage') && (trimmed.includes('<packages') || trimmed.includes('line-rate') || trimmed.includes('<sources'))) return 'cobertura';
    if (trimmed.includes('<report') && trimmed.includes('jacoco')) return 'jacoco';
    if (trimmed.includes('<coverage') && trimmed.includes('<project')) return 'clover';
    if (trimmed.includes('<report')) return 'jacoco';
    return undefined;
  }
  if (trimmed.startsWith('{')) {
    if (trimmed.includes('"llvm.coverage.json.export"') || LLVM_EXPORT_START.test(trimmed)) return 'llvm';
    if (trimmed.includes('"meta"') && trimmed.includes('"files"')) return 'coveragepy';
    if (trimmed.includes('"statementMap"') || trimmed.includes('"fnMap"')) return 'istanbul';
    return undefined;
  }
  if (looksLikeLcov(trimmed)) return 'lcov';
  return undefined;
}

/**
 * How llvm-cov starts an export: it writes an object's keys sorted, so `"type"` comes after all
 * of `"data"`, out of the first bytes of any export larger than a toy's.
 */
const LLVM_EXPORT_START = /^\{\s*"data"\s*:\s*\[\s*\{\s*"files"\s*:\s*\[/;

/**
 * A report of lines (LCOV, Go) whose first bytes end lines with CR alone (classic Mac OS): its
 * parsers split at LF, so it would read as one line of nonsense. The error says what to do.
 */
export function crOnlyLinesError(format: CoverageFormat, head: Uint8Array): ReportParseError | undefined {
  if (format !== 'lcov' && format !== 'go') return undefined;
  const sample = head.subarray(0, 4096);
  if (sample.includes(0x0a)) return undefined;
  const cr = sample.indexOf(0x0d);
  if (cr < 0 || cr + 1 >= sample.length) return undefined;
  return new ReportParseError(1, 'lines end with CR alone (classic Mac OS line endings), which no coverage tool writes: save the report with LF or CRLF line endings');
}

const LCOV_KEYS = ['TN:', 'SF:', 'VER:', 'FN:', 'FNDA:', 'DA:', 'BRDA:', 'LF:', 'LH:', 'end_of_record'];

function looksLikeLcov(text: string): boolean {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')).trim();
  return LCOV_KEYS.some((key) => firstLine.startsWith(key));
}
