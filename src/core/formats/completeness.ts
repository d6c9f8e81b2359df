import type { CoverageFormat } from '../model/model';

/**
 * Whether the last bytes of a report look like the end of a whole report. A report that a test
 * run is still writing ends mid-way; the watcher retries such a report before showing it.
 * Formats that cannot parse when cut short (XML, JSON) always answer true: their parse fails.
 */
export function looksComplete(format: CoverageFormat, tail: Uint8Array): boolean {
  if (format !== 'lcov') return true;
  const text = new TextDecoder().decode(tail).trimEnd();
  return text.length === 0 || text.endsWith('end_of_record');
}
