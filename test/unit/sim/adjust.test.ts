// Regions adjustment against numbers worked out by hand from mm/damon/core.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMinNrRegions, mergeRegions, regionSzLimit, setRegions, splitRegions } from '../../../src/sim/adjust';
import { Prng } from '../../../src/sim/prng';
import { RegionStore, type RegionInit } from '../../../src/sim/regions';
import { threeRegions, vaInitRegions } from '../../../src/sim/ops';

const P = 4096;

function store(...targets: RegionInit[][]): RegionStore {
  const rs = new RegionStore(2);
  for (const t of targets) rs.addTarget(t);
  return rs;
}

const view = (rs: RegionStore, t = 0) => rs.regionsOf(t).map(({ start, end, nr_accesses, age }) => ({ start, end, nr_accesses, age }));
const noBp = { k: 0, len: 20 };

/** damon_rand() stub returning fixed values in turn. */
class FixedRng extends Prng {
  constructor(private readonly values: number[]) {
    super(0);
  }

  override rand(): number {
    return this.values.shift() ?? 5;
  }
}

test('merge: ages first (reset on a big change or a 0/non-0 flip), then size-weighted averages of adjacent similar regions', () => {
  const rs = store([
    { start: 0, end: 10 * P, nr_accesses: 10, last_nr_accesses: 10, age: 5 },
    { start: 10 * P, end: 20 * P, nr_accesses: 12, last_nr_accesses: 2, age: 3 },
    { start: 20 * P, end: 21 * P, nr_accesses: 0, last_nr_accesses: 0, age: 7 },
    { start: 22 * P, end: 23 * P, nr_accesses: 0, last_nr_accesses: 3, age: 1 },
  ]);
  const win = { k: 20, len: 20 };
  mergeRegions(rs, 2, Infinity, 1000, 20, win);
  // A: |10-10| <= 2 -> age 6. B: |12-2| > 2 -> 0. C: 0,0 -> 8. D: |0-3| > 2 -> 0.
  // A+B: nr (10*10P + 12*10P) / 20P = 11, age (6*10P + 0) / 20P = 3. C: |0-11| > 2. D: not adjacent.
  assert.deepEqual(view(rs), [
    { start: 0, end: 20 * P, nr_accesses: 11, age: 3 },
    { start: 20 * P, end: 21 * P, nr_accesses: 0, age: 8 },
    { start: 22 * P, end: 23 * P, nr_accesses: 0, age: 0 },
  ]);
  // The merged region's nr_accesses_bp restarts at nr_accesses * 10000 = 110000:
  // bpOff + nr * 10000 - k * (last * 10000 / len) = 110000 with last 10, k = len = 20.
  assert.equal(rs.bpOff[0] + 11 * 10000 - 20 * ((10 * 10000) / 20), 110000);
});

test('merge: the 0 <-> non-0 transition alone resets age', () => {
  const rs = store([{ start: 0, end: P, nr_accesses: 1, last_nr_accesses: 0, age: 9 }]);
  mergeRegions(rs, 5, Infinity, 1000, 20, noBp);
  assert.equal(rs.age[0], 0);
});

test('merge: the size limit stops a merge', () => {
  const rs = store([
    { start: 0, end: 2 * P, nr_accesses: 4 },
    { start: 2 * P, end: 4 * P, nr_accesses: 4 },
  ]);
  mergeRegions(rs, 0, 3 * P, 1000, 20, noBp);
  assert.equal(rs.n, 2);
  mergeRegions(rs, 0, 4 * P, 1000, 20, noBp);
  assert.equal(rs.n, 1);
});

test('merge: too many regions doubles the threshold (1, 2, 4, 8) until at most max_nr_regions', () => {
  const rs = store([0, 5, 10, 15].map((nr, k) => ({ start: k * P, end: (k + 1) * P, nr_accesses: nr })));
  mergeRegions(rs, 1, Infinity, 2, 20, noBp);
  // thres 8: 0+5 -> (0+5)/2 = 2; |10-2| <= 8 -> (2*2P + 10*P) / 3P = 4; |15-4| > 8.
  assert.deepEqual(view(rs).map((r) => [r.start, r.end, r.nr_accesses]), [[0, 3 * P, 4], [3 * P, 4 * P, 15]]);
});

test('merge: the threshold stops at nr_samples_per_aggr even if still above max', () => {
  const rs = store([0, 30, 60].map((nr, k) => ({ start: k * P, end: (k + 1) * P, nr_accesses: nr })));
  mergeRegions(rs, 1, Infinity, 1, 20, noBp);
  assert.equal(rs.n, 3);
});

