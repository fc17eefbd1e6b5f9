import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageBitmap } from '../../../src/sim/pagebits';

test('resident pages: fill and clear lowest first within a page range, counts kept per block', () => {
  const m = new PageBitmap(2);
  assert.equal(m.fill(1, 30, 70, 100), 40);
  assert.equal(m.count[1], 40);
  assert.equal(m.countIn(1, 0, 512), 40);
  assert.equal(m.countIn(1, 31, 33), 2);
  assert.equal(m.clear(1, 0, 512, 5), 5); // pages 30..34
  assert.equal(m.countIn(1, 30, 35), 0);
  assert.equal(m.countIn(1, 35, 70), 35);
  assert.equal(m.fill(1, 0, 512, 512), 477);
  assert.equal(m.count[1], 512);
  assert.equal(m.count[0], 0);
  assert.equal(m.clear(1, 500, 512, 100), 12);
  assert.equal(m.count[1], 500);
});
