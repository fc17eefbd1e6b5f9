// Series the dashboard derives from a context's history: rates of cumulative counters, the pause
// timeline, and size-weighted histograms of a region snapshot.
import { REGION_STRIDE } from './regionPack';

/**
 * Per-second rates of a cumulative counter sampled at times `t` (seconds): (v_k - v_{k-1}) /
 * (t_k - t_{k-1}). The first sample has no rate (NaN). A counter that went down was reset (the
 * kdamond restarted and its stats start from 0), so that rate is v_k / (t_k - t_{k-1}).
 */
export function rates(t: readonly number[], v: readonly number[]): number[] {
  return v.map((value, k) => {
    if (k === 0) return Number.NaN;
    const dt = t[k] - t[k - 1];
    if (!(dt > 0)) return Number.NaN;
    const dv = value >= v[k - 1] ? value - v[k - 1] : value;
    return dv / dt;
  });
}

/** A stretch of time during which the context was paused; `end` is undefined while it still is. */
export interface PausedInterval {
  readonly start: number;
  readonly end?: number;
}

/**
 * The paused stretches of a series of (t, paused) samples: each starts at the first sample seen
 * paused and ends at the first sample seen running again. The refresh cannot tell more precisely.
 */
export function pausedIntervals(samples: readonly { readonly t: number; readonly paused: boolean }[]): PausedInterval[] {
  const out: PausedInterval[] = [];
  let start: number | undefined;
  for (const s of samples) {
    if (s.paused && start === undefined) start = s.t;
    else if (!s.paused && start !== undefined) {
      out.push({ start, end: s.t });
      start = undefined;
    }
  }
  if (start !== undefined) out.push({ start });
  return out;
}

/** Bucket edges: bucket i holds values in [edges[i], edges[i + 1]), the last one [edges[n-1], ∞). */
export type Edges = readonly number[];

/** Region ages in seconds, roughly doubling: recency as damo's `<recency percentiles>` sees it. */
export const AGE_EDGES_S: Edges = [0, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 60, 120, 300];
/** Access frequency in % of the aggregation's samples: idle (0) on its own, then steps of 10 up to 90 and over. */
export const FREQUENCY_EDGES_PCT: Edges = [0, 1e-9, 10, 20, 30, 40, 50, 60, 70, 80, 90];

/**
 * Bytes per bucket, over regions (REGION_STRIDE values each), of `valueOf(nr_accesses, age)`.
 */
export function sizeHistogram(regions: Float64Array, edges: Edges, valueOf: (nrAccesses: number, age: number) => number): number[] {
  const bytes = new Array<number>(edges.length).fill(0);
  for (let r = 0; r < regions.length; r += REGION_STRIDE) {
    const value = valueOf(regions[r + 2], regions[r + 3]);
    let i = edges.length - 1;
    while (i > 0 && value < edges[i]) i--;
    bytes[i] += regions[r + 1] - regions[r];
  }
  return bytes;
}
