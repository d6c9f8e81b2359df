import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { inertLabel, inertLogLine, inertNotification, markdownCode, markdownText, printable, truncate } from '../../src/host/inertText';

// What VS Code 1.139.1 parses, as in its workbench bundle:
// base/common/linkedText.ts (notifications) ...
const LINKED_TEXT = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
// ... base/browser/ui/iconLabel/iconLabels.ts (labels with icons; `\$(x)` is shown literally) ...
const CODICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
// ... and editor/common/languages/linkComputer.ts (the output view): a scheme, a colon, two slashes.
const OUTPUT_LINK = /(?:https?|file):\/\//i;

function notificationLinks(message: string): string[] {
  // VS Code turns newlines into spaces before parsing.
  return [...message.replace(/\r\n|\n|\r/g, ' ').matchAll(LINKED_TEXT)].map((m) => m[0]);
}

function renderedIcons(label: string): string[] {
  return [...label.matchAll(CODICON)].filter((m) => m[1] === undefined).map((m) => m[2] as string);
}

/** What a label shows once VS Code has rendered it: icons as `<icon name>`, escaped ones as text. */
function shownLabel(label: string): string {
  return label.replace(CODICON, (_match, escaped: string | undefined, name: string) => (escaped === undefined ? `<icon ${name}>` : `$(${name})`));
}

const COMMAND_LINK =
  '[Coverage paths look wrong - click to fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20PWNED%5Cn%22%7D)';

const HOSTILE = [
  COMMAND_LINK,
  '[x](COMMAND:workbench.action.quit)',
  '[x](https://evil.example/?q=1 "title")',
  '[x](file:///etc/passwd)',
  '[[nested]](command:a)',
  'a [x]',
  '(command:b) $(alert) $(sync~spin) \\$(x)',
  'line one\n[x](command:c)',
  '\u202eevil\u202c',
];

describe('inert text: report text where VS Code shows text', () => {
  describe('notifications', () => {
    it('the command link of a hostile report key is a link as it was, and none once inert', () => {
      const raw = `Coverage Sentinel skipped part of coverage-final.json: line 1: ${COMMAND_LINK}: not a file coverage object`;
      assert.equal(notificationLinks(raw).length, 1, 'the test regex finds the link in the raw message');
      const message = inertNotification(raw);
      assert.deepEqual(notificationLinks(message), []);
      assert.ok(message.includes('[Coverage paths look wrong - click to fix] (command:workbench'), message);
    });

    it('no link and no icon in any hostile message', () => {
      for (const text of HOSTILE) {
        const message = inertNotification(`could not read ${text}: ${text}`);
        assert.deepEqual(notificationLinks(message), [], message);
        assert.deepEqual(renderedIcons(message), [], message);
      }
    });

    it('no link and no icon for any text (property)', () => {
      const piece = fc.constantFrom('[', ']', '(', ')', '](', 'command:', 'https://', 'file:', '$(', 'alert', '~spin', '\\', ' ', '"', '\n', 'x');
      const link = fc
        .tuple(
          fc.constantFrom('[', '[['),
          fc.string({ maxLength: 5 }),
          fc.constantFrom('](', ']', '] ('),
          fc.constantFrom('command:', 'https://', 'file:', 'HTTP://'),
          fc.stringMatching(/^[a-z%?.]{1,6}$/),
          fc.constantFrom(')', ' "t")', ''),
        )
        .map((parts) => parts.join(''));
      fc.assert(
        fc.property(fc.array(fc.oneof(piece, link), { maxLength: 20 }), (pieces) => {
          const message = inertNotification(pieces.join(''));
          return notificationLinks(message).length === 0 && renderedIcons(message).length === 0;
        }),
        { seed: 8, numRuns: 5000 },
      );
    });

    it('leaves ordinary text as it was', () => {
      const text = 'Coverage Sentinel could not read coverage/lcov.info: line 3: not an LCOV record';
      assert.equal(inertNotification(text), text);
    });
  });

  describe('labels (quick picks, test items)', () => {
    it('shows icon syntax literally instead of rendering it', () => {
      const text = '$(alert) src/$(sync~spin)x.js \\$(check) $(not an icon)';
      const label = inertLabel(text);
      assert.deepEqual(renderedIcons(label), []);
      assert.equal(shownLabel(label), text);
    });

    it('never renders an icon and shows the text as it was (property)', () => {
      const piece = fc.constantFrom('$', '(', ')', '\\', 'a', '-', '~', 'b', ' ');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
          const text = pieces.join('');
          const label = inertLabel(text);
          return renderedIcons(label).length === 0 && shownLabel(label) === text;
        }),
        { seed: 8, numRuns: 5000 },
      );
    });
  });

  describe('log lines', () => {
    it('one line, with no link the output view would follow', () => {
      const line = inertLogLine('src/a.js\n2026-01-01 00:00:00.000 [error] forged https://evil.example/x file:///etc/passwd');
      assert.ok(!line.includes('\n'), line);
      assert.doesNotMatch(line, OUTPUT_LINK);
      assert.match(line, /src\/a\.js\\n2026/);
      assert.match(line, /https\[:\]\/\/evil\.example\/x file\[:\]\/\/\/etc\/passwd/);
    });
  });

  describe('markdown', () => {
    /** The text a reader sees: CommonMark backslash escapes removed. */
    const unescape = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

    it('escapes every punctuation character, so no markdown, HTML or autolink forms', () => {
      const hostile = '[run](command:x) <img src=x onerror=alert(1)> **b** _i_ `c` # h https://evil.example www.evil.example a@b.example &amp; | t | $(alert) \\';
      const markdown = markdownText(hostile);
      assert.doesNotMatch(markdown.replace(/\\[!-/:-@[-`{-~]/g, ''), /[!-/:-@[-`{-~]/, `an unescaped punctuation character in ${markdown}`);
      assert.equal(unescape(markdown), hostile);
    });

    it('a code span holds any name, backticks included, and closes only at its end', () => {
      for (const name of ['total', 'a`b', '`x`', 'a``b```c', '``', '  spaced  ', 'x\n\n# heading', '` `']) {
        const span = markdownCode(name);
        const fence = /^`+/.exec(span)?.[0] ?? '';
        assert.ok(fence.length > 0 && span.endsWith(fence), span);
        let inner = span.slice(fence.length, span.length - fence.length);
        // Longer than every backtick run inside: only the closing fence closes the span.
        assert.ok(!inner.includes(fence), span);
        assert.ok(!inner.startsWith('`') && !inner.endsWith('`'), span);
        if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
        assert.equal(inner, printable(name, 80), span);
      }
      assert.equal(markdownCode('total()'), '`total()`');
    });

    it('an empty or blank name stays text, not an empty span', () => {
      assert.equal(markdownCode(''), '');
      assert.equal(markdownCode('  '), '  ');
    });
  });

  describe('printable and truncate', () => {
    it('control and bidirectional characters become visible escapes', () => {
      assert.equal(printable('a\nb\tc\u0000d\u202ee\u2066f\u001b[31m'), 'a\\nb\\tc\\u{0}d\\u{202e}e\\u{2066}f\\u{1b}[31m');
    });

    it('cuts long text at a code point, with an ellipsis', () => {
      assert.equal(truncate('abcdef', 4), 'abc…');
      assert.equal(truncate('abc', 4), 'abc');
      assert.equal(truncate('😀😀😀😀😀', 3), '😀😀…');
      assert.equal(truncate('😀😀', 2), '😀😀');
      assert.equal(printable('x'.repeat(10_000_000)).length, 200);
    });
  });
});
