/** The next (direction 1) or previous (-1) of sorted lines after `from`, wrapping round; undefined when there are none. */
export function nextLine(lines: readonly number[], from: number, direction: 1 | -1): number | undefined {
  if (lines.length === 0) return undefined;
  if (direction === 1) return lines.find((line) => line > from) ?? lines[0];
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] as number) < from) return lines[i];
  return lines[lines.length - 1];
}
