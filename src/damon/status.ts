// What a running (or stopped) kdamond reports: the read-only sysfs files
// (stats, effective_bytes, tried_regions, tuned intervals, goal current_value)
// plus the internal state a drgn dump shows (regions with nr_accesses, age, ...).

import type { DamonOps } from './params';

/** One monitoring region, as `struct damon_region`. Addresses in core units ([start, end)). */
export interface RegionStatus {
  start: number;
  end: number;
  /** Samples found accessed in the current (unfinished) aggregation window. */
  nr_accesses: number;
  /** nr_accesses of the last finished window. */
  last_nr_accesses: number;
  /** Pseudo moving sum in bp (mainline `nr_accesses_bp`); DAMOS uses nr_accesses_bp / 10000. */
  nr_accesses_bp: number;
  /** Aggregation intervals the access pattern has been kept. */
  age: number;
}

export interface TargetStatus {
  pid_target: number;
  /** False once the target's process has exited (`ops.target_valid`). */
  valid: boolean;
  regions: RegionStatus[];
}

/** `schemes/<S>/stats/`. */
export interface SchemeStats {
  nr_tried: number;
  sz_tried: number;
  nr_applied: number;
  sz_applied: number;
  sz_ops_filter_passed: number;
  qt_exceeds: number;
  nr_snapshots: number;
  max_nr_snapshots: number;
}

/** `schemes/<S>/tried_regions/<N>/`. */
export interface TriedRegion {
  start: number;
  end: number;
  nr_accesses: number;
  age: number;
  sz_filter_passed: number;
}

/** `schemes/<S>/tried_regions/`. */
export interface TriedRegions {
  total_bytes: number;
  regions: TriedRegion[];
}

export interface QuotaGoalStatus {
  current_value: number;
}

export interface SchemeStatus {
  stats: SchemeStats;
  /** `quotas/effective_bytes`. */
  effective_bytes: number;
  /** Whether the watermarks currently activate the scheme. */
  wmarks_activated: boolean;
  goals: QuotaGoalStatus[];
}

/** The tuned `sample_us`/`aggr_us` (what `update_tuned_intervals` writes back). */
export interface TunedIntervals {
  sample_us: number;
  aggr_us: number;
}

export interface ContextStatus {
  operations: DamonOps;
  pause: boolean;
  tuned_intervals: TunedIntervals;
  /** `ctx->passed_sample_intervals`. */
  passed_sample_intervals: number;
  next_aggregation_sis: number;
  next_ops_update_sis: number;
  targets: TargetStatus[];
  schemes: SchemeStatus[];
}

export type KdamondState = 'on' | 'off';

export interface KdamondStatus {
  state: KdamondState;
  /** kdamond pid, or -1 when not running. */
  pid: number;
  contexts: ContextStatus[];
}

export function emptySchemeStats(): SchemeStats {
  return { nr_tried: 0, sz_tried: 0, nr_applied: 0, sz_applied: 0, sz_ops_filter_passed: 0, qt_exceeds: 0, nr_snapshots: 0, max_nr_snapshots: 0 };
}
