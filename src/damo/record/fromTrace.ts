// Builds damo records from `damon:damon_aggregated` events, the way `damo record` turns a
// tracepoint stream into snapshots: one record per target, one snapshot per aggregation (its
// regions arrive as nr_regions consecutive events), each snapshot starting where the previous
// ended. `damon_monitor_intervals_tune` sets the sample interval of the snapshots after it.
import type { Intervals } from '../../damon/params';
import type { DamonTraceEvent } from '../../damon/trace-events';
import type { DamoIntervals, DamoRecord, DamoSnapshot } from './record';

/** A context's committed intervals as a record's `intervals` (damo calls update_us ops_update_us). */
export function damoIntervalsOf(iv: Intervals): DamoIntervals {
  return { sample_us: iv.sample_us, aggr_us: iv.aggr_us, ops_update_us: iv.update_us, goal: { ...iv.intervals_goal } };
}

export class DamoTraceRecorder {
  private readonly records = new Map<number, DamoRecord>();
  /** The snapshot being filled and how many regions it expects. */
  private open: { snapshot: DamoSnapshot; nrRegions: number } | undefined;
  private tunedSampleUs: number | null = null;

  constructor(private readonly intervals: DamoIntervals | null) {}

  readonly onEvent = (e: DamonTraceEvent): void => {
    if (e.event === 'damon_monitor_intervals_tune') this.tunedSampleUs = e.sample_us;
    if (e.event !== 'damon_aggregated') return;
    const endNs = e.ts_us * 1000;
    let record = this.records.get(e.target_id);
    if (!record) {
      record = { kdamond_idx: null, context_idx: null, intervals: this.intervals, scheme_idx: null, target_id: e.target_id, snapshots: [] };
      this.records.set(e.target_id, record);
    }
    if (!this.open) {
      const last = record.snapshots.at(-1);
      const snapshot: DamoSnapshot = { start_time: last ? last.end_time : Number.NaN, end_time: endNs, regions: [], sample_interval_us: this.tunedSampleUs };
      record.snapshots.push(snapshot);
      this.open = { snapshot, nrRegions: e.nr_regions };
    }
    this.open.snapshot.regions.push({ start: e.start, end: e.end, nr_accesses: e.nr_accesses, age: e.age, sz_filter_passed: 0 });
    if (this.open.snapshot.regions.length >= this.open.nrRegions) this.open = undefined;
  };

  /**
   * The records. The first snapshot's start is unknown in a trace; damo takes it as its end minus
   * the mean snapshot length, and so does this (a lone snapshot gets one aggregation interval).
   */
  finish(): DamoRecord[] {
    const out = [...this.records.values()];
    for (const r of out) {
      const s = r.snapshots;
      if (s.length === 0) continue;
      const mean = s.length > 1 ? (s[s.length - 1].end_time - s[0].end_time) / (s.length - 1) : (this.intervals?.aggr_us ?? 0) * 1000;
      s[0].start_time = s[0].end_time - mean;
    }
    return out;
  }
}
