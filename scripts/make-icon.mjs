// Draws the extension's icon (media/icon.png, 128×128, as the Marketplace wants) from the SVG
// below, rendered by headless Chromium: a shield with gutter marks (covered, partial, uncovered).
// Run `node scripts/make-icon.mjs` after changing the drawing and commit the PNG.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { repoRoot } from './workspace.mjs';

const SIZE = 128;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="shield" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2b3a55"/>
      <stop offset="1" stop-color="#1b2436"/>
    </linearGradient>
  </defs>
  <path d="M64 6 L114 24 V62 C114 92 92 112 64 122 C36 112 14 92 14 62 V24 Z" fill="url(#shield)" stroke="#8fb3ff" stroke-width="4" stroke-linejoin="round"/>
  <g stroke-linecap="round" stroke-width="9">
    <line x1="40" y1="42" x2="40" y2="42" stroke="#2ea043"/>
    <line x1="54" y1="42" x2="90" y2="42" stroke="#c9d1d9"/>
    <line x1="40" y1="60" x2="40" y2="60" stroke="#2ea043"/>
    <line x1="54" y1="60" x2="82" y2="60" stroke="#c9d1d9"/>
    <line x1="40" y1="78" x2="40" y2="78" stroke="#d29922"/>
    <line x1="54" y1="78" x2="88" y2="78" stroke="#c9d1d9"/>
    <line x1="40" y1="96" x2="40" y2="96" stroke="#f85149"/>
    <line x1="54" y1="96" x2="74" y2="96" stroke="#c9d1d9"/>
  </g>
</svg>`;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${SVG}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  const target = join(repoRoot, 'media', 'icon.png');
  writeFileSync(target, png);
  console.log(`wrote ${target} (${png.length} bytes)`);
} finally {
  await browser.close();
}
