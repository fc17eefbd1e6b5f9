// damo's record guide (damo_record_info.get_guide_info): per (kdamond, context, scheme, target),
// the time span, and the address space cut into contiguous runs at the gaps every snapshot shares,
// each with its heat (bytes × nr_accesses). `report heatmap` takes its defaults from it.
import type { DamoRecord } from '../record/record';

export interface GuideRun {
  start: number;
  end: number;
  /** Sum of size × nr_accesses of the regions touching the run; null when none was accessed. */
  heats: number | null;
}

export interface Guide {
  kdamond_idx: number | null;
  context_idx: number | null;
  scheme_idx: number | null;
  tid: number;
  start_time: number;
  end_time: number;
  runs: GuideRun[];
}

export const guideId = (r: Pick<DamoRecord, 'kdamond_idx' | 'context_idx' | 'scheme_idx' | 'target_id'>): string =>
  `${r.kdamond_idx} ${r.context_idx} ${r.scheme_idx} ${r.target_id}`;

export function heatPerByte(r: GuideRun): number {
  return r.heats === null ? 0 : r.heats / (r.end - r.start);
}

/** damo's --draw_range: the run with the most heat per byte, or every run. */
export function guidedRanges(g: Guide, draw: 'hottest' | 'all'): [number, number][] {
  if (draw === 'all') return g.runs.map((r) => [r.start, r.end]);
  const hottest = [...g.runs].sort((x, y) => heatPerByte(y) - heatPerByte(x))[0];
  return [[hottest.start, hottest.end]];
}

interface Acc {
  guide: Omit<Guide, 'runs'>;
  lowest: number;
  highest: number;
  gaps: [number, number][];
}

/** The guides, largest address space first. Python truthiness quirks (address 0 counts as unset) kept. */
export function guides(records: readonly DamoRecord[]): Guide[] {
  const accs = new Map<string, Acc>();
  for (const record of records) {
    const id = guideId(record);
    for (const s of record.snapshots) {
      let acc = accs.get(id);
      if (!acc) {
        const start = oldestMonitorTime(s, record);
        acc = { guide: { kdamond_idx: record.kdamond_idx, context_idx: record.context_idx, scheme_idx: record.scheme_idx, tid: record.target_id, start_time: start, end_time: start }, lowest: 0, highest: 0, gaps: [] };
        accs.set(id, acc);
      }
      acc.guide.end_time = s.end_time;
      let last = 0;
      const gaps: [number, number][] = [];
      for (const r of s.regions) {
        if (!acc.lowest || r.start < acc.lowest) acc.lowest = r.start;
        if (!acc.highest || r.end > acc.highest) acc.highest = r.end;
        if (!last) {
          last = r.end;
          continue;
        }
        if (last !== r.start) gaps.push([last, r.start]);
        last = r.end;
      }
      acc.gaps = acc.gaps.length === 0 ? gaps : overlapping(acc.gaps, gaps);
    }
  }
  const out: Guide[] = [];
  for (const [id, acc] of accs) {
    const runs = runsOf(acc).map(([start, end]): GuideRun => ({ start, end, heats: null }));
    for (const record of records) {
      if (guideId(record) !== id) continue;
      for (const s of record.snapshots) {
        for (const r of s.regions) {
          if (r.nr_accesses === 0) continue;
          for (const g of runs) {
            if (r.end < g.start || g.end < r.start) continue;
            g.heats = (g.heats ?? 0) + (r.end - r.start) * r.nr_accesses;
          }
        }
      }
    }
    out.push({ ...acc.guide, runs });
  }
  const space = (g: Guide): number => g.runs.reduce((t, r) => t + r.end - r.start, 0);
  return out.sort((a, b) => space(b) - space(a));
}

function oldestMonitorTime(s: DamoRecord['snapshots'][number], record: DamoRecord): number {
  if (!record.intervals) return s.start_time;
  const longest = Math.max(0, ...s.regions.map((r) => r.age));
  return s.start_time - longest * record.intervals.aggr_us * 1000;
}

/** damo's overlapping_regions(): each old gap, narrowed by every new gap touching it. */
function overlapping(a: [number, number][], b: [number, number][]): [number, number][] {
  return a.map((r1) => {
    let r = r1;
    for (const r2 of b) if (!(r[1] < r2[0] || r2[1] < r[0])) r = [Math.max(r[0], r2[0]), Math.min(r[1], r2[1])];
    return r;
  });
}

function runsOf(acc: Acc): [number, number][] {
  const runs: [number, number][] = [];
  let start = acc.lowest;
  for (const [gapStart, gapEnd] of acc.gaps) {
    runs.push([start, gapStart]);
    start = gapEnd;
  }
  runs.push([start, acc.highest]);
  return runs;
}
