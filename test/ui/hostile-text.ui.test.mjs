// Report text as VS Code renders it (SECURITY.md, "command link in a notification", "injection"):
// a workspace holds reports whose file keys, file names, function, branch and test names are
// markdown links, `command:` URIs and codicons. The notifications, the hover and the Report
// Summary are read back from the DOM of a real VS Code: no link, no icon from a report.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { diagnosed, quickOpen, runCommand, step, STEP_MS } from '../../scripts/workbench-ui.mjs';
import { prepareExampleWorkspace, repoRoot } from '../../scripts/workspace.mjs';

const SEND_SEQUENCE = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20PWNED%5Cn%22%7D';
const KEY_LINK = `[Coverage paths look wrong - click to fix](${SEND_SEQUENCE})`;
const FILE_NAME_LINK = `[Fix coverage paths](${SEND_SEQUENCE}).lcov`;
const SOURCE_NAME = '$(alert) [open](command:workbench.action.quit).js';
const FUNCTION_NAME = 'a`b`` [x](command:workbench.action.quit) $(alert)';
const BRANCH_LABEL = '[y](https://evil.example/) `z`';
const TEST_NAME = '$(alert) [t](command:workbench.action.quit)';
const screenshots = join(repoRoot, 'out', 'screenshots');

/** Writes the hostile reports and the source file they cover into the example folder. */
function plantHostileReports(folder) {
  const coverage = join(folder, 'coverage');
  // An Istanbul file whose first key is a command link: a warning quotes the key.
  const cart = {
    path: 'src/cart.js',
    statementMap: { 0: { start: { line: 1, column: 0 }, end: { line: 1, column: 10 } } },
    fnMap: {},
    branchMap: {},
    s: { 0: 1 },
    f: {},
    b: {},
  };
  writeFileSync(join(coverage, 'coverage-final.json'), JSON.stringify({ [KEY_LINK]: 1, 'src/cart.js': cart }));
  // A report whose file name is a command link and whose content is broken: a failure names it.
  writeFileSync(join(coverage, FILE_NAME_LINK), 'SF:src/cart.js\nDA:1,1\nthis is not lcov\n');
  // A source file and a report with hostile names: the hover and the summary show them.
  mkdirSync(join(folder, 'src'), { recursive: true });
  writeFileSync(join(folder, 'src', SOURCE_NAME), 'function f(a) {\n  return a ? 1 : 2;\n}\n');
  writeFileSync(
    join(coverage, 'names.lcov'),
    [`TN:${TEST_NAME}`, `SF:../src/${SOURCE_NAME}`, `FN:1,3,${FUNCTION_NAME}`, `FNDA:1,${FUNCTION_NAME}`, 'DA:1,1', 'DA:2,1', `BRDA:2,0,${BRANCH_LABEL},0`, 'end_of_record', ''].join('\n'),
  );
}

/** Runs in the page: each notification's text and the links inside it. */
function readNotifications() {
  return [...document.querySelectorAll('.notification-list-item-message')].map((element) => ({
    text: element.textContent ?? '',
    links: [...element.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
  }));
}

describe('report text is inert where VS Code renders it', () => {
  let workspace;
  let server;
  let browser;
  let page;

  before(async () => {
    workspace = prepareExampleWorkspace();
    const folder = join(workspace.root, 'example');
    plantHostileReports(folder);
    server = await startCodeServer({ workspace: folder, userSettings: { 'editor.minimap.enabled': false } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_MS);
    await diagnosed(page, server, screenshots, 'hostile-text', async () => {
      await page.goto(workbenchUrl(server.origin, { folder, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
      await step(page, 'the workbench', '.monaco-workbench .explorer-folders-view');
    });
  });

  after(async () => {
    if (page !== undefined) {
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'hostile-text.png') }).catch(() => {});
    }
    await browser?.close();
    server?.stop();
    if (workspace) rmSync(workspace.root, { recursive: true, force: true });
  });

  test('the warnings quoting a hostile key and a hostile file name contain no link', async () => {
    // The Notifications Center lists every notification, also those whose toast has gone.
    let notifications = [];
    const ours = (list) => list.filter((n) => n.text.includes('click to fix') || n.text.includes('Fix coverage paths'));
    // A hang guard only: the reports load within seconds, slower on a busy machine.
    const deadline = Date.now() + STEP_MS;
    while (ours(notifications).length < 2 && Date.now() < deadline) {
      await page.waitForTimeout(2000);
      // The bell in the status bar opens it.
      if (!(await page.locator('.notifications-center.visible').isVisible())) await page.locator('[id="status.notifications"]').click();
      notifications = await page.evaluate(readNotifications);
    }
    const hostile = ours(notifications);
    const center = await page.locator('.notifications-center.visible').isVisible();
    assert.equal(hostile.length, 2, `a warning about each hostile report (center open: ${center}): ${JSON.stringify(notifications)}`);
    for (const notification of notifications) assert.deepEqual(notification.links, [], `no link in "${notification.text}"`);
    assert.ok(
      hostile.some((n) => n.text.includes('[Coverage paths look wrong - click to fix] (command:workbench.action.terminal.sendSequence')),
      'the key is shown as text',
    );
    await page.keyboard.press('Escape');
  });

  test('the hover shows hostile names as text and code, with no link or icon', async () => {
    await quickOpen(page, 'workbench.action.quit', SOURCE_NAME);
    await page.waitForFunction(() => document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr').length >= 2, null, { timeout: STEP_MS });
    await page.keyboard.press('Control+G');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover .rendered-markdown', { hasText: 'Coverage' }).first();
    await hover.waitFor({ state: 'visible', timeout: STEP_MS });
    const rendered = await hover.evaluate((element) => ({
      text: element.textContent ?? '',
      links: element.querySelectorAll('a').length,
      icons: element.querySelectorAll('.codicon').length,
      code: [...element.querySelectorAll('code')].map((code) => code.textContent),
    }));
    assert.equal(rendered.links, 0, `no link in the hover: ${rendered.text}`);
    assert.equal(rendered.icons, 0, `no icon in the hover: ${rendered.text}`);
    assert.ok(rendered.code.includes(FUNCTION_NAME), `the function name whole in one code span: ${JSON.stringify(rendered.code)}`);
    assert.ok(rendered.code.includes(BRANCH_LABEL), `the branch label whole in one code span: ${JSON.stringify(rendered.code)}`);
    assert.ok(rendered.code.includes(TEST_NAME), `the test name whole in one code span: ${JSON.stringify(rendered.code)}`);
    assert.ok(rendered.text.includes('coverage/names.lcov'), `the report named: ${rendered.text}`);
    await page.keyboard.press('Escape');
  });

  test('the Report Summary shows a hostile file name as text, with no icon from it', async () => {
    await runCommand(page, 'Coverage: Show Report Summary');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'workbench.action.quit' }).first();
    await row.waitFor({ state: 'visible', timeout: STEP_MS });
    const rendered = await row.evaluate((element) => ({
      text: element.textContent ?? '',
      icons: [...element.querySelectorAll('.codicon')].map((icon) => [...icon.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier')),
    }));
    assert.ok(rendered.text.includes(SOURCE_NAME), `the name as written: ${rendered.text}`);
    assert.ok(!rendered.icons.includes('codicon-alert'), `no icon from the name: ${JSON.stringify(rendered.icons)}`);
    await page.keyboard.press('Escape');
  });
});
