// The per-region numbers `damo report access` shows, derived as damo derives them from a record's
// intervals: the access rate in whole percent of the samples one aggregation can hold, the age in
// microseconds, the temperature (a weighted sum; negative for regions not accessed at all), and
// the sampling and aggregation intervals a snapshot was taken with when intervals tuning was on.
import type { DamoIntervals, DamoRecord, DamoRegion, DamoSnapshot } from '../record/record';

export interface AccessRegion {
  start: number;
  end: number;
  /** nr_accesses, in samples. */
  samples: number;
  /** nr_accesses in percent of the most samples per aggregation, truncated as damo does. */
  percent: number;
  ageUs: number;
  szFilterPassed: number;
}

/** damo's --temperature_weights: size, access rate and age weights. */
export type TemperatureWeights = readonly [number, number, number];
export const DEFAULT_TEMPERATURE_WEIGHTS: TemperatureWeights = [0, 100, 100];

export function accessRegion(r: DamoRegion, iv: DamoIntervals): AccessRegion {
  return {
    start: r.start,
    end: r.end,
    samples: r.nr_accesses,
    percent: Math.trunc((r.nr_accesses * 100) / (iv.aggr_us / iv.sample_us)),
    ageUs: r.age * iv.aggr_us,
    szFilterPassed: r.sz_filter_passed,
  };
}

export function temperatureOf(r: Pick<AccessRegion, 'start' | 'end' | 'percent' | 'ageUs'>, w: TemperatureWeights): number {
  const score = (r.end - r.start) * w[0] + r.percent * w[1] + r.ageUs * w[2];
  return r.percent > 0 ? score : -score;
}

export const SORT_FIELDS = ['address', 'access_rate', 'age', 'size', 'temperature'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

/** damo's --sort_regions_by/--sort_regions_dsc: stable sorts applied one field after another. */
export function sortedRegions(regions: readonly AccessRegion[], by: readonly SortField[], dsc: readonly string[], w: TemperatureWeights): AccessRegion[] {
  let out = [...regions];
  const keys: Record<SortField, (r: AccessRegion) => number> = {
    address: (r) => r.start,
    access_rate: (r) => r.percent,
    age: (r) => r.ageUs,
    size: (r) => r.end - r.start,
    temperature: (r) => temperatureOf(r, w),
  };
  for (const field of by) {
    const key = keys[field];
    const sign = dsc.includes('all') || dsc.includes(field) ? -1 : 1;
    out = out.sort((a, b) => sign * (key(a) - key(b)));
  }
  return out;
}

/** The records with damo's derived numbers; damo refuses to format records without intervals. */
export interface AccessRecord {
  record: DamoRecord;
  intervals: DamoIntervals;
  snapshots: { snapshot: DamoSnapshot; regions: AccessRegion[] }[];
}

export function accessRecords(records: readonly DamoRecord[]): AccessRecord[] | undefined {
  const out: AccessRecord[] = [];
  for (const record of records) {
    const iv = record.intervals;
    if (!iv) return undefined;
    out.push({ record, intervals: iv, snapshots: record.snapshots.map((snapshot) => ({ snapshot, regions: snapshot.regions.map((r) => accessRegion(r, iv)) })) });
  }
  return out;
}
