// What a user sees with Codecov on: a repository with no local report, its coverage served by
// the Codecov simulator over HTTPS (a test CA the extension host trusts through
// NODE_EXTRA_CA_CERTS), the file opened through Quick Open; the gutter marks are read back from
// the DOM line by line, the status bar names the commit, and the view is kept as a screenshot
// (docs/images/codecov-marks.png with UPDATE_SCREENSHOTS=1, used in the README).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '../../scripts/browser.mjs';
import { remoteUri, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { diagnosed, quickOpen, readUntil, step, STEP_MS, STATUS_ITEM } from '../../scripts/workbench-ui.mjs';
import { repoRoot } from '../../scripts/workspace.mjs';

const { CodecovSimulator } = await import(join(repoRoot, 'out', 'test', 'support', 'codecovSimulator.js'));
const { createTestAuthority } = await import(join(repoRoot, 'out', 'test', 'support', 'testCertificates.js'));

/** What Codecov says of the example's cart.js (the lines of its c8 report: 0 hit, 1 miss, 2 partial). */
const EXPECTED_CART = {
  covered: [1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 29, 30],
  partial: [4, 18],
  uncovered: [5, 6, 21, 22, 23, 24, 25, 26, 27, 28],
};
const CODECOV_LINES = [
  ...EXPECTED_CART.covered.map((line) => [line, 0]),
  ...EXPECTED_CART.partial.map((line) => [line, 2]),
  ...EXPECTED_CART.uncovered.map((line) => [line, 1]),
].sort((a, b) => a[0] - b[0]);
const screenshots = join(repoRoot, 'out', 'screenshots');
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';

function git(cwd, ...args) {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** Runs in the page: every gutter mark of our decorations by the line it sits on. */
function readGutterMarks() {
  const marks = { covered: [], partial: [], uncovered: [] };
  const lineNumbers = document.querySelector('.editor-instance .margin-view-overlays .line-numbers');
  if (lineNumbers === null) return marks;
  const lineHeight = Number.parseFloat(getComputedStyle(lineNumbers).lineHeight);
  for (const element of document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr')) {
    const kind = /media\/(covered|partial|uncovered)-(?:light|dark)\.svg/.exec(decodeURIComponent(getComputedStyle(element).backgroundImage))?.[1];
    if (kind !== undefined) marks[kind].push(Math.round(Number.parseFloat(element.style.top) / lineHeight) + 1);
  }
  for (const kind of Object.keys(marks)) marks[kind].sort((a, b) => a - b);
  return marks;
}

describe('Codecov marks in the editor', () => {
  let root;
  let simulator;
  let server;
  let browser;
  let page;
  let head;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'coverage-sentinel-codecov-ui-'));
    const authority = createTestAuthority(join(root, 'ca'), 'ui');
    const repo = join(root, 'shop');
    mkdirSync(join(repo, 'src'), { recursive: true });
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'example', 'src', 'cart.js'), join(repo, 'src', 'cart.js'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'cart');
    head = git(repo, 'rev-parse', 'HEAD');
    simulator = await CodecovSimulator.start({
      tls: authority.issue(['localhost']),
      tokens: [],
      repos: [{ service: 'github', owner: 'acme', repo: 'shop', private: false, branch: 'main', commits: [{ sha: head, branch: 'main', files: [{ name: 'src/cart.js', lines: CODECOV_LINES }] }] }],
    });
    // The extension host (a child of code-server) trusts the test CA as a user trusts a private one.
    process.env.NODE_EXTRA_CA_CERTS = authority.certPath;
    server = await startCodeServer({
      workspace: repo,
      userSettings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.minimap.enabled': false,
        'coverageSentinel.codecov.enabled': true,
        'coverageSentinel.codecov.url': simulator.origin(),
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(STEP_MS);
    await diagnosed(page, server, screenshots, 'codecov', async () => {
      await page.goto(workbenchUrl(server.origin, { folder: repo, payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]] }));
      await step(page, 'the workbench', '.monaco-workbench .explorer-folders-view');
      await step(page, 'the status bar item naming the Codecov commit', `${STATUS_ITEM}:has-text("Codecov · ${head.slice(0, 7)}")`);
      await quickOpen(page, 'src/cart.js');
      await page.waitForFunction(() => document.querySelectorAll('.editor-instance .glyph-margin-widgets .cgmr').length >= 30, null, { timeout: STEP_MS });
    });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    await simulator?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('Codecov’s lines carry their marks, the status bar names the commit, no token is sent', async () => {
    assert.deepEqual(await readUntil(page, readGutterMarks, undefined, EXPECTED_CART), EXPECTED_CART);
    const status = await page.locator(STATUS_ITEM).innerText();
    assert.match(status, new RegExp(`Codecov · ${head.slice(0, 7)}$`));
    // VS Code's own coverage (the Codecov run) in the Explorer too.
    await diagnosed(page, server, screenshots, 'codecov-explorer', async () => {
      await step(page, 'the Explorer row of cart.js with a percentage', '.explorer-folders-view .monaco-list-row:has-text("cart.js"):has-text("%")');
    });
    const asked = simulator.requests.filter((r) => r.url.includes('/report/'));
    assert.ok(asked.length > 0, 'the report was fetched');
    assert.equal(simulator.requests.some((r) => r.headers.authorization !== undefined), false, 'a public repository: no token');
    mkdirSync(screenshots, { recursive: true });
    const shot = join(screenshots, 'codecov-marks.png');
    await page.screenshot({ path: shot });
    if (updateDocs) copyFileSync(shot, join(repoRoot, 'docs', 'images', 'codecov-marks.png'));
  });
});
