// `damo report heatmap` (damo_report_heatmap.py): pixels of time × address, each holding the
// time- and space-weighted access frequency (Hz when the record has intervals, else samples) of
// the snapshots over it. A region's observation reaches back `age` aggregations, but not before
// the previous snapshot ended. Python's arithmetic (int() truncation, exact integer products) kept.
import { snapshotIntervals, type DamoIntervals, type DamoRecord, type DamoSnapshot } from '../record/record';

export interface HeatmapSpec {
  /** [start, end) in ns. */
  time: [number, number];
  /** [start, end) address. */
  addr: [number, number];
  /** damo's --resol: time rows, address columns. */
  timeResol: number;
  addrResol: number;
  /** Weigh by the DAMOS-filter-passed share of each region (--df_passed). */
  dfPassed: boolean;
}

export interface Heatmap {
  timeStart: number;
  timeUnit: number;
  addrStart: number;
  addrUnit: number;
  /** rows (time) × columns (address); null for a pixel no region covered. */
  heats: (number | null)[][];
  heatUnit: 'hz' | 'samples';
}

export function heatmapOf(records: readonly DamoRecord[], spec: HeatmapSpec): Heatmap {
  const [timeStart, timeEnd] = spec.time;
  const [addrStart, addrEnd] = spec.addr;
  const timeUnit = Math.floor((timeEnd - timeStart) / spec.timeResol);
  const addrUnit = Math.floor((addrEnd - addrStart) / spec.addrResol);
  const map: Heatmap = {
    timeStart,
    timeUnit,
    addrStart,
    addrUnit,
    heats: Array.from({ length: spec.timeResol }, () => new Array<number | null>(spec.addrResol).fill(null)),
    heatUnit: records.some((r) => r.intervals) ? 'hz' : 'samples',
  };
  let last: DamoSnapshot | undefined;
  for (const record of records) {
    for (const s of record.snapshots) {
      addHeat(map, spec, s, last, record.intervals);
      last = s;
    }
  }
  return map;
}

function addHeat(map: Heatmap, spec: HeatmapSpec, s: DamoSnapshot, last: DamoSnapshot | undefined, iv: DamoIntervals | null): void {
  const aggrNs = iv ? iv.aggr_us * 1000 : 0;
  const addrEnd = map.addrStart + map.addrUnit * spec.addrResol;
  const timeIdx = (t: number): number => Math.trunc((t - map.timeStart) / map.timeUnit);
  const addrIdx = (a: number): number => Math.trunc((a - map.addrStart) / map.addrUnit);
  for (const r of s.regions) {
    if (r.end < map.addrStart || addrEnd < r.start) continue;
    const observed = s.start_time - r.age * aggrNs;
    const from = last && observed < last.end_time ? last.end_time : observed;
    const heatVal = iv ? r.nr_accesses / (snapshotIntervals(s, iv)[1] / 1e6) : r.nr_accesses;
    const val = spec.dfPassed ? (heatVal * r.sz_filter_passed) / (r.end - r.start) : heatVal;
    for (let ti = timeIdx(from); ti <= timeIdx(s.end_time); ti++) {
      if (ti < 0 || ti >= spec.timeResol) continue;
      const pt = Math.trunc(map.timeStart + ti * map.timeUnit);
      const time = Math.min(s.end_time, pt + map.timeUnit) - Math.max(observed, pt);
      for (let ai = addrIdx(r.start); ai <= addrIdx(r.end); ai++) {
        if (ai < 0 || ai >= spec.addrResol) continue;
        const pa = Math.trunc(map.addrStart + ai * map.addrUnit);
        const sz = Math.min(r.end, pa + map.addrUnit) - Math.max(r.start, pa);
        const area = map.timeUnit * map.addrUnit;
        const prev = map.heats[ti][ai] ?? 0;
        map.heats[ti][ai] = (product(val, time, sz) + prev * area) / area;
      }
    }
  }
}

/** val × time × size as Python computes it: exactly when all are integers, then rounded once. */
function product(val: number, time: number, sz: number): number {
  if (Number.isInteger(val) && Number.isInteger(time) && Number.isInteger(sz)) return Number(BigInt(val) * BigInt(time) * BigInt(sz));
  return val * time * sz;
}

export function highestLowest(map: Heatmap): [number, number] | undefined {
  let hi: number | undefined;
  let lo: number | undefined;
  for (const row of map.heats) {
    for (const h of row) {
      if (h === null) continue;
      if (hi === undefined || h > hi) hi = h;
      if (lo === undefined || h < lo) lo = h;
    }
  }
  return hi === undefined || lo === undefined ? undefined : [hi, lo];
}
