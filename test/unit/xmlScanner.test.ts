import * as assert from 'node:assert/strict';
import { ReportParseError } from '../../src/core/model/model';
import type { XmlAttributes } from '../../src/core/xml/attributes';
import { parseDecimal } from '../../src/core/xml/decimalText';
import { DEFAULT_XML_LIMITS, type XmlHandler, type XmlLimits, XmlScanner } from '../../src/core/xml/scanner';
import { withinHangGuard } from './hangGuard';
import { assertParseError, encode } from './xmlTestUtil';

type XmlEvent = ['open' | 'empty', string, [string, string][], number] | ['close', string, number] | ['text', string, string];

/** Records every event with decoded attributes; captures the text of the elements named in `capture`. */
class Recorder implements XmlHandler {
  readonly events: XmlEvent[] = [];
  scanner: XmlScanner | undefined;

  constructor(private readonly capture: readonly string[] = []) {}

  openTag(name: string, attributes: XmlAttributes, line: number): void {
    this.events.push(['open', name, pairs(attributes), line]);
    if (this.capture.includes(name)) this.scanner?.captureText();
  }

  emptyTag(name: string, attributes: XmlAttributes, line: number): void {
    this.events.push(['empty', name, pairs(attributes), line]);
  }

  closeTag(name: string, line: number): void {
    if (this.capture.includes(name)) this.events.push(['text', name, this.scanner?.takeText(line) ?? '']);
    this.events.push(['close', name, line]);
  }
}

function pairs(attributes: XmlAttributes): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < attributes.length; i++) out.push([attributes.nameAt(i), attributes.valueAt(i)]);
  return out;
}

function scan(input: string | Uint8Array, chunkSize = Infinity, capture: readonly string[] = [], limits?: XmlLimits): XmlEvent[] {
  const bytes = typeof input === 'string' ? encode(input) : input;
  const recorder = new Recorder(capture);
  const scanner = new XmlScanner(recorder, limits);
  recorder.scanner = scanner;
  const size = Math.min(chunkSize, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += size) scanner.push(bytes.subarray(i, i + size));
  scanner.finish();
  return recorder.events;
}

/** Every way of cutting the input in two, and every chunk size up to 16, gives the whole-buffer events. */
function assertChunkingInvariant(input: string, capture: readonly string[] = []): void {
  const bytes = encode(input);
  const whole = scan(bytes, Infinity, capture);
  for (let cut = 1; cut < bytes.length; cut++) {
    const recorder = new Recorder(capture);
    const scanner = new XmlScanner(recorder);
    recorder.scanner = scanner;
    scanner.push(bytes.subarray(0, cut));
    scanner.push(bytes.subarray(cut));
    scanner.finish();
    assert.deepEqual(recorder.events, whole, `cut at ${cut}`);
  }
  for (let size = 1; size <= 16; size++) assert.deepEqual(scan(bytes, size, capture), whole, `chunks of ${size}`);
}

