// damo's record filter (_damo_records.RecordFilter), in damo's order: regions by size and access
// rate, regions clipped to address ranges, snapshots by time and then by index, regions by
// temperature. Returns new records; the input is not changed.
import { accessRegion, temperatureOf, type TemperatureWeights } from './access';
import type { DamoRecord, DamoRegion, DamoSnapshot } from '../record/record';

export type Range = readonly [number, number];

export interface RecordFilter {
  /** --sz_region MIN MAX, bytes. */
  szRegion?: Range;
  /** --access_rate MIN MAX, percent. */
  accessRate?: Range;
  /** --address START END…, sorted and not overlapping. */
  addresses?: readonly Range[];
  /** --snapshot_time START END…, absolute ns; a snapshot must lie within one. */
  snapshotTimes?: readonly Range[];
  /** --snapshot_idx START END…, inclusive, counted after the time filter. */
  snapshotIndices?: readonly Range[];
  /** --temperature MIN MAX…, inclusive. */
  temperatures?: readonly Range[];
  weights: TemperatureWeights;
}

export function filterRecords(records: readonly DamoRecord[], f: RecordFilter): DamoRecord[] {
  return records.map((record) => {
    const iv = record.intervals;
    let snapshots: DamoSnapshot[] = record.snapshots.map((s) => ({ ...s, regions: s.regions.filter((r) => ofPattern(r, record, f)) }));
    const addrs = f.addresses;
    if (addrs) snapshots = snapshots.map((s) => ({ ...s, regions: s.regions.flatMap((r) => clipped(r, addrs)) }));
    const times = f.snapshotTimes;
    if (times) snapshots = snapshots.filter((s) => times.some(([a, b]) => s.start_time >= a && s.end_time <= b));
    const idxs = f.snapshotIndices;
    if (idxs) snapshots = snapshots.filter((_, i) => idxs.some(([a, b]) => a <= i && i <= b));
    const temps = f.temperatures;
    if (temps && iv) {
      snapshots = snapshots.map((s) => ({
        ...s,
        regions: s.regions.filter((r) => {
          const t = temperatureOf(accessRegion(r, iv), f.weights);
          return temps.some(([a, b]) => a <= t && t <= b);
        }),
      }));
    }
    return { ...record, snapshots };
  });
}

function ofPattern(r: DamoRegion, record: DamoRecord, f: RecordFilter): boolean {
  const sz = r.end - r.start;
  if (f.szRegion && (sz < f.szRegion[0] || f.szRegion[1] < sz)) return false;
  // Without intervals damo checks only the size.
  if (!record.intervals || !f.accessRate) return true;
  const percent = accessRegion(r, record.intervals).percent;
  return f.accessRate[0] <= percent && percent <= f.accessRate[1];
}

function clipped(r: DamoRegion, ranges: readonly Range[]): DamoRegion[] {
  return ranges.filter(([a, b]) => !(r.end <= a || b <= r.start)).map(([a, b]) => ({ ...r, start: Math.max(a, r.start), end: Math.min(b, r.end) }));
}
