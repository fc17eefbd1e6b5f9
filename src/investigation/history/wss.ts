// Working set size with damo's `report wss` semantics (damo_wss.py).
import { REGION_STRIDE } from './regionPack';

/** damo's defaults: a region is in the working set if it saw at least one access, of any size. */
export const WSS_ACC_THRES = 1;
export const WSS_SZ_THRES = 1;

/** Bytes of the regions with nr_accesses >= accThres and size >= szThres. */
export function workingSetSize(regions: Float64Array, accThres = WSS_ACC_THRES, szThres = WSS_SZ_THRES): number {
  let wss = 0;
  for (let r = 0; r < regions.length; r += REGION_STRIDE) {
    const size = regions[r + 1] - regions[r];
    if (regions[r + 2] >= accThres && size >= szThres) wss += size;
  }
  return wss;
}

/** damo's `--exclude_samples` default: the first snapshots are warm-up, before regions adapt. */
export const WSS_EXCLUDE_SAMPLES = 20;

/** damo's percentiles: 0, 25, 50, 75 and 100. */
export const WSS_PERCENTILES: readonly number[] = [0, 25, 50, 75, 100];

/**
 * The p-th percentile of each p, as damo picks it: sort ascending and take the element at
 * int(p / 100 × n), the last one for p = 100. Empty input gives no percentiles.
 */
export function percentiles(values: readonly number[], ps: readonly number[] = WSS_PERCENTILES): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}
