// What a user does in the workbench, for the Playwright UI tests: run a command from the
// Command Palette, open a file through Quick Open; each step waits for what it needs with a
// budget that holds on a cold VS Code on a loaded machine, and names what never came.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The budget of one step: seconds normally, but a cold VS Code on a loaded 2-core machine is slow. */
export const STEP_MS = 180_000;

/** Waits for `selector`, naming `what` if it never comes; says so when the wait was long. */
export async function step(page, what, selector, options = {}) {
  const started = Date.now();
  try {
    const found = await page.waitForSelector(selector, { state: 'visible', timeout: STEP_MS, ...options });
    const seconds = (Date.now() - started) / 1000;
    if (seconds > 5) console.log(`# waited ${seconds.toFixed(1)} s for ${what}`);
    return found;
  } catch (error) {
    throw new Error(`waiting for ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Presses Enter on the quick pick once the row we want is the focused one, not merely listed. */
export async function chooseFocused(page, what, ariaLabelStart) {
  await step(page, what, `.quick-input-list .monaco-list-row.focused[aria-label^="${ariaLabelStart}"]`);
  await page.keyboard.press('Enter');
}

/**
 * F1, the command's title, Enter; then, when given, the quick pick item to choose. Without a
 * choice it does not wait for the palette to close: a command may open its own quick pick in the
 * same widget at once (Show Report Summary), so the widget need never be hidden.
 */
export async function runCommand(page, title, choice) {
  await page.keyboard.press('F1');
  await step(page, 'the Command Palette', '.quick-input-widget input');
  await page.keyboard.type(title);
  await chooseFocused(page, title, title);
  if (choice !== undefined) {
    await step(page, `the choice ${choice}`, `.quick-input-list .monaco-list-row[aria-label^="${choice}"]`);
    await page.keyboard.type(choice);
    await chooseFocused(page, `the choice ${choice}`, choice);
    await step(page, 'the quick pick to close', '.quick-input-widget', { state: 'hidden' });
  }
}

/**
 * Ctrl+P, the file's path, Enter once `fileName` is the focused row (an early Enter on the
 * results of a half-typed query would open another file).
 */
export async function quickOpen(page, text, fileName = text.split('/').pop()) {
  await page.keyboard.press('Control+P');
  await step(page, 'Quick Open', '.quick-input-widget input');
  await page.keyboard.type(text);
  await chooseFocused(page, `${text} in Quick Open`, fileName);
  await step(page, 'Quick Open to close', '.quick-input-widget', { state: 'hidden' });
}

/** Polls the page until `read` returns what `expected` is, or the step budget runs out; returns the last reading. */
export async function readUntil(page, read, argument, expected) {
  const deadline = Date.now() + STEP_MS;
  let value;
  do {
    value = await page.evaluate(read, argument);
    if (JSON.stringify(value) === JSON.stringify(expected)) break;
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return value;
}

/** Coverage Sentinel's status bar item: shown once a report is loaded. */
export const STATUS_ITEM = '[id="coverage-sentinel.coverage-sentinel.coverageSentinel.status"]';

/** Runs `work`; if it throws, diagnoses the page under `name` (diagnose below) and throws again. */
export async function diagnosed(page, server, screenshots, name, work) {
  try {
    return await work();
  } catch (error) {
    await diagnose(page, server, screenshots, name);
    throw error;
  }
}

/** When the workbench did not get where a step waited for: a screenshot, and the extension host's logs. */
export async function diagnose(page, server, screenshots, name) {
  mkdirSync(screenshots, { recursive: true });
  const shot = join(screenshots, `failure-${name}.png`);
  await page?.screenshot({ path: shot }).catch(() => undefined);
  console.log(`# screenshot: ${shot}`);
  // What the Explorer shows, row by row (a file's coverage percentage is part of its row's text).
  const rows = await page?.evaluate(() => [...globalThis.document.querySelectorAll('.explorer-folders-view .monaco-list-row')].map((row) => row.textContent?.trim())).catch(() => undefined);
  if (rows !== undefined) console.log(`# Explorer rows: ${JSON.stringify(rows)}`);
  const withCoverage = await page?.evaluate(() => globalThis.document.querySelectorAll('.explorer-item-with-test-coverage').length).catch(() => undefined);
  if (withCoverage !== undefined) console.log(`# Explorer rows with VS Code's coverage bar: ${withCoverage}`);
  const logs = server === undefined ? [] : logFiles(join(server.home, 'user-data', 'logs'));
  for (const file of logs.filter((f) => /remoteexthost\.log$|Coverage Sentinel\.log$/.test(f))) {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    console.log(`# ${file}, last ${Math.min(lines.length, 40)} of ${lines.length} lines:`);
    for (const line of lines.slice(-40)) console.log(`#   ${line}`);
  }
}

function logFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? logFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
