import * as assert from 'node:assert/strict';
import { FileCoverageBuilder } from '../../src/core/model/fileBuilder';
import { NEVER_EVALUATED } from '../../src/core/model/model';
import { lineHoverMarkdown, listWithMore } from '../../src/host/lineHover';
import { toDetail } from './fileDetailUtil';

const FROM = [{ path: 'coverage/lcov.info', loadedAt: '12:00:00' }];

/** What a reader sees: code spans as `‹code›`, escapes removed. */
function shown(markdown: string): string {
  return markdown
    .replace(/(`+) ?([\s\S]*?[^`]) ?\1(?!`)/g, '‹$2›')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('the coverage hover’s markdown', () => {
  it('names the function as code, with parentheses', () => {
    const b = new FileCoverageBuilder('cart.js');
    b.addLine(16, 1);
    b.addLine(17, 1);
    b.addFunction('total', 16, 20, 1);
    b.addFunction('Cart.add(int)', 17, 20, 3);
    const detail = toDetail(b.build());
    const text = lineHoverMarkdown(detail, 16, FROM, undefined) ?? '';
    assert.match(text, /^\*\*Coverage\*\* · covered · 1 hit\n\nIn `total\(\)` · called 1 time\n\nFrom coverage\\\/lcov\\\.info \(loaded 12\\:00\\:00\)$/);
    assert.match(lineHoverMarkdown(detail, 17, FROM, undefined) ?? '', /In `Cart\.add\(int\)` · called 3 times/);
    assert.equal(lineHoverMarkdown(detail, 3, FROM, undefined), undefined);
  });

  it('caps missed branches and tests with “and N more”', () => {
    const b = new FileCoverageBuilder('a.js');
    b.addLine(4, 2);
    for (let i = 0; i < 40; i++) b.addBranch(4, 0, i, i === 0 ? 1 : 0, i === 0 ? 'then' : `case ${i}`);
    b.addBranch(4, 1, 0, NEVER_EVALUATED);
    for (let i = 0; i < 12; i++) b.addTestLine(`test ${String(i).padStart(2, '0')}`, 4);
    const text = shown(lineHoverMarkdown(toDetail(b.build()), 4, FROM, undefined) ?? '');
    assert.match(text, /Branches: 1 of 41 taken · not taken: ‹case 1›, ‹case 2›, ‹case 3›, ‹case 4›, ‹case 5› and 35 more/);
    assert.match(text, /Run by ‹test 00›, ‹test 01›, ‹test 02›, ‹test 03›, ‹test 04› and 7 more/);
  });

  it('numbers unlabelled branches and says which never ran', () => {
    const b = new FileCoverageBuilder('a.js');
    b.addLine(4, 3);
    b.addBranch(4, 0, 0, 3);
    b.addBranch(4, 0, 1, 0);
    b.addBranch(4, 0, 2, NEVER_EVALUATED);
    assert.match(lineHoverMarkdown(toDetail(b.build()), 4, FROM, undefined) ?? '', /Branches: 1 of 3 taken · not taken: #2, #3 \(never evaluated\)/);
  });

  it('keeps hostile names inside their code spans and escapes the rest', () => {
    const fn = 'a`b`` [x](command:workbench.action.quit) $(alert)';
    const label = '[y](https://evil.example/) `z`';
    const test = '<img src=x onerror=alert(1)>\n\n# heading';
    const b = new FileCoverageBuilder('a.js');
    b.addLine(2, 1);
    b.addFunction(fn, 1, 3, 1);
    b.addBranch(2, 0, 0, 0, label);
    b.addTestLine(test, 2);
    const text = lineHoverMarkdown(toDetail(b.build()), 2, [{ path: '[r](command:x).lcov', loadedAt: 'https://t' }], { fileModified: '**now**', reportModified: 'www.x.y' }) ?? '';
    assert.ok(text.includes('```a`b`` [x](command:workbench.action.quit) $(alert)```'), text);
    assert.ok(text.includes('`` [y](https://evil.example/) `z` ``'), text);
    assert.ok(text.includes('`<img src=x onerror=alert(1)>\\n\\n# heading`'), text);
    assert.ok(text.includes('From \\[r\\]\\(command\\:x\\)\\.lcov (loaded https\\:\\/\\/t)'), text);
    assert.ok(text.includes('changed (\\*\\*now\\*\\*) after the report was written (www\\.x\\.y)'), text);
    // Outside code spans no report text is left unescaped: our own words only.
    const outside = text.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, '').replace(/\\[!-/:-@[-`{-~]/g, '');
    assert.doesNotMatch(outside, /[[\]<>`$]|https?:|www\./, outside);
  });

  it('lists a few items whole', () => {
    assert.equal(listWithMore(['a', 'b'], (s) => s.toUpperCase()), 'A, B');
    assert.equal(listWithMore(['a', 'b', 'c'], (s) => s, 2), 'a, b and 1 more');
  });
});
