// What a user does in the workbench, for the Playwright UI tests: run a command from the
// Command Palette, open a file through Quick Open.

/** F1, the command's title, Enter; then, when given, the quick pick item to choose. */
export async function runCommand(page, title, choice) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { state: 'visible' });
  await page.keyboard.press('Enter');
  if (choice !== undefined) {
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${choice}"]`, { state: 'visible' });
    await page.keyboard.type(choice);
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
  }
}

/** Ctrl+P, part of the file's name, Enter. */
export async function quickOpen(page, text) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(text);
  await page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden' });
}
