// Access patterns and THP in the sampling: each pattern's chance of a region being seen accessed
// in a sample, against values worked out by hand (src/sim/sampling.ts explains the model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_SZ, Machine } from '../../../src/sim/machine';
import { Prng } from '../../../src/sim/prng';
import { RegionStore, type RegionInit } from '../../../src/sim/regions';
import { CorrelatedSampler, checkAccesses, meetsWindow, setThresholds } from '../../../src/sim/sampling';
import { parseWorkload, WorkloadError, type AreaSpec } from '../../../src/sim/workload';

const MiB = 2 ** 20;
const BASE = 0x600000000000;
const SAMPLE_US = 5000;

/** One process with the given areas from BASE (2 MiB aligned, 2 MiB apart). */
function machineOf(...areas: AreaSpec[]): Machine {
  let next = BASE;
  const placed = areas.map((a) => {
    const start = next;
    next += Math.ceil(Number(a.size) / BLOCK_SZ) * BLOCK_SZ + BLOCK_SZ;
    return { ...a, start };
  });
  return new Machine({ memory: { size: 1024 * MiB }, processes: [{ pid: 1, areas: placed }] });
}

/** Samples `n` times, one sample interval apart from t = 0; each region's nr_accesses, and each sample's hits. */
function sampleRegions(m: Machine, regions: RegionInit[], n: number, seed = 7): { counts: number[]; perSample: number[][] } {
  const rs = new RegionStore();
  rs.addTarget(regions);
  const correlated = new CorrelatedSampler(m);
  const rng = new Prng(seed);
  const perSample: number[][] = [];
  for (let s = 1; s <= n; s++) {
    const nowUs = s * SAMPLE_US;
    const seg = m.segments({ kind: 'virtual', pid: 1 }, nowUs);
    correlated.clear();
    setThresholds(rs, 0, seg, SAMPLE_US, correlated);
    const before = Array.from(rs.nrAccesses.subarray(0, rs.n));
    checkAccesses(rs, rng);
    correlated.sample(rs, rng, nowUs, SAMPLE_US, 1);
    perSample.push(Array.from(rs.nrAccesses.subarray(0, rs.n), (v, i) => v - before[i]));
  }
  return { counts: Array.from(rs.nrAccesses.subarray(0, rs.n)), perSample };
}

/** Within `sigmas` standard deviations of a binomial(n, p) count. */
function assertBinomial(count: number, n: number, p: number, what: string, sigmas = 4): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(Math.abs(count - n * p) <= sigmas * sd + 1, `${what}: ${count} of ${n}, expected ${(n * p).toFixed(1)} ± ${(sigmas * sd).toFixed(1)}`);
}

test('workload: an unknown or misspelt field is refused, naming it; pattern takes three values', () => {
  const area = { size: '4 MiB', access_hz: 1 };
  const spec = (a: object): unknown => ({ memory: { size: '1 GiB' }, processes: [{ pid: 1, areas: [a] }] });
  assert.throws(() => parseWorkload(spec({ ...area, patern: 'sweep' })), (e: unknown) => e instanceof WorkloadError && e.field === 'processes[0].areas[0].patern' && /unknown field/.test(e.message));
  assert.throws(() => parseWorkload(spec({ ...area, pattern: 'zigzag' })), /processes\[0\]\.areas\[0\]\.pattern: expected one of "independent", "sweep", "coherent"/);
  assert.throws(() => parseWorkload({ memory: { size: '1 GiB', sise: 1 }, processes: [] }), /memory\.sise: unknown field/);
  assert.throws(() => parseWorkload({ memory: { size: '1 GiB' }, processes: [], extra: 1 }), /workload\.extra: unknown field/);
  assert.throws(() => parseWorkload(spec({ size: '4 MiB', phases: [{ duration_s: 1, access_hz: 1, pattren: 'sweep' }] })), /phases\[0\]\.pattren: unknown field/);
  const w = parseWorkload(spec({ size: '4 MiB', pattern: 'sweep', phases: [{ duration_s: 1, access_hz: 1 }, { duration_s: 1, access_hz: 1, pattern: 'coherent' }] }));
  assert.deepEqual(w.processes[0].areas[0].phases.map((p) => p.pattern), ['sweep', 'coherent'], 'a phase inherits the area pattern unless it names its own');
  assert.equal(parseWorkload(spec(area)).processes[0].areas[0].phases[0].pattern, 'independent', 'the default');
});

test('a circular window meets a page range, across the wrap too', () => {
  assert.equal(meetsWindow(0, 4096, 0, 8192, 65536), true);
  assert.equal(meetsWindow(8192, 12288, 0, 8192, 65536), false);
  assert.equal(meetsWindow(0, 4096, 61440, 8192, 65536), true, 'the window wraps to the start');
  assert.equal(meetsWindow(8192, 12288, 61440, 8192, 65536), false);
  assert.equal(meetsWindow(30000, 30001, 12345, 65536, 65536), true, 'a window of a whole pass meets everything');
});

test('sweep: a region of the whole area is seen accessed with p = interval / period (period 20 ms, interval 5 ms: 1/4)', () => {
  const m = machineOf({ size: 16 * MiB, pattern: 'sweep', access_hz: 50 });
  const n = 4000;
  const { counts } = sampleRegions(m, [{ start: BASE, end: BASE + 16 * MiB }], n);
  assertBinomial(counts[0], n, 0.25, 'whole-area sweep');
});

