/**
 * Text from a report (file keys, function and test names, branch labels, parse errors that echo
 * the input, report file names) made inert for each place VS Code shows text. Each function
 * undoes exactly what that place parses (VS Code 1.139):
 * - notifications: `[label](command:…|https://…|file:…)` links and `$(icon)` codicons
 *   (`parseLinkedText` in base/common/linkedText.ts, `renderLabelWithIcons` for the rest);
 * - quick pick labels, descriptions and details, test item labels: `$(icon)` codicons;
 * - markdown (hovers, tooltips): every CommonMark construct, GFM autolinks (`https://…`, `www.…`,
 *   e-mail addresses) included, which VS Code keeps clickable even in untrusted markdown;
 * - the log: `http://`, `https://` and `file://` links that the output view's link detector
 *   makes clickable.
 * Everywhere, control and bidirectional-override characters become visible escapes, so a name
 * cannot forge a second log line or reorder what is shown.
 */

/** The longest piece of report text shown in one place; the log keeps more. */
export const MAX_SHOWN_CHARS = 200;
export const MAX_LOGGED_CHARS = 2000;

// C0 and C1 controls, DEL, line/paragraph separators, bidi marks, embeddings, overrides and
// isolates, zero-width characters and the byte-order mark.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
// The same without C0, which JSON.stringify escapes itself (C1 controls such as U+009B, a
// terminal's CSI, and the rest it writes as they are).
const INVISIBLE_ABOVE_C0 = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control and invisible characters as visible escapes (`\n`, `\u{202e}`), cut to `maxChars` code points first. */
export function printable(text: string, maxChars = MAX_SHOWN_CHARS): string {
  return truncate(text, maxChars).replace(INVISIBLE, (char) => NAMED_ESCAPES[char] ?? `\\u{${(char.codePointAt(0) as number).toString(16)}}`);
}

/** Lines for a terminal (the command-line tools' output): each line as `printable` makes it, nothing cut, the newlines kept. */
export function terminalText(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line, Number.POSITIVE_INFINITY))
    .join('\n');
}

/** JSON for a terminal (the command-line tools' `--json`): the same value once parsed, every character `printable` escapes written as a `\uXXXX` escape. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(INVISIBLE_ABOVE_C0, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `maxChars` code points (never half a surrogate pair); a cut string ends with `…`. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Two UTF-16 units per code point at most: the first maxChars - 1 points lie inside this slice.
  const points = Array.from(text.slice(0, maxChars * 2));
  return points.length <= maxChars && text.length <= maxChars * 2 ? text : `${points.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}

// VS Code's codicon syntax (base/common/iconLabels.ts): `$(name)` or `$(name~modifier)`.
const CODICON = /\$\((?=[A-Za-z0-9-]+(?:~[A-Za-z]+)?\))/g;

/** Text for a label that renders `$(icon)`: quick pick label, description, detail; test item label. */
export function inertLabel(text: string, maxChars = MAX_SHOWN_CHARS): string {
  return printable(text, maxChars).replace(CODICON, '\\$(');
}

/**
 * A whole notification message (our words and report text alike). A link needs `](` followed by a
 * scheme; no `](` survives, and codicons are escaped. Newlines would become spaces anyway.
 */
export function inertNotification(message: string): string {
  return inertLabel(message, 1000).replaceAll('](', '] (');
}

/** A log line: one line, and no `scheme://` for the output view to turn into a link. */
export function inertLogLine(text: string): string {
  return printable(text, MAX_LOGGED_CHARS).replace(/:\/\//g, '[:]//');
}

// Every ASCII punctuation character can be backslash-escaped in CommonMark (and in marked, which
// VS Code renders with); escaping all of them leaves no emphasis, link, image, HTML, entity,
// autolink (`https\:`, `www\.`, `a\@b`), table, heading or list syntax.
const MARKDOWN_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Report text as literal markdown. */
export function markdownText(text: string, maxChars = MAX_SHOWN_CHARS): string {
  return printable(text, maxChars).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/**
 * Report text as an inline code span: fenced by more backticks than the longest run inside, and
 * padded with spaces when it starts or ends with a backtick, so no name can close the span early.
 */
export function markdownCode(text: string, maxChars = 80): string {
  const content = printable(text, maxChars);
  if (content.trim() === '') return markdownText(content);
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}
