// damo's adjust_records(): drop the first snapshots, then merge consecutive snapshots into one per
// `aggregate interval` (damo's --work_time). Merging adds, per region, the largest nr_accesses of
// the later snapshots' regions that overlap it; uncovered parts become new regions.
import type { DamoRecord, DamoRegion, DamoSnapshot } from '../record/record';

export function adjustRecords(records: readonly DamoRecord[], aggregateIntervalUs: number, skipSnapshots: number): DamoRecord[] {
  return records.map((r) => ({
    ...r,
    intervals: r.intervals && { ...r.intervals, aggr_us: aggregateIntervalUs },
    snapshots: adjustedSnapshots(r.snapshots.slice(skipSnapshots), aggregateIntervalUs),
  }));
}

function adjustedSnapshots(snapshots: readonly DamoSnapshot[], aggregateIntervalUs: number): DamoSnapshot[] {
  const out: DamoSnapshot[] = [];
  let pending: DamoSnapshot[] = [];
  for (const s of snapshots) {
    pending.push(s);
    // A snapshot still pending at the end is dropped, as damo does.
    if (pending[pending.length - 1].end_time - pending[0].start_time >= aggregateIntervalUs * 1000) {
      out.push(aggregateSnapshots(pending));
      pending = [];
    }
  }
  return out;
}

function aggregateSnapshots(snapshots: readonly DamoSnapshot[]): DamoSnapshot {
  const regions: DamoRegion[] = [];
  for (const s of snapshots) {
    const add = new Map<DamoRegion, number>();
    for (const r of s.regions) addRegion(regions, { ...r }, add);
    for (const [r, n] of add) r.nr_accesses += n;
  }
  return { start_time: snapshots[0].start_time, end_time: snapshots[snapshots.length - 1].end_time, regions, sample_interval_us: null };
}

function addRegion(regions: DamoRegion[], region: DamoRegion, add: Map<DamoRegion, number>): void {
  for (const r of regions) {
    if (r.end <= region.start || region.end <= r.start) continue;
    add.set(r, Math.max(add.get(r) ?? 0, region.nr_accesses));
    const pieces: DamoRegion[] = [];
    if (region.start < r.start) pieces.push(piece(region, region.start, r.start));
    if (r.end < region.end) pieces.push(piece(region, r.end, region.end));
    for (const p of pieces) addRegion(regions, p, add);
    return;
  }
  regions.push(region);
}

function piece(r: DamoRegion, start: number, end: number): DamoRegion {
  return { start, end, nr_accesses: r.nr_accesses, age: r.age, sz_filter_passed: Math.trunc((r.sz_filter_passed / (r.end - r.start)) * (end - start)) };
}
