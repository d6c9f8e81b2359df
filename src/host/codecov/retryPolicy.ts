/** When to try a Codecov request again, and after how long. Pure: clock and randomness are passed in. */

/** Jittered exponential backoff before try `attempt + 1` (attempt ≥ 1): half fixed, half random. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * A `Retry-After` header in milliseconds from `now`: delta-seconds or an HTTP date. Undefined
 * when absent or unreadable; never negative.
 */
export function retryAfterMs(header: string | readonly string[] | undefined, now: number): number | undefined {
  const first: string | undefined = typeof header === 'string' ? header : header?.[0];
  const value = first?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Statuses worth another try: server errors and rate limits (401/403/404 never). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}