test('split: 2 pieces at rand(1,10)*sz/10 aligned down; 3 when the count is unchanged and below max/3', () => {
  const rs = store([{ start: 0, end: 100 * P, nr_accesses: 3, last_nr_accesses: 2, age: 4 }]);
  const state = { lastNrRegions: 0 };
  splitRegions(rs, 1000, P, new FixedRng([3]), state);
  // 3 * 100P / 10 = 30P.
  assert.deepEqual(view(rs), [
    { start: 0, end: 30 * P, nr_accesses: 3, age: 4 },
    { start: 30 * P, end: 100 * P, nr_accesses: 3, age: 4 },
  ]);
  assert.equal(state.lastNrRegions, 1);

  const rs3 = store([{ start: 0, end: 100 * P }]);
  splitRegions(rs3, 1000, P, new FixedRng([3, 3]), { lastNrRegions: 1 });
  // First cut 30P; the left piece is cut again at 3 * 30P / 10 = 9P.
  assert.deepEqual(view(rs3).map((r) => [r.start, r.end]), [[0, 9 * P], [9 * P, 30 * P], [30 * P, 100 * P]]);
});

test('split: a blank cut is skipped; regions of at most 2 * min_region_sz are not split; more than max/2 regions split nothing', () => {
  const rs = store([{ start: 0, end: 5 * P }, { start: 5 * P, end: 7 * P }]);
  // 1 * 5P / 10 = 0.5P -> aligned down to 0: skipped.
  splitRegions(rs, 1000, P, new FixedRng([1]), { lastNrRegions: 0 });
  assert.equal(rs.n, 2);
  const many = store(Array.from({ length: 6 }, (_, k) => ({ start: k * 10 * P, end: (k + 1) * 10 * P })));
  splitRegions(many, 10, P, new FixedRng([5]), { lastNrRegions: 0 });
  assert.equal(many.n, 6);
});

test('split keeps every target\'s regions in its own range', () => {
  const rs = store([{ start: 0, end: 10 * P }], [{ start: 100 * P, end: 110 * P }]);
  splitRegions(rs, 1000, P, new FixedRng([5, 5]), { lastNrRegions: 0 });
  assert.deepEqual(view(rs, 0).map((r) => [r.start, r.end]), [[0, 5 * P], [5 * P, 10 * P]]);
  assert.deepEqual(view(rs, 1).map((r) => [r.start, r.end]), [[100 * P, 105 * P], [105 * P, 110 * P]]);
});

test('apply_min_nr_regions: split regions above ALIGN(total / min_nr_regions, min_region_sz)', () => {
  const rs = store([{ start: 0, end: 10 * P }]);
  // 40960 / 3 = 13653 -> aligned up to 4 pages.
  assert.equal(regionSzLimit(rs, 3, P), 13653);
  assert.equal(applyMinNrRegions(rs, 3, P), 4 * P);
  assert.deepEqual(view(rs).map((r) => [r.start, r.end]), [[0, 4 * P], [4 * P, 8 * P], [8 * P, 10 * P]]);
});

test('set_regions: stretch intersecting regions to the aligned range, fill holes, drop the rest', () => {
  const cur: RegionInit[] = [
    { start: 0, end: 2 * P, nr_accesses: 5 },
    { start: 4 * P, end: 6 * P, nr_accesses: 7 },
    { start: 50 * P, end: 51 * P, nr_accesses: 1 },
  ];
  const out = setRegions(cur, [{ start: 100, end: 6 * P + 1 }], P);
  assert.deepEqual(out.map((r) => [r.start, r.end, r.nr_accesses ?? 0]), [[0, 2 * P, 5], [2 * P, 4 * P, 0], [4 * P, 7 * P, 7]]);
  assert.deepEqual(setRegions([], [{ start: P, end: 2 * P }], P), [{ start: P, end: 2 * P }]);
});

test('three regions: the mapped span minus the two biggest gaps', () => {
  const vmas = [
    { start: 0x1000, end: 0x2000 }, { start: 0x3000, end: 0x4000 },
    { start: 0x10000, end: 0x11000 }, { start: 0x100000, end: 0x101000 },
  ];
  assert.deepEqual(threeRegions(vmas), [
    { start: 0x1000, end: 0x4000 }, { start: 0x10000, end: 0x11000 }, { start: 0x100000, end: 0x101000 },
  ]);
  assert.equal(threeRegions(vmas.slice(0, 2)), null, 'fewer than two gaps: no regions (-EINVAL)');
  // Total 5 pages / min 10 -> piece floor 4096: the 3-page region becomes 3 regions.
  assert.deepEqual(vaInitRegions(threeRegions(vmas) ?? [], 10).map((r) => [r.start, r.end]), [
    [0x1000, 0x2000], [0x2000, 0x3000], [0x3000, 0x4000], [0x10000, 0x11000], [0x100000, 0x101000],
  ]);
});
