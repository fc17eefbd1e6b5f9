// Access sampling (ops `prepare_access_checks` + `check_accesses`).
//
// The kernel picks one random address per region each sample and tests its Accessed bit.
// Here "accessed" is a Bernoulli draw with the true probability at that address. Picking a
// uniform address and then drawing with the rate there has exactly the probability of the
// size-weighted mean rate over the region, so each region keeps that mean as a 2^32-scaled
// threshold, recomputed whenever regions, rates or the sample interval change. The per
// sample cost is then one PRNG step, one compare and one increment per region.

import type { AccessSegments } from './machine';
import type { Prng } from './prng';
import type { RegionStore } from './regions';
import { hzToProbability } from './workload';

const TWO32 = 4294967296;

/**
 * Sets the thresholds of target t's regions from address-sorted rate segments (in core
 * address units). A page with rate hz is seen accessed within a sample with probability
 * 1 - exp(-hz * sample).
 */
export function setThresholds(rs: RegionStore, t: number, seg: AccessSegments, sampleUs: number): void {
  let k = 0;
  const nSeg = seg.start.length;
  const p = new Float64Array(nSeg);
  for (let j = 0; j < nSeg; j++) p[j] = hzToProbability(seg.hz[j], Math.max(sampleUs, 1));
  for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
    const s = rs.start[i];
    const e = rs.end[i];
    while (k < nSeg && seg.end[k] <= s) k++;
    let weighted = 0;
    for (let j = k; j < nSeg && seg.start[j] < e; j++) {
      weighted += (Math.min(e, seg.end[j]) - Math.max(s, seg.start[j])) * p[j];
    }
    rs.thr[i] = (weighted / (e - s)) * TWO32;
  }
}

/** Zeroes the thresholds of target t (an invalid target sees no access). */
export function clearThresholds(rs: RegionStore, t: number): void {
  rs.thr.fill(0, rs.tOff[t], rs.tOff[t + 1]);
}

/** One sample of every region: xorshift32 inlined over the typed columns. */
export function checkAccesses(rs: RegionStore, rng: Prng): void {
  const thr = rs.thr;
  const nr = rs.nrAccesses;
  const n = rs.n;
  let x = rng.state | 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    if (x >>> 0 < thr[i]) nr[i]++;
  }
  rng.state = x >>> 0;
}

/** The largest nr_accesses, which `check_accesses` returns as the merge threshold base. */
export function maxRegionNrAccesses(rs: RegionStore): number {
  let max = 0;
  for (let i = 0; i < rs.n; i++) if (rs.nrAccesses[i] > max) max = rs.nrAccesses[i];
  return max;
}