test('sweep: a quarter of the area is crossed in exactly one of every four samples (period 20 ms, interval 5 ms)', () => {
  const m = machineOf({ size: 16 * MiB, pattern: 'sweep', access_hz: 50 });
  const q = 4 * MiB;
  const { counts, perSample } = sampleRegions(m, [0, 1, 2, 3].map((k) => ({ start: BASE + k * q, end: BASE + (k + 1) * q })), 400);
  // Sample s covers [(s-1) * 5 ms, s * 5 ms): the pass is then over quarter (s - 1) mod 4, and only there.
  assert.deepEqual(counts, [100, 100, 100, 100]);
  for (const [s, hits] of perSample.entries()) assert.deepEqual(hits, [0, 1, 2, 3].map((k) => (k === s % 4 ? 1 : 0)), `sample ${s + 1}`);
});

test('sweep: a pass at least as fast as the sample interval is seen in every sample', () => {
  const m = machineOf({ size: 16 * MiB, pattern: 'sweep', access_hz: 200 });
  const { counts } = sampleRegions(m, [{ start: BASE, end: BASE + 8 * MiB }, { start: BASE + 8 * MiB, end: BASE + 16 * MiB }], 100);
  assert.deepEqual(counts, [100, 100]);
});

test('coherent: one draw per area per sample, p = 1 - exp(-hz * interval), shared by every region of the area', () => {
  const m = machineOf({ size: 8 * MiB, pattern: 'coherent', access_hz: 50 });
  const n = 4000;
  const { counts, perSample } = sampleRegions(m, [{ start: BASE, end: BASE + 1 * MiB }, { start: BASE + 1 * MiB, end: BASE + 8 * MiB }], n);
  assertBinomial(counts[0], n, 1 - Math.exp(-50 * 0.005), 'coherent');
  for (const hits of perSample) assert.equal(hits[0], hits[1], 'both regions see the same event');
});

test('THP: a 2 MiB block is seen accessed if any of its 512 pages was: 1 - exp(-512 * hz * interval)', () => {
  const hz = 0.2;
  const thp = machineOf({ size: 2 * MiB, hugepage: true, access_hz: hz });
  const small = machineOf({ size: 2 * MiB, access_hz: hz });
  const n = 4000;
  const region = [{ start: BASE, end: BASE + 2 * MiB }];
  assertBinomial(sampleRegions(thp, region, n).counts[0], n, 1 - Math.exp(-512 * hz * 0.005), 'THP block');
  assertBinomial(sampleRegions(small, region, n).counts[0], n, 1 - Math.exp(-hz * 0.005), '4 KiB pages');
});

test('THP: two regions sampling the same huge page get the same answer (the last-folio shortcut)', () => {
  const m = machineOf({ size: 2 * MiB, hugepage: true, access_hz: 0.2 });
  const { perSample } = sampleRegions(m, [{ start: BASE, end: BASE + MiB }, { start: BASE + MiB, end: BASE + 2 * MiB }], 500);
  for (const hits of perSample) assert.equal(hits[0], hits[1]);
  assert.ok(perSample.some((h) => h[0] === 1) && perSample.some((h) => h[0] === 0));
});

test('THP: a sweep crosses a huge page whenever the pass meets any of its 512 pages', () => {
  // 8 MiB, period 40 ms, interval 5 ms: each sample's window is 1 MiB, so the block it lies in is
  // seen accessed; with 2 MiB blocks each block is hit in 2 of every 8 samples (p = 1/4).
  const m = machineOf({ size: 8 * MiB, hugepage: true, pattern: 'sweep', access_hz: 25 });
  const { counts } = sampleRegions(m, [0, 1, 2, 3].map((k) => ({ start: BASE + k * 2 * MiB, end: BASE + (k + 1) * 2 * MiB })), 800);
  assert.deepEqual(counts, [200, 200, 200, 200]);
});

test('a DAMOS hugepage / nohugepage flips what sampling sees; independent 4 KiB regions stay on the fast path', () => {
  const m = machineOf({ size: 4 * MiB, access_hz: 0.2 });
  const rs = new RegionStore();
  rs.addTarget([{ start: BASE, end: BASE + 4 * MiB }]);
  const correlated = new CorrelatedSampler(m);
  setThresholds(rs, 0, m.segments({ kind: 'virtual', pid: 1 }, 0), SAMPLE_US, correlated);
  assert.equal(correlated.size, 0);
  assert.ok(Math.abs(rs.thr[0] / 2 ** 32 - (1 - Math.exp(-0.2 * 0.005))) < 1e-12);
  const version = m.hugeVersion;
  m.setHuge(m.areas[0].blockBase, true);
  assert.equal(m.hugeVersion, version + 1);
  correlated.clear();
  setThresholds(rs, 0, m.segments({ kind: 'virtual', pid: 1 }, 0), SAMPLE_US, correlated);
  assert.equal(correlated.size, 1, 'a region over a THP block is sampled by its address');
  assert.equal(rs.thr[0], 0);
});
