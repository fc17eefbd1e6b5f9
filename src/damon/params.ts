// DAMON parameters, shaped like the sysfs tree under /sys/kernel/mm/damon/admin
// (Documentation/admin-guide/mm/damon/usage.rst). Field names are the sysfs file names,
// so a sysfs path maps onto a property path one to one.
//
// Numbers are JS numbers. Addresses and sizes stay exact up to 2^53; the kernel's
// "unlimited" values (ULONG_MAX, UINT_MAX) are the constants below.

/** ULONG_MAX as written by the kernel; as a JS number it rounds to 2^64. */
export const ULONG_MAX = 2 ** 64 - 1;
export const UINT_MAX = 2 ** 32 - 1;
/** NUMA_NO_NODE. */
export const NUMA_NO_NODE = -1;
export const PAGE_SIZE = 4096;

export const DAMON_OPS = ['vaddr', 'fvaddr', 'paddr'] as const;
export type DamonOps = (typeof DAMON_OPS)[number];

/** `schemes/<S>/action` keywords, in `enum damos_action` order (mainline; mm-new inserts `collapse` after nohugepage). */
export const DAMOS_ACTIONS = [
  'willneed', 'cold', 'pageout', 'hugepage', 'nohugepage',
  'lru_prio', 'lru_deprio', 'migrate_hot', 'migrate_cold', 'stat',
] as const;
export type DamosAction = (typeof DAMOS_ACTIONS)[number];

/**
 * `quotas/goals/<G>/target_metric` keywords, in `enum damos_quota_goal_metric` order
 * (mainline; mm-new adds node_eligible_mem_bp and hugepage_mem_bp).
 */
export const DAMOS_QUOTA_GOAL_METRICS = [
  'user_input', 'some_mem_psi_us', 'node_mem_used_bp', 'node_mem_free_bp',
  'node_memcg_used_bp', 'node_memcg_free_bp', 'active_mem_bp', 'inactive_mem_bp',
] as const;
export type DamosQuotaGoalMetric = (typeof DAMOS_QUOTA_GOAL_METRICS)[number];

export const DAMOS_QUOTA_GOAL_TUNERS = ['consist', 'temporal'] as const;
export type DamosQuotaGoalTuner = (typeof DAMOS_QUOTA_GOAL_TUNERS)[number];

export const DAMOS_WMARK_METRICS = ['none', 'free_mem_rate'] as const;
export type DamosWmarkMetric = (typeof DAMOS_WMARK_METRICS)[number];

/** Filters handled by the core (`damos_filter_for_ops()` returns false). */
export const DAMOS_CORE_FILTER_TYPES = ['addr', 'target'] as const;
/** Filters handled by the operations set, per folio. */
export const DAMOS_OPS_FILTER_TYPES = ['anon', 'active', 'memcg', 'young', 'hugepage_size', 'unmapped'] as const;
export type DamosCoreFilterType = (typeof DAMOS_CORE_FILTER_TYPES)[number];
export type DamosOpsFilterType = (typeof DAMOS_OPS_FILTER_TYPES)[number];
export type DamosFilterType = DamosCoreFilterType | DamosOpsFilterType;

/** A closed range, as the `min`/`max` file pairs. */
export interface MinMax {
  min: number;
  max: number;
}

/** `monitoring_attrs/intervals/intervals_goal/` (6.15+). `aggrs == 0` disables tuning. */
export interface IntervalsGoal {
  access_bp: number;
  aggrs: number;
  min_sample_us: number;
  max_sample_us: number;
}

/** `monitoring_attrs/intervals/`. */
export interface Intervals {
  sample_us: number;
  aggr_us: number;
  update_us: number;
  intervals_goal: IntervalsGoal;
}

/** `monitoring_attrs/` (mm-new also has `probes/`, not modelled). */
export interface MonitoringAttrs {
  intervals: Intervals;
  nr_regions: MinMax;
}

/** `targets/<T>/regions/<R>/`: a half-open address range [start, end). */
export interface AddrRange {
  start: number;
  end: number;
}

/** `targets/<T>/`. */
export interface TargetParams {
  pid_target: number;
  obsolete_target: boolean;
  regions: AddrRange[];
}

/** `schemes/<S>/access_pattern/`: sz in bytes, nr_accesses in samples per aggregation, age in aggregations. */
export interface AccessPattern {
  sz: MinMax;
  nr_accesses: MinMax;
  age: MinMax;
}

/** `schemes/<S>/quotas/weights/`. */
export interface QuotaWeights {
  sz_permil: number;
  nr_accesses_permil: number;
  age_permil: number;
}

/** `schemes/<S>/quotas/goals/<G>/`. */
export interface QuotaGoal {
  target_metric: DamosQuotaGoalMetric;
  target_value: number;
  /** Written by the user for `user_input`; read back for the other metrics. */
  current_value: number;
  nid: number;
  /** memcg path for the node_memcg_* metrics (6.19+). */
  path: string;
}

/** `schemes/<S>/quotas/`. `effective_bytes` is status, see status.ts. */
export interface Quotas {
  ms: number;
  bytes: number;
  reset_interval_ms: number;
  weights: QuotaWeights;
  goals: QuotaGoal[];
  goal_tuner: DamosQuotaGoalTuner;
}

