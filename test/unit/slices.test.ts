import * as assert from 'node:assert/strict';
import { inSlices } from '../../src/host/slices';

describe('work in slices with yields (publishing tens of thousands of files)', () => {
  /** A clock that advances `step` ms each time it is read. */
  const ticking = (step: number) => {
    let t = 0;
    return () => (t += step);
  };

  it('does every item once, in order, yielding between slices of the budget', async () => {
    const done: number[] = [];
    const log: string[] = [];
    const complete = await inSlices(
      Array.from({ length: 10 }, (_, i) => i),
      (item, index) => {
        assert.equal(item, index);
        done.push(item);
        log.push(`w${item}`);
      },
      { budgetMs: 3, now: ticking(1), yieldToEventLoop: () => Promise.resolve(void log.push('yield')) },
    );
    assert.equal(complete, true);
    assert.deepEqual(done, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The clock is read once at a slice's start and once after each item: three items per 3 ms slice.
    assert.deepEqual(log, ['w0', 'w1', 'w2', 'yield', 'w3', 'w4', 'w5', 'yield', 'w6', 'w7', 'w8', 'yield', 'w9']);
  });

  it('runs at least one item per slice, however slow an item is', async () => {
    let yields = 0;
    const done: string[] = [];
    await inSlices(['a', 'b', 'c'], (item) => done.push(item), { budgetMs: 1, now: ticking(50), yieldToEventLoop: () => Promise.resolve(void yields++) });
    assert.deepEqual(done, ['a', 'b', 'c']);
    assert.equal(yields, 2);
  });

  it('stops at a slice boundary once cancelled, and says so', async () => {
    const done: number[] = [];
    let stop = false;
    const complete = await inSlices(
      [1, 2, 3, 4, 5, 6],
      (item) => done.push(item),
      {
        budgetMs: 2,
        now: ticking(1),
        cancelled: () => stop,
        yieldToEventLoop: () => {
          stop = true;
          return Promise.resolve();
        },
      },
    );
    assert.equal(complete, false);
    assert.deepEqual(done, [1, 2]);
  });

  it('lets other tasks run between slices with the real event loop', async () => {
    const order: string[] = [];
    const timer = new Promise<void>((resolve) => setImmediate(() => (order.push('other task'), resolve())));
    // A clock that says each item took 100 ms: every item is a slice of its own.
    await inSlices([1, 2, 3], (item) => order.push(`item ${item}`), { now: ticking(100) });
    await timer;
    assert.ok(order.indexOf('other task') > order.indexOf('item 1') && order.indexOf('other task') < order.indexOf('item 3'), order.join(', '));
  });

  it('does nothing and does not yield for no items', async () => {
    let yields = 0;
    assert.equal(await inSlices([], () => assert.fail('no work'), { yieldToEventLoop: () => Promise.resolve(void yields++) }), true);
    assert.equal(yields, 0);
  });
});
