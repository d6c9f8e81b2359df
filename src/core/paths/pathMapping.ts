/**
 * Prefix maps for report paths written on other machines (CI runners, containers, WSL,
 * Windows): `{"/home/runner/work/app/app": "${workspaceFolder}"}`. Paths are compared in a
 * portable form: backslashes become slashes, and a Windows drive letter compares case-blind.
 */

export interface PathMapping {
  readonly from: string;
  readonly to: string;
}

export const WORKSPACE_FOLDER_VARIABLE = '${workspaceFolder}';

/** Backslashes to slashes; a drive letter upper-cased; repeated slashes collapsed (not a leading `//`). */
export function toPortablePath(raw: string): string {
  let path = raw.replace(/\\/g, '/');
  if (/^[a-zA-Z]:\//.test(path)) path = path[0]!.toUpperCase() + path.slice(1);
  const lead = path.startsWith('//') ? '//' : '';
  return lead + path.slice(lead.length).replace(/\/{2,}/g, '/');
}

/** Reads the setting's value (an object of prefix → replacement); ignores anything else. */
export function parsePathMappings(value: unknown): PathMapping[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const mappings: PathMapping[] = [];
  for (const from of Object.keys(value)) {
    const to = (value as Record<string, unknown>)[from];
    if (typeof to === 'string' && from.length > 0) mappings.push({ from: toPortablePath(from), to });
  }
  // The longest prefix wins.
  return mappings.sort((a, b) => b.from.length - a.from.length);
}

/**
 * The report path rewritten by the first (longest) mapping whose prefix matches on a segment
 * boundary, with `${workspaceFolder}` replaced; undefined when none matches.
 */
export function applyPathMappings(
  reportEntry: string,
  mappings: readonly PathMapping[],
  workspaceFolder: string,
  caseInsensitive: boolean,
): string | undefined {
  const entry = toPortablePath(reportEntry);
  for (const { from, to } of mappings) {
    const prefix = from.endsWith('/') ? from.slice(0, -1) : from;
    const head = entry.slice(0, prefix.length);
    const same = caseInsensitive || /^[A-Z]:/.test(prefix) ? head.toLowerCase() === prefix.toLowerCase() : head === prefix;
    if (!same) continue;
    const rest = entry.slice(prefix.length);
    if (rest !== '' && !rest.startsWith('/')) continue;
    const target = to.split(WORKSPACE_FOLDER_VARIABLE).join(workspaceFolder);
    return (target.endsWith('/') ? target.slice(0, -1) : target) + rest;
  }
  return undefined;
}
