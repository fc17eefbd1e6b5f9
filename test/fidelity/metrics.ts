// What DAMON learned on one run, in the figures the fidelity suite compares between the real
// kernel and the simulator: nr_regions and WSS percentiles (damo's report semantics), and per
// workload phase each area's size-weighted mean nr_accesses and, at the phase's end, mean age.
import type { AddrRange } from '../../src/damon/params';
import type { DamoRecord, DamoSnapshot } from '../../src/damo/record/record';
import { percentileIndex } from '../../src/damo/report/dist';
import { nrRegionsDists, WSS_DEFAULTS, wssDists } from '../../src/damo/report/wss';
import { areaNextChangeUs, parseWorkload, type WorkloadSpec } from '../../src/sim/workload';

export interface AreaRanges {
  readonly name: string;
  /** Where the area is in the monitored address space (one range for vaddr; its physical extents for paddr). */
  readonly ranges: readonly AddrRange[];
}

/** A stretch of the run in which no area changes rate or pattern, in seconds from the start of the accesses. */
export interface PhaseWindow {
  readonly start: number;
  readonly end: number;
}

export interface RunMetrics {
  readonly nrRegions: { readonly p10: number; readonly p50: number; readonly p90: number };
  readonly wss: { readonly p25: number; readonly p50: number; readonly p75: number };
  /** [window][area]: size-weighted mean nr_accesses over the window's snapshots (after the settling margin). */
  readonly nrAccesses: readonly (readonly number[])[];
  /** [window][area]: size-weighted mean age (aggregation intervals) at the window's last snapshot. */
  readonly age: readonly (readonly number[])[];
}

/** The phase windows of a workload's first process over [0, seconds). */
export function phaseWindows(spec: WorkloadSpec, seconds: number): PhaseWindow[] {
  const areas = parseWorkload(spec).processes[0].areas;
  const out: PhaseWindow[] = [];
  let t = 0;
  while (t < seconds * 1e6) {
    const next = Math.min(seconds * 1e6, ...areas.map((a) => areaNextChangeUs(a, t)));
    out.push({ start: t / 1e6, end: next / 1e6 });
    t = next;
  }
  return out;
}

const overlap = (r: AddrRange, x: AddrRange): number => Math.max(0, Math.min(r.end, x.end) - Math.max(r.start, x.start));

/** Size-weighted mean of a region field over the parts of the snapshot's regions inside the area; NaN if none. */
function areaMean(s: DamoSnapshot, area: AreaRanges, field: 'nr_accesses' | 'age'): number {
  let weight = 0;
  let sum = 0;
  for (const x of area.ranges) {
    for (const r of s.regions) {
      const o = overlap(r, x);
      weight += o;
      sum += o * r[field];
    }
  }
  return weight > 0 ? sum / weight : Number.NaN;
}

function percentiles<K extends string>(sorted: readonly number[], ps: Record<K, number>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(ps) as K[]) out[k] = sorted.length ? sorted[percentileIndex(ps[k], sorted.length)] : Number.NaN;
  return out;
}

/**
 * The figures of one run. `t0Ns`: the snapshot clock's value when the accesses began; `settleS`:
 * seconds after each phase change left out of the nr_accesses means, while DAMON adapts.
 */
export function runMetrics(records: readonly DamoRecord[], areas: readonly AreaRanges[], windows: readonly PhaseWindow[], t0Ns: number, settleS: number): RunMetrics {
  const snaps = records[0]?.snapshots ?? [];
  const at = (s: DamoSnapshot): number => (s.end_time - t0Ns) / 1e9;
  const nrRegions = percentiles(nrRegionsDists(records, 'size').get(records[0]?.target_id ?? 0) ?? [], { p10: 10, p50: 50, p90: 90 });
  const wss = percentiles(wssDists(records, WSS_DEFAULTS).get(0) ?? [], { p25: 25, p50: 50, p75: 75 });
  const nrAccesses = windows.map((w) => {
    const inside = snaps.filter((s) => at(s) > w.start + settleS && at(s) <= w.end);
    return areas.map((a) => inside.reduce((sum, s) => sum + areaMean(s, a, 'nr_accesses'), 0) / inside.length);
  });
  const age = windows.map((w) => {
    const last = snaps.filter((s) => at(s) <= w.end).at(-1);
    return areas.map((a) => (last ? areaMean(last, a, 'age') : Number.NaN));
  });
  return { nrRegions, wss, nrAccesses, age };
}
