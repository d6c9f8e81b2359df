import { openSync, readSync, closeSync } from 'node:fs';
import type { CoverageFormat } from '../../src/core/model/model';
import { ReportParseError } from '../../src/core/model/model';
import { createParser } from '../../src/core/formats/parsers';

/**
 * Child process of isolatedParse: `node isolatedParseChild.js FORMAT FILE` parses FILE as the
 * worker does (1 MiB chunks into one reused buffer) and prints one JSON line with the outcome.
 * A fatal V8 error or an out-of-memory ends this process, never the test run.
 */
function main(): void {
  const [format, file] = process.argv.slice(2) as [CoverageFormat, string];
  const parser = createParser(format);
  const buffer = new Uint8Array(1024 * 1024);
  const fd = openSync(file, 'r');
  let outcome: unknown;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      parser.push(buffer.subarray(0, read));
    }
    const report = parser.finish();
    outcome = { kind: 'report', totals: report.totals, warnings: report.warnings };
  } catch (error) {
    outcome =
      error instanceof ReportParseError
        ? { kind: 'parseError', line: error.line, reason: error.reason }
        : { kind: 'otherError', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    closeSync(fd);
  }
  process.stdout.write(`${JSON.stringify({ ...(outcome as object), maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main();
