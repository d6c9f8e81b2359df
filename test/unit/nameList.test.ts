import * as assert from 'node:assert/strict';
import { NameList, NameRange } from '../../src/core/model/nameList';

describe('function names stored as bytes (nameList.ts)', () => {
  const names = ['main', '', 'x', '(anonymous_1)', 'Ωmega', 'emoji 😀 name', 'tab\there', 'a'.repeat(10_000), 'é'.repeat(5000), 'last'];

  it('gives back every name exactly, by range, across growth of its buffers', () => {
    const list = new NameList();
    const firsts = [list.add(names.slice(0, 3)), list.add([]), list.add(names.slice(3))];
    for (let i = 0; i < 2000; i++) list.add([`f${i}`]);
    assert.deepEqual(firsts, [0, 3, 3]);
    assert.equal(list.size, names.length + 2000);
    assert.deepEqual(new NameRange(list, 0, 3).decode(), names.slice(0, 3));
    assert.deepEqual(new NameRange(list, 3, names.length - 3).decode(), names.slice(3));
    assert.deepEqual(list.decode(names.length + 1999, 1), ['f1999']);
  });

  it('joins another list posted as parts (cloned as a thread posts it): indices continue', () => {
    const first = new NameList();
    first.add(['a', 'b']);
    const second = new NameList();
    second.add(names);
    const base = first.appendParts(structuredClone(second.parts()));
    assert.equal(base, 2);
    assert.deepEqual(first.decode(0, 2), ['a', 'b']);
    assert.deepEqual(first.decode(base, names.length), names);
    first.add(['after']);
    assert.deepEqual(first.decode(base + names.length, 1), ['after']);
    const again = new NameList();
    again.appendParts(structuredClone(first.parts()));
    assert.deepEqual(again.decode(0, first.size), ['a', 'b', ...names, 'after'], 'a list of three segments posted as one');
  });

  it('refuses a name that is not well-formed UTF-16 (it would not come back as it was)', () => {
    assert.throws(() => new NameList().add(['ok', 'lone \ud800 surrogate']), /not well-formed/);
  });
});