/** `schemes/<S>/watermarks/`: per-mille values of the metric. */
export interface Watermarks {
  metric: DamosWmarkMetric;
  interval_us: number;
  high: number;
  mid: number;
  low: number;
}

/** `schemes/<S>/{core_,ops_}filters/<F>/`. Only the fields of the filter's type matter. */
export interface FilterParams {
  type: DamosFilterType;
  matching: boolean;
  allow: boolean;
  memcg_path: string;
  addr_start: number;
  addr_end: number;
  damon_target_idx: number;
  /** hugepage_size range, bytes. */
  min: number;
  max: number;
}

/** `schemes/<S>/dests/<D>/` (6.17+): migration destination node and weight. */
export interface DestParams {
  id: number;
  weight: number;
}

/** `schemes/<S>/`. */
export interface SchemeParams {
  action: DamosAction;
  target_nid: number;
  apply_interval_us: number;
  access_pattern: AccessPattern;
  quotas: Quotas;
  watermarks: Watermarks;
  core_filters: FilterParams[];
  ops_filters: FilterParams[];
  dests: DestParams[];
  /** `stats/max_nr_snapshots` (7.0+, rw): 0 means unlimited. */
  max_nr_snapshots: number;
}

/** `contexts/<C>/`. */
export interface ContextParams {
  operations: DamonOps;
  /** Only paddr honours it: min_region_sz = max(PAGE_SIZE / addr_unit, 1). */
  addr_unit: number;
  /** 7.2+. */
  pause: boolean;
  monitoring_attrs: MonitoringAttrs;
  targets: TargetParams[];
  schemes: SchemeParams[];
}

/** `kdamonds/<K>/`. The kernel supports 0 or 1 context per kdamond. */
export interface KdamondParams {
  refresh_ms: number;
  contexts: ContextParams[];
}

// Defaults, as `damon_sysfs_*_alloc()` and `damon_new_ctx()` set them.

export function defaultIntervalsGoal(): IntervalsGoal {
  return { access_bp: 0, aggrs: 0, min_sample_us: 0, max_sample_us: 0 };
}

export function defaultMonitoringAttrs(): MonitoringAttrs {
  return {
    intervals: { sample_us: 5000, aggr_us: 100000, update_us: 60000000, intervals_goal: defaultIntervalsGoal() },
    nr_regions: { min: 10, max: 1000 },
  };
}

export function defaultTarget(pid_target = 0): TargetParams {
  return { pid_target, obsolete_target: false, regions: [] };
}

export function defaultFilter(type: DamosFilterType): FilterParams {
  return { type, matching: false, allow: false, memcg_path: '', addr_start: 0, addr_end: 0, damon_target_idx: 0, min: 0, max: 0 };
}

export function defaultQuotaGoal(): QuotaGoal {
  return { target_metric: 'user_input', target_value: 0, current_value: 0, nid: 0, path: '' };
}

/** A scheme as a fresh sysfs scheme dir has it: match everything, no quota, no watermarks. */
export function defaultScheme(action: DamosAction = 'stat'): SchemeParams {
  return {
    action,
    target_nid: NUMA_NO_NODE,
    apply_interval_us: 0,
    access_pattern: {
      sz: { min: 0, max: ULONG_MAX },
      nr_accesses: { min: 0, max: UINT_MAX },
      age: { min: 0, max: UINT_MAX },
    },
    quotas: {
      ms: 0,
      bytes: 0,
      reset_interval_ms: 0,
      weights: { sz_permil: 0, nr_accesses_permil: 0, age_permil: 0 },
      goals: [],
      goal_tuner: 'consist',
    },
    watermarks: { metric: 'none', interval_us: 0, high: 0, mid: 0, low: 0 },
    core_filters: [],
    ops_filters: [],
    dests: [],
    max_nr_snapshots: 0,
  };
}

export function defaultContext(operations: DamonOps = 'vaddr'): ContextParams {
  return { operations, addr_unit: 1, pause: false, monitoring_attrs: defaultMonitoringAttrs(), targets: [], schemes: [] };
}

export function defaultKdamond(): KdamondParams {
  return { refresh_ms: 0, contexts: [] };
}

/** Whether a filter type is handled by the core (`damos_filter_for_ops()` is false). */
export function isCoreFilterType(type: DamosFilterType): type is DamosCoreFilterType {
  return (DAMOS_CORE_FILTER_TYPES as readonly string[]).includes(type);
}

/** `ALIGN_DOWN(x, a)`. */
export function alignDown(x: number, a: number): number {
  return x - (x % a);
}

/** `ALIGN(x, a)`. */
export function alignUp(x: number, a: number): number {
  return alignDown(x + a - 1, a);
}

/** The kernel's minimum region size for a context (`damon_sysfs_apply_inputs()`). */
export function minRegionSz(ctx: Pick<ContextParams, 'operations' | 'addr_unit'>): number {
  if (ctx.operations !== 'paddr') return PAGE_SIZE;
  return Math.max(Math.floor(PAGE_SIZE / ctx.addr_unit), 1);
}
