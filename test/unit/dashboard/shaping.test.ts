// Data shaping for the dashboard, against values worked out by hand from damo's definitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAddressRange, heatmapGrid, type HeatSnapshot } from '../../../src/investigation/history/heatmap';
import { AGE_EDGES_S, FREQUENCY_EDGES_PCT, pausedIntervals, rates, sizeHistogram } from '../../../src/investigation/history/series';
import { percentiles, workingSetSize } from '../../../src/investigation/history/wss';

/** Regions as [start, end, nr_accesses, age] quadruples. */
const regions = (...rs: [number, number, number, number][]): Float64Array => new Float64Array(rs.flat());

const near = (actual: ArrayLike<number>, expected: readonly number[]): void => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `cell ${i}: ${actual[i]} vs ${expected[i]}`);
};

test('heatmap: each cell is the time- and size-weighted nr_accesses over the cell area (damo report heatmap)', () => {
  // Time [0, 4) in 2 cells (unit 2), addresses [0, 100) in 4 cells (unit 25): cell area 50.
  const shots: HeatSnapshot[] = [
    { start: 0, end: 2, regions: regions([0, 50, 10, 0], [50, 100, 0, 0]) },
    { start: 2, end: 3, regions: regions([0, 30, 4, 0], [30, 100, 2, 0]) },
  ];
  const grid = heatmapGrid(shots, { start: 0, end: 4 }, { start: 0, end: 100 }, 2, 4);
  near(grid, [
    // time cell 0: 10 accesses × 25 bytes × 2 s / 50 in the two low cells
    10, 10, 0, 0,
    // time cell 1 (only 1 s of data): 4×25/50; 4×5/50 + 2×20/50; 2×25/50; 2×25/50
    2, 1.2, 1, 1,
  ]);
});

test('heatmap: a snapshot that straddles time cells adds to each its share of the time', () => {
  const shots: HeatSnapshot[] = [{ start: 1, end: 3, regions: regions([0, 100, 6, 0]) }];
  const grid = heatmapGrid(shots, { start: 0, end: 4 }, { start: 0, end: 100 }, 2, 1);
  // Each cell (2 s × 100 B = 200) gets 1 s of 6 accesses over 100 B: 600 / 200 = 3.
  near(grid, [3, 3]);
});

test('heatmap: regions outside the address range and snapshots outside the time range add nothing', () => {
  const shots: HeatSnapshot[] = [
    { start: 0, end: 1, regions: regions([0, 10, 5, 0], [90, 110, 5, 0]) },
    { start: 10, end: 11, regions: regions([0, 100, 5, 0]) },
  ];
  const grid = heatmapGrid(shots, { start: 0, end: 2 }, { start: 50, end: 100 }, 1, 2);
  // Only [90, 100) of the second region is in range, in the upper cell: 5 × 10 × 1 / (2 × 25) = 1.
  near(grid, [0, 1]);
});

test('the default address range is the run of adjacent regions with the most accesses, else the largest (damo)', () => {
  const idle = regions([0, 10, 0, 0], [10, 30, 0, 0], [100, 150, 0, 0], [150, 200, 0, 0], [1000, 1050, 0, 0]);
  assert.deepEqual(defaultAddressRange(idle), { start: 100, end: 200 });
  // nr_accesses × bytes per run: [0, 30) 5 × 10 = 50, [100, 200) 1 × 50 = 50, [1000, 1050) 2 × 50 = 100.
  const hot = regions([0, 10, 5, 0], [10, 30, 0, 0], [100, 150, 1, 0], [150, 200, 0, 0], [1000, 1050, 2, 0]);
  assert.deepEqual(defaultAddressRange(hot), { start: 1000, end: 1050 });
  assert.equal(defaultAddressRange(new Float64Array(0)), undefined);
});

test('working set size counts regions with at least acc_thres accesses and sz_thres bytes (damo report wss)', () => {
  const rs = regions([0, 10, 0, 0], [10, 30, 1, 0], [30, 60, 5, 0]);
  assert.equal(workingSetSize(rs), 50);
  assert.equal(workingSetSize(rs, 2), 30);
  assert.equal(workingSetSize(rs, 1, 25), 30);
});

test('wss percentiles take the element at int(p/100 × n) of the sorted sizes, the last for p = 100', () => {
  assert.deepEqual(percentiles([50, 10, 40, 20, 30]), [10, 20, 30, 40, 50]);
  // n = 4: p25 → index 1, p50 → 2, p75 → 3, p100 → 4, clamped to 3.
  assert.deepEqual(percentiles([5, 1, 4, 2]), [1, 2, 4, 5, 5]);
  assert.deepEqual(percentiles([7], [0, 50, 100]), [7, 7, 7]);
  assert.deepEqual(percentiles([]), []);
});

test('rates of cumulative stats are per-second differences; a reset counter counts from 0', () => {
  const r = rates([0, 1, 3, 4, 4], [0, 100, 300, 50, 60]);
  assert.ok(Number.isNaN(r[0]), 'the first sample has no rate');
  assert.deepEqual(r.slice(1, 4), [100, 100, 50]);
  assert.ok(Number.isNaN(r[4]), 'no time passed: no rate');
});

test('paused intervals run from the first paused sample to the first running one', () => {
  const flags: [number, boolean][] = [[0, false], [1, true], [2, true], [3, false], [4, false], [5, true]];
  assert.deepEqual(pausedIntervals(flags.map(([t, paused]) => ({ t, paused }))), [{ start: 1, end: 3 }, { start: 5 }]);
  assert.deepEqual(pausedIntervals([{ t: 0, paused: false }]), []);
});

test('histograms add each region\'s bytes to the bucket of its age or access frequency', () => {
  // aggr 100 ms, max nr_accesses 20.
  const rs = regions([0, 10, 0, 0], [10, 30, 20, 3], [30, 60, 5, 30], [60, 100, 1, 10_000]);
  const ages = sizeHistogram(rs, AGE_EDGES_S, (_n, age) => age * 0.1);
  // ages 0 s, 0.3 s, 3 s and 1000 s: buckets [0, 0.1), [0.2, 0.5), [2, 5) and [300, ∞).
  assert.deepEqual(ages, [10, 0, 20, 0, 0, 30, 0, 0, 0, 0, 0, 40]);
  const freqs = sizeHistogram(rs, FREQUENCY_EDGES_PCT, (n) => (100 * n) / 20);
  // 0 % (idle), 100 % (≥ 90), 25 % ([20, 30)), 5 % ((0, 10)).
  assert.deepEqual(freqs, [10, 40, 0, 30, 0, 0, 0, 0, 0, 0, 20]);
});
