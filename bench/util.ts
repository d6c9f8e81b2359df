export const MiB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median MiB/s over `runs` samples. A sample repeats `fn` until at least `minMs` have passed,
 * so tiny inputs are not lost in timer noise. One unmeasured warm-up call comes first unless
 * `warmup` is false.
 */
export function throughput(fn: () => unknown, bytes: number, runs = 5, minMs = 100, warmup = true): number {
  if (warmup) fn();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    let calls = 0;
    const started = performance.now();
    let elapsed: number;
    do {
      fn();
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < minMs);
    samples.push((bytes * calls) / MiB / (elapsed / 1000));
  }
  return median(samples);
}

/** Median milliseconds of `runs` calls. */
export function medianMs(fn: () => unknown, runs = 5): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
