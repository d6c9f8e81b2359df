import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type JsonHandler, JsonScanner } from '../../src/core/json/jsonScanner';
import { ReportParseError } from '../../src/core/model/model';

const decoder = new TextDecoder();

function text(bytes: Uint8Array, start: number, end: number, escaped: boolean): string {
  const raw = decoder.decode(bytes.subarray(start, end));
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** Rebuilds the document from the scanner's tokens, to compare with JSON.parse. */
class Rebuild implements JsonHandler {
  private readonly stack: (unknown[] | Record<string, unknown>)[] = [];
  private readonly keys: string[] = [];
  result: unknown;

  openObject(): void {
    this.stack.push(Object.create(null) as Record<string, unknown>);
  }
  closeObject(): void {
    this.value(this.stack.pop());
  }
  openArray(): void {
    this.stack.push([]);
  }
  closeArray(): void {
    this.value(this.stack.pop());
  }
  key(bytes: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.keys.push(text(bytes, start, end, escaped));
  }
  wantString(): boolean {
    return true;
  }
  string(bytes: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.value(text(bytes, start, end, escaped));
  }
  number(value: number): void {
    this.value(value);
  }
  literal(value: boolean | null): void {
    this.value(value);
  }
  private value(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.result = value;
    else if (Array.isArray(top)) top.push(value);
    else top[this.keys.pop() as string] = value;
  }
}

function scan(input: string, chunk: number): unknown {
  const bytes = new TextEncoder().encode(input);
  const handler = new Rebuild();
  const scanner = new JsonScanner(handler, { maxDepth: 1000, maxStringBytes: 1 << 20 });
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
  scanner.finish();
  return handler.result;
}

/** JSON.parse's result with objects as null-prototype records, as Rebuild makes them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key]);
  return out;
}

function accepts(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof ReportParseError) return false;
    throw error;
  }
}

describe('JSON push scanner', () => {
  it('reads every JSON document as JSON.parse does, in any chunking', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), fc.integer({ min: 1, max: 17 }), (json, chunk) => {
        assert.deepStrictEqual(scan(json, chunk), plain(JSON.parse(json)));
      }),
      { numRuns: 400, seed: 20240611 },
    );
  });

  it('accepts exactly what JSON.parse accepts (mutated documents)', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', '"', '\\', ',', ':', '[', ']', '{', '}', '-', '.', 'e', '0', 'n', 't', '\u0001', ' ', '\\u', '1e+'), fc.nat(3))
      .map(([json, at, insert, cut]) => {
        const i = json.length === 0 ? 0 : at % json.length;
        return json.slice(0, i) + insert + json.slice(i + cut);
      });
    fc.assert(
      fc.property(mutated, fc.integer({ min: 1, max: 9 }), (input, chunk) => {
        assert.equal(
          accepts(() => scan(input, chunk)),
          accepts(() => JSON.parse(input)),
          input,
        );
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('numbers split anywhere keep their value', () => {
    for (const number of ['-0', '0', '-12', '123456789012345', '12345678901234567890', '1.5', '-2.5e-3', '1E+21', '0.1e1']) {
      const input = `[${number}]`;
      for (let chunk = 1; chunk <= input.length; chunk++) assert.deepStrictEqual(scan(input, chunk), [JSON.parse(number) as number], `${number} in chunks of ${chunk}`);
    }
  });
});