describe('XML scanner', () => {
  describe('events', () => {
    it('reports open, self-closing and close tags with names, attributes and 1-based lines', () => {
      const events = scan('<a x="1" y=\'two\'>\n  <b/>\n  <c k="v" >text</c>\n</a>\n');
      assert.deepEqual(events, [
        ['open', 'a', [['x', '1'], ['y', 'two']], 1],
        ['empty', 'b', [], 2],
        ['open', 'c', [['k', 'v']], 3],
        ['close', 'c', 3],
        ['close', 'a', 4],
      ]);
    });

    it('skips the XML declaration, processing instructions, comments and CDATA, counting their lines', () => {
      const events = scan(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a <fake> comment -- with > inside\n-->\n<r><?pi <x>?>\n<![CDATA[ <not-a-tag/> ]] > ]]>\n<s/></r>',
      );
      assert.deepEqual(events, [
        ['open', 'r', [], 4],
        ['empty', 's', [], 6],
        ['close', 'r', 6],
      ]);
    });

    it('counts lines inside tags: whitespace and newlines in attribute values', () => {
      const events = scan('<r\n  a="1"\n  b="multi\nline"\n/>\n');
      assert.deepEqual(events, [['empty', 'r', [['a', '1'], ['b', 'multi\nline']], 1]]);
      assert.deepEqual(scan('<r><a\nx="1"\n/><b/></r>').slice(1, 3), [
        ['empty', 'a', [['x', '1']], 1],
        ['empty', 'b', [], 3],
      ]);
    });

    it('reads CRLF files with the same line numbers', () => {
      assert.deepEqual(scan('<r>\r\n<a/>\r\n</r>\r\n'), [
        ['open', 'r', [], 1],
        ['empty', 'a', [], 2],
        ['close', 'r', 3],
      ]);
    });

    it('accepts `>` and the other quote inside attribute values', () => {
      assert.deepEqual(scan(`<r a="x > y 'q'" b='say "hi"'/>`), [['empty', 'r', [['a', "x > y 'q'"], ['b', 'say "hi"']], 1]]);
    });

    it('decodes UTF-8 names and values, and skips a byte order mark', () => {
      const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('<grüße wert="ünïcödé ✓"/>')]);
      assert.deepEqual(scan(bytes), [['empty', 'grüße', [['wert', 'ünïcödé ✓']], 1]]);
    });

    it('keeps `__proto__` and friends as plain names and values', () => {
      const events = scan('<__proto__ constructor="x" __proto__="polluted"><prototype/></__proto__>');
      assert.deepEqual(events[0], ['open', '__proto__', [['constructor', 'x'], ['__proto__', 'polluted']], 1]);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });

    it('handles more distinct tag names than its name cache holds', () => {
      const names = Array.from({ length: 2000 }, (_, i) => `n${i}`);
      const events = scan(`<r>${names.map((n) => `<${n}></${n}>`).join('')}${names.map((n) => `<${n}/>`).join('')}</r>`);
      assert.equal(events.length, 2 + 3 * names.length);
      assert.deepEqual(events[events.length - 2], ['empty', 'n1999', [], 1]);
    });

    it('captures the text of an element on request, with references decoded', () => {
      const events = scan('<r><s>\n  /home/a &amp; b&#x2F;c  \n</s><s><!-- c -->x</s><s/></r>', Infinity, ['s']);
      assert.deepEqual(
        events.filter((e) => e[0] === 'text'),
        [
          ['text', 's', '/home/a & b/c'],
          ['text', 's', 'x'],
        ],
      );
    });
  });

  describe('attribute values', () => {
    it('decodes the five predefined entities and decimal and hex character references', () => {
      const events = scan('<r v="&lt;init&gt; &amp; &quot;x&quot; &apos;y&apos; &#65;&#x42;&#x1F600;&#0000067;"/>');
      assert.deepEqual(events[0], ['empty', 'r', [['v', '<init> & "x" \'y\' AB😀C']], 1]);
    });

    it('refuses an unknown entity, with its line', () => {
      assertParseError(() => scan('<r>\n<a v="&nbsp;"/></r>'), 2, /unknown entity/);
      assertParseError(() => scan('<r>\n\n<a v="&lol9;"/></r>'), 3, /unknown entity/);
    });

    it('refuses malformed and invalid character references', () => {
      for (const ref of ['&#;', '&#x;', '&#0;', '&#xD800;', '&#x110000;', '&#12a;', '&#99999999999;', '&amp', '&', '&;', '&#x0000000000041;']) {
        assertParseError(() => scan(`<r v="${ref}"/>`), 1);
      }
    });

    it('refuses `<` inside a value', () => {
      assertParseError(() => scan('<r v="a<b"/>'), 1, /attribute value/);
    });

    it('reads numbers from the bytes: decimal only', () => {
      const seen: number[] = [];
      const scanner = new XmlScanner({
        openTag() {},
        closeTag() {},
        emptyTag(_name, attributes) {
          for (let i = 0; i < attributes.length; i++) seen.push(attributes.numberAt(i));
        },
      });
      scanner.push(encode('<r a="12" b="-3" c="1.5" d="1e3" e="" f=" 7" g="0x10" h="abc" i="&#49;2" j="12345678901234567890" k="." l="1e"/>'));
      scanner.finish();
      assert.deepEqual(seen, [12, -3, 1.5, 1000, NaN, NaN, NaN, NaN, 12, Number('12345678901234567890'), NaN, NaN]);
      assert.equal(parseDecimal('-0.25E+2'), -25);
    });

    it('compares values without decoding, and by decoding when references are present', () => {
      const results: boolean[] = [];
      const scanner = new XmlScanner({
        openTag() {},
        closeTag() {},
        emptyTag(_name, attributes) {
          results.push(attributes.is('t', 'stmt'), attributes.is('u', 'a&b'), attributes.is('v', 'ü'), attributes.is('missing', ''), attributes.has('t'));
        },
      });
      scanner.push(encode('<r t="stmt" u="a&amp;b" v="ü"/>'));
      scanner.finish();
      assert.deepEqual(results, [true, true, true, false, true]);
    });
  });

  describe('DOCTYPE', () => {
    it('skips the external DOCTYPE lines report writers emit', () => {
      for (const doctype of [
        '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
        '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">',
        "<!DOCTYPE coverage SYSTEM 'file:///etc/passwd'>",
      ]) {
        assert.deepEqual(scan(`<?xml version="1.0"?>\n${doctype}\n<coverage/>`), [['empty', 'coverage', [], 3]]);
      }
    });

    it('refuses an internal subset, with the line of the `[`', () => {
      assertParseError(() => scan('<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "b">\n]>\n<r/>'), 2, /internal subset/);
      assertParseError(() => scan('<!DOCTYPE r SYSTEM "x.dtd" [ x ]><r/>'), 1, /internal subset/);
      assert.equal(scan('<!DOCTYPE r SYSTEM "x.dtd" [ ]><r/>').length, 1, 'an empty subset declares nothing (Pester writes one)');
    });

    it('refuses entity declarations and other markup declarations anywhere', () => {
      assertParseError(() => scan('<!ENTITY a "b"><r/>'), 1, /entity declarations/);
      assertParseError(() => scan('<r>\n<!ENTITY a "b"></r>'), 2, /entity declarations/);
      assertParseError(() => scan('<r><!ELEMENT r ANY></r>'), 1, /malformed markup/);
    });

    it('refuses a DOCTYPE after the root element or a second one', () => {
      assertParseError(() => scan('<r><!DOCTYPE r SYSTEM "x"></r>'), 1, /misplaced DOCTYPE/);
      assertParseError(() => scan('<!DOCTYPE r SYSTEM "x"><!DOCTYPE r SYSTEM "x"><r/>'), 1, /misplaced DOCTYPE/);
    });
  });

  describe('well-formedness', () => {
    it('refuses mismatched and unopened closing tags, naming both lines', () => {
      assertParseError(() => scan('<a>\n<b>\n</a>'), 3, /<\/a> does not close <b> opened on line 2/);
      assertParseError(() => scan('<a/></a>'), 1, /without an open element/);
    });

    it('refuses a second root element but ignores trailing comments and whitespace', () => {
      assertParseError(() => scan('<a/>\n<b/>'), 2, /after the end of the root/);
      assert.equal(scan('<a/>\n<!-- end -->\n<?pi?>\n').length, 1);
    });

    it('refuses malformed tags', () => {
      for (const bad of ['<a b>', '<a b=c/>', '<1a/>', '< a/>', '<a/ >', '<a b="1"c="2"/>', '<a =""/>', '<a b:="1" /x>', '</ a>', '<a></a b>']) {
        assertParseError(() => scan(bad), 1);
      }
    });

    it('reports an unclosed root at the end with the line where input ended', () => {
      assertParseError(() => scan('<a>\n<b/>\n'), 3, /<a> opened on line 1 is not closed/);
    });

    it('reports input cut inside a tag, a comment, a CDATA section or a processing instruction', () => {
      assertParseError(() => scan('<a>\n<b x="1'), 2, /inside a tag/);
      assertParseError(() => scan('<a>\n<!-- x\n'), 3, /inside a comment/);
      assertParseError(() => scan('<a><![CDATA[ x'), 1, /inside a CDATA/);
      assertParseError(() => scan('<a><?pi'), 1, /processing instruction/);
      assertParseError(() => scan('<a><'), 1, /inside a tag/);
      assertParseError(() => scan('<a><!-'), 1, /inside a tag/);
    });

    it('refuses input without any element', () => {
      for (const empty of ['', '   \n', '<?xml version="1.0"?>', 'just text', '<!-- only -->']) {
        assertParseError(() => scan(empty), 0, /no XML element/);
      }
    });
  });

  describe('limits', () => {
    it(`allows ${DEFAULT_XML_LIMITS.maxDepth} levels of nesting and refuses one more`, () => {
      const depth = DEFAULT_XML_LIMITS.maxDepth;
      const ok = '<a>'.repeat(depth) + '</a>'.repeat(depth);
      assert.equal(scan(ok).length, 2 * depth);
      assert.equal(scan('<a>'.repeat(depth) + '<a/>' + '</a>'.repeat(depth)).length, 2 * depth + 1);
      assertParseError(() => scan('<a>'.repeat(depth + 1)), 1, /nested deeper than 256/);
    });

    it('refuses a tag longer than the limit, whole or across chunks', () => {
      const limits = { maxDepth: 8, maxTagBytes: 1000 };
      const long = `<r a="${'x'.repeat(1000)}"/>`;
      assertParseError(() => scan(long, Infinity, [], limits), 1, /tag longer than 1000/);
      assertParseError(() => scan(long, 7, [], limits), 1, /tag longer than 1000/);
      assertParseError(() => scan(`<r ${distinctAttributes(200)}/>`, 64, [], limits), 1, /tag longer than 1000/);
      assert.equal(scan(`<r a="${'x'.repeat(900)}"/>`, 7, [], limits).length, 1);
    });

    it('refuses a long DOCTYPE, whole or across chunks', () => {
      const limits = { maxDepth: 8, maxTagBytes: 1000 };
      const doctype = `<!DOCTYPE r SYSTEM "${'x'.repeat(2000)}"><r/>`;
      assertParseError(() => scan(doctype, Infinity, [], limits), 1, /tag longer than 1000/);
      assertParseError(() => scan(doctype, 100, [], limits), 1, /tag longer than 1000/);
    });
  });

  describe('chunk boundaries', () => {
    const tricky =
      '<?xml version="1.0"?>\r\n<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">\n' +
      '<!-- a - b -- c ->- --->\n<report name="a &amp; b &#x263A;" other=\'x > "y"\'>\n' +
      '  <![CDATA[ ]] ]> <x> ]]]]><?pi ? > ??>\n  <sources><source> /root &lt;1&gt; </source></sources>\n' +
      '  <p\n   q = "1"\n   r="ü"/>\n  <empty></empty><e2   ></e2   ><e3/>\n</report>\n';

    it('every cut into two chunks and every chunk size from 1 to 16 give the same events', () => {
      assertChunkingInvariant(tricky, ['source']);
    });

    it('does not keep references to pushed chunks', () => {
      const bytes = encode(tricky);
      const whole = scan(bytes, Infinity, ['source']);
      for (const cut of [5, 60, 100, 150, 200]) {
        const recorder = new Recorder(['source']);
        const scanner = new XmlScanner(recorder);
        recorder.scanner = scanner;
        const first = bytes.slice(0, cut);
        scanner.push(first);
        first.fill(0x41);
        scanner.push(bytes.slice(cut));
        scanner.finish();
        assert.deepEqual(recorder.events, whole, `cut at ${cut}`);
      }
    });

    it('reads Buffer chunks like Uint8Array chunks', () => {
      const buffer = Buffer.from(tricky, 'utf8');
      const recorder = new Recorder(['source']);
      const scanner = new XmlScanner(recorder);
      recorder.scanner = scanner;
      scanner.push(buffer.subarray(0, 77));
      scanner.push(buffer.subarray(77));
      scanner.finish();
      assert.deepEqual(recorder.events, scan(tricky, Infinity, ['source']));
    });

    it('errors carry the same line whatever the chunking', () => {
      const bad = '<r>\n<a/>\n<b v="&bogus;"/>\n</r>';
      for (const size of [1, 2, 3, 5, 8, 1000]) assertParseError(() => scan(bad, size), 3, /unknown entity/);
      const truncated = '<r>\n<a/>\n<b v="1';
      for (const size of [1, 2, 3, 5, 8, 1000]) assertParseError(() => scan(truncated, size), 3, /inside a tag/);
    });
  });

  describe('hostile input (each within the hang guard)', () => {
    const timed = (fn: () => void): void => withinHangGuard(fn, 'the scan');

    it('a `&#...;` flood of 10 MB in an attribute fails on the tag limit', () => {
      const flood = `<r v="${'&#65;'.repeat(2 * 1024 * 1024)}"/>`;
      timed(() => assertParseError(() => scan(flood), 1, /tag longer/));
      timed(() => assertParseError(() => scan(flood, 65536), 1, /tag longer/));
    });

    it('a `&#...;` flood of 10 MB in text is skipped', () => {
      const flood = `<r>${'&#65;'.repeat(2 * 1024 * 1024)}</r>`;
      timed(() => assert.equal(scan(flood, 65536).length, 2));
    });

    it('100k levels of nesting fail at the depth limit', () => {
      timed(() => assertParseError(() => scan('<a>'.repeat(100_000) + '</a>'.repeat(100_000)), 1, /nested deeper/));
    });

    it('a 10 MB line of attributes fails on the tag limit, whole and in 64 KiB chunks', () => {
      const line = `<r ${distinctAttributes(1_000_000)}/>`;
      timed(() => assertParseError(() => scan(line), 1, /tag longer/));
      timed(() => assertParseError(() => scan(line, 65536), 1, /tag longer/));
    });

    it('a 10 MB comment, CDATA section and processing instruction are skipped in 1-byte-state chunks', () => {
      const body = 'x-]?'.repeat(2_500_000);
      timed(() => assert.equal(scan(`<r><!--${body}--><![CDATA[${body}]]><?p ${body}?></r>`, 65536).length, 2));
    });

    it('an unterminated 10 MB attribute value fails at the end, not by looping', () => {
      timed(() => assertParseError(() => scan(`<r v="${'x'.repeat(10_000_000)}`, 65536), 1, /tag longer/));
    });
  });

  it('the error type is ReportParseError with a line', () => {
    const error = assertParseError(() => scan('<a>\n</b>'));
    assert.ok(error instanceof ReportParseError);
    assert.equal(error.line, 2);
  });
});

/** `a0="1" a1="1" …`: attributes with distinct names (a repeated name is an error of its own). */
function distinctAttributes(count: number): string {
  return Array.from({ length: count }, (_, i) => `a${i}="1" `).join('');
}
