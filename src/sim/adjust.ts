// Adaptive regions adjustment (mm/damon/core.c): merge, split, min_nr_regions, and
// damon_set_regions(). Pure functions over a RegionStore.

import { alignDown, alignUp, type AddrRange } from '../damon/params';
import type { Prng } from './prng';
import type { RegionInit, RegionStore } from './regions';

/** `damon_region_sz_limit()`: total size / min_nr_regions, at least min_region_sz. */
export function regionSzLimit(rs: RegionStore, minNrRegions: number, minRegionSz: number): number {
  let sz = rs.totalSz();
  if (minNrRegions) sz = Math.floor(sz / minNrRegions);
  return Math.max(sz, minRegionSz);
}

/** `damon_apply_min_nr_regions()`: split every region larger than the aligned size limit; returns the limit. */
export function applyMinNrRegions(rs: RegionStore, minNrRegions: number, minRegionSz: number): number {
  const maxSz = alignUp(regionSzLimit(rs, minNrRegions, minRegionSz), minRegionSz);
  // Each region is cut every maxSz bytes from its start (repeated damon_split_region_at()).
  let cuts = 0;
  for (let i = 0; i < rs.n; i++) cuts += Math.max(Math.ceil(rs.sz(i) / maxSz) - 1, 0);
  if (!cuts) return maxSz;
  const counts = new Uint32Array(rs.n);
  const offsets = new Float64Array(cuts);
  for (let i = 0, o = 0; i < rs.n; i++) {
    counts[i] = Math.max(Math.ceil(rs.sz(i) / maxSz) - 1, 0);
    for (let k = 1; k <= counts[i]; k++) offsets[o++] = k * maxSz;
  }
  rs.expand(counts, offsets);
  return maxSz;
}

/**
 * Where the moving sums stand: `k` samples into the window of `len` samples. A merged
 * region's nr_accesses_bp becomes nr_accesses * 10000 (`damon_merge_two_regions()`), which
 * in RegionStore.bpOff terms is k * (last_nr_accesses * 10000 / len).
 */
export interface BpWindow {
  k: number;
  len: number;
}

/**
 * `damon_merge_regions_of()`: counts ages (first pass of an aggregation only), then merges each
 * region into its left neighbour when adjacent, within `thres` of its nr_accesses, and the sum
 * fits `szLimit`. Merged values are size-weighted averages, rounded down as the kernel's
 * unsigned division.
 */
function mergeRegionsOf(rs: RegionStore, t: number, thres: number, szLimit: number, countAge: boolean, win: BpWindow): void {
  const { start, end, nrAccesses: nr, lastNrAccesses: last, age, bpOff } = rs;
  const i0 = rs.tOff[t];
  const i1 = rs.tOff[t + 1];
  let w = i0; // next write slot; w - 1 is `prev`
  for (let i = i0; i < i1; i++) {
    if (countAge) {
      const score = nr[i];
      const lastScore = last[i];
      // The 0 <-> non-0 reset is in the mm tree the pause series is based on; older kernels
      // only compare the difference against thres.
      if (Math.abs(score - lastScore) > thres) age[i] = 0;
      else if ((score === 0) !== (lastScore === 0)) age[i] = 0;
      else age[i]++;
    }
    const p = w - 1;
    if (p >= i0 && end[p] === start[i] && Math.abs(nr[i] - nr[p]) <= thres && end[p] - start[p] + end[i] - start[i] <= szLimit) {
      const szL = end[p] - start[p];
      const szR = end[i] - start[i];
      nr[p] = Math.floor((nr[p] * szL + nr[i] * szR) / (szL + szR));
      age[p] = Math.floor((age[p] * szL + age[i] * szR) / (szL + szR));
      end[p] = end[i];
      bpOff[p] = win.k * Math.floor((last[p] * 10000) / win.len);
      continue;
    }
    if (w !== i) rs.copy(i, w);
    w++;
  }
  if (w < i1) rs.remove(t, w, i1 - w);
}

/**
 * `kdamond_merge_regions()`: merge with `threshold`; while there are still more than
 * max_nr_regions, redo (without counting age) with the threshold doubled, up to
 * nr_samples_per_aggr.
 */
