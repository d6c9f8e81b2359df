import * as assert from 'node:assert/strict';
import { encodeNames, forEachEncoded } from '../../src/core/model/encodedNames';

describe('function names posted as bytes (encodedNames.ts)', () => {
  it('decode gives back every name exactly, per file, in order', () => {
    const names: [number, string[]][] = [
      [0, ['main', '', 'x']],
      [3, ['(anonymous_1)', 'Ωmega', 'emoji 😀 name', 'tab\there', 'a'.repeat(10_000), 'é'.repeat(5000)]],
      [7, []],
      [9, ['last']],
    ];
    const parts = structuredClone(encodeNames(names));
    const decoded: [number, string[]][] = [];
    forEachEncoded(parts, (file, encoded) => {
      assert.equal(encoded.length, names.find(([at]) => at === file)?.[1].length);
      decoded.push([file, encoded.decode()]);
    });
    assert.deepEqual(decoded, names);
  });

  it('refuses a name that is not well-formed UTF-16 (it would not come back as it was)', () => {
    assert.throws(() => encodeNames([[0, ['ok', 'lone \ud800 surrogate']]]), /not well-formed/);
  });
});
