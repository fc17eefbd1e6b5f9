// How far DAMON's view is from the workload's ground truth: the size-weighted mean absolute
// difference between each region's observed access frequency (last_nr_accesses over the
// samples per aggregation) and the true per-sample access probability of every byte in it.

import { samplesPerAggr } from './context';
import type { Kdamond } from './kdamond';
import { hzToProbability } from './workload';

/** The error in [0, 1] over all monitored bytes of the kdamond's context (0 = exact). */
export function accessError(kd: Kdamond): number {
  const ctx = kd.ctx;
  if (!ctx) return 0;
  const rs = ctx.regions;
  const n = samplesPerAggr(ctx.attrs);
  let err = 0;
  let bytes = 0;
  for (let t = 0; t < ctx.targets.length; t++) {
    const seg = ctx.ops.segments(ctx.machine, ctx.targets[t].pid, ctx.nowUs, ctx.addrUnit);
    let k = 0;
    for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
      const observed = rs.lastNrAccesses[i] / n;
      const s = rs.start[i];
      const e = rs.end[i];
      let covered = 0;
      while (k < seg.start.length && seg.end[k] <= s) k++;
      for (let j = k; j < seg.start.length && seg.start[j] < e; j++) {
        const overlap = Math.min(e, seg.end[j]) - Math.max(s, seg.start[j]);
        err += overlap * Math.abs(observed - hzToProbability(seg.hz[j], ctx.attrs.sample_us));
        covered += overlap;
      }
      // Unmapped bytes are never accessed.
      err += (e - s - covered) * observed;
      bytes += e - s;
    }
  }
  return bytes ? err / bytes : 0;
}
