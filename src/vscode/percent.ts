/** `83.1%`: rounded down to one decimal, so 100% means every line. */
export function formatPercent(hit: number, total: number): string {
  if (total === 0) return '—';
  return `${(Math.floor((hit / total) * 1000) / 10).toFixed(1)}%`;
}

/** `83.1% · 412/496` */
export function formatLineCoverage(hit: number, total: number): string {
  return `${formatPercent(hit, total)} · ${hit}/${total}`;
}