export function mergeRegions(rs: RegionStore, threshold: number, szLimit: number, maxNrRegions: number, samplesPerAggr: number, win: BpWindow): void {
  const maxThres = samplesPerAggr;
  let thres = threshold;
  let countAge = true;
  for (;;) {
    for (let t = 0; t < rs.nrTargets; t++) mergeRegionsOf(rs, t, thres, szLimit, countAge, win);
    countAge = false;
    if (rs.n <= maxNrRegions || maxThres <= thres) break;
    thres = thres < Math.floor(maxThres / 2) ? Math.max(1, thres * 2) : maxThres;
  }
}

/** State the kernel keeps in a function-static variable, shared by every context. */
export interface SplitState {
  lastNrRegions: number;
}

/**
 * `kdamond_split_regions()` / `damon_split_regions_of()`: split every region into 2 (or 3 when
 * the count did not change since last time and is below max/3) at random 10-90% points
 * aligned to min_region_sz. Nothing is split once there are more than max_nr_regions / 2
 * regions (mainline; mm-new instead splits one in every max/(max - nr) regions there).
 */
export function splitRegions(rs: RegionStore, maxNrRegions: number, minRegionSz: number, rng: Prng, state: SplitState): void {
  const nrRegions = rs.n;
  let nrSubs = 2;
  if (nrRegions > Math.floor(maxNrRegions / 2)) {
    state.lastNrRegions = nrRegions;
    return;
  }
  if (state.lastNrRegions === nrRegions && nrRegions < Math.floor(maxNrRegions / 3)) nrSubs = 3;
  // Draw the cuts in kernel order; each later cut subdivides the left piece, so a region's
  // offsets come out descending and are stored ascending.
  const buf = rs.scratch(nrRegions * 3);
  const counts = buf.subarray(0, nrRegions);
  const offsets = buf.subarray(nrRegions);
  let o = 0;
  for (let i = 0; i < nrRegions; i++) {
    let szRegion = rs.sz(i);
    for (let k = 0; k < nrSubs - 1 && szRegion > 2 * minRegionSz; k++) {
      const szSub = alignDown(Math.floor((rng.rand(1, 10) * szRegion) / 10), minRegionSz);
      if (szSub === 0 || szSub >= szRegion) continue;
      counts[i]++;
      szRegion = szSub;
      offsets[o++] = szSub;
    }
    if (counts[i] === 2) [offsets[o - 2], offsets[o - 1]] = [offsets[o - 1], offsets[o - 2]];
  }
  rs.expand(counts, offsets);
  state.lastNrRegions = nrRegions;
}

/**
 * `damon_set_regions()`: fit a target's regions to new ranges (already validated and
 * sorted): drop regions outside every range, stretch the first/last intersecting regions
 * to the aligned range ends, and fill holes with fresh regions.
 */
export function setRegions(current: readonly RegionInit[], ranges: readonly AddrRange[], minRegionSz: number): RegionInit[] {
  const aligned = ranges.map((r) => ({ start: alignDown(r.start, minRegionSz), end: alignUp(r.end, minRegionSz) }));
  const intersects = (r: RegionInit, re: AddrRange): boolean => !(r.end <= re.start || re.end <= r.start);
  const kept = current.filter((r) => ranges.some((re) => intersects(r, re))).map((r) => ({ ...r }));
  if (kept.length === 0) return aligned.map((r) => ({ ...r }));
  const out: RegionInit[] = [];
  let k = 0;
  for (const [ri, range] of ranges.entries()) {
    const inRange: RegionInit[] = [];
    while (k < kept.length && kept[k].start < range.end) {
      if (intersects(kept[k], range)) inRange.push(kept[k]);
      else out.push(kept[k]);
      k++;
    }
    if (inRange.length === 0) {
      out.push({ ...aligned[ri] });
      continue;
    }
    inRange[0].start = aligned[ri].start;
    inRange[inRange.length - 1].end = aligned[ri].end;
    for (const [j, r] of inRange.entries()) {
      if (j > 0 && inRange[j - 1].end !== r.start) out.push({ start: inRange[j - 1].end, end: r.start });
      out.push(r);
    }
  }
  while (k < kept.length) out.push(kept[k++]);
  return out;
}
