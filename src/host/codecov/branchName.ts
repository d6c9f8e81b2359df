/** What git allows in a branch name, roughly: no spaces, control characters or `~^:?*[\`, at most 200 characters. */
export function isBranchName(value: string): boolean {
  if (value.length > 200 || value.startsWith('-')) return false;
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || '~^:?*[\\'.includes(char)) return false;
  }
  return true;
}
