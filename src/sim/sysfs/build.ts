// Staged sysfs values to DAMON parameters, as `damon_sysfs_build_ctx()` reads them at `on` and
// `commit`. Files a generation lacks take the kernel's built-in default.

import {
  isCoreFilterType,
  type AccessPattern, type ContextParams, type DamonOps, type DamosAction, type DamosFilterType, type DamosQuotaGoalMetric,
  type DamosQuotaGoalTuner, type DamosWmarkMetric, type FilterParams, type KdamondParams, type MinMax, type QuotaGoal, type SchemeParams, type TargetParams,
} from '../../damon/params';
import type { SysDir } from './tree';

function num(d: SysDir | undefined, name: string, dflt = 0): number {
  const v = d?.value(name);
  return typeof v === 'number' ? v : dflt;
}

function bool(d: SysDir | undefined, name: string): boolean {
  return d?.value(name) === true;
}

function str<T extends string>(d: SysDir | undefined, name: string, dflt: T): T {
  const v = d?.value(name);
  return typeof v === 'string' ? (v as T) : dflt;
}

function indexed(d: SysDir | undefined): SysDir[] {
  return d ? d.indexed() : [];
}

function minMax(d: SysDir | undefined): MinMax {
  return { min: num(d, 'min'), max: num(d, 'max') };
}

function filter(d: SysDir): FilterParams {
  return {
    type: str<DamosFilterType>(d, 'type', 'anon'),
    matching: bool(d, 'matching'),
    allow: bool(d, 'allow'),
    memcg_path: str(d, 'memcg_path', ''),
    addr_start: num(d, 'addr_start'),
    addr_end: num(d, 'addr_end'),
    damon_target_idx: num(d, 'damon_target_idx'),
    min: num(d, 'min'),
    max: num(d, 'max'),
  };
}

function goal(d: SysDir): QuotaGoal {
  return {
    target_metric: str<DamosQuotaGoalMetric>(d, 'target_metric', 'user_input'),
    target_value: num(d, 'target_value'),
    current_value: num(d, 'current_value'),
    nid: num(d, 'nid'),
    path: str(d, 'path', ''),
  };
}

/**
 * `damon_sysfs_add_scheme()`: core_filters/, then ops_filters/, then the legacy filters/; the
 * core files each filter by its type (`damos_add_filter()`).
 */
function scheme(d: SysDir): SchemeParams {
  const ap = d.dir('access_pattern');
  const q = d.dir('quotas');
  const w = q?.dir('weights');
  const wm = d.dir('watermarks');
  const filters = ['core_filters', 'ops_filters', 'filters'].flatMap((name) => indexed(d.dir(name)).map(filter));
  const access_pattern: AccessPattern = { sz: minMax(ap?.dir('sz')), nr_accesses: minMax(ap?.dir('nr_accesses')), age: minMax(ap?.dir('age')) };
  return {
    action: str<DamosAction>(d, 'action', 'stat'),
    target_nid: num(d, 'target_nid', -1),
    apply_interval_us: num(d, 'apply_interval_us'),
    access_pattern,
    quotas: {
      ms: num(q, 'ms'),
      bytes: num(q, 'bytes'),
      reset_interval_ms: num(q, 'reset_interval_ms'),
      weights: { sz_permil: num(w, 'sz_permil'), nr_accesses_permil: num(w, 'nr_accesses_permil'), age_permil: num(w, 'age_permil') },
      goals: indexed(q?.dir('goals')).map(goal),
      goal_tuner: str<DamosQuotaGoalTuner>(q, 'goal_tuner', 'consist'),
    },
    watermarks: {
      metric: str<DamosWmarkMetric>(wm, 'metric', 'none'),
      interval_us: num(wm, 'interval_us'),
      high: num(wm, 'high'),
      mid: num(wm, 'mid'),
      low: num(wm, 'low'),
    },
    core_filters: filters.filter((f) => isCoreFilterType(f.type)),
    ops_filters: filters.filter((f) => !isCoreFilterType(f.type)),
    dests: indexed(d.dir('dests')).map((x) => ({ id: num(x, 'id'), weight: num(x, 'weight') })),
    max_nr_snapshots: num(d.dir('stats'), 'max_nr_snapshots'),
  };
}

function target(d: SysDir): TargetParams {
  return {
    pid_target: num(d, 'pid_target'),
    obsolete_target: bool(d, 'obsolete_target'),
    regions: indexed(d.dir('regions')).map((r) => ({ start: num(r, 'start'), end: num(r, 'end') })),
  };
}

export function buildContext(c: SysDir): ContextParams {
  const ma = c.dir('monitoring_attrs');
  const iv = ma?.dir('intervals');
  const goalDir = iv?.dir('intervals_goal');
  const nr = ma?.dir('nr_regions');
  return {
    operations: str<DamonOps>(c, 'operations', 'vaddr'),
    addr_unit: num(c, 'addr_unit', 1),
    pause: bool(c, 'pause'),
    monitoring_attrs: {
      intervals: {
        sample_us: num(iv, 'sample_us'),
        aggr_us: num(iv, 'aggr_us'),
        update_us: num(iv, 'update_us'),
        intervals_goal: {
          access_bp: num(goalDir, 'access_bp'),
          aggrs: num(goalDir, 'aggrs'),
          min_sample_us: num(goalDir, 'min_sample_us'),
          max_sample_us: num(goalDir, 'max_sample_us'),
        },
      },
      nr_regions: { min: num(nr, 'min'), max: num(nr, 'max') },
    },
    targets: indexed(c.dir('targets')).map(target),
    schemes: indexed(c.dir('schemes')).map(scheme),
  };
}

/** A kdamond directory's staged parameters. */
export function buildKdamond(k: SysDir): KdamondParams {
  return { refresh_ms: num(k, 'refresh_ms'), contexts: indexed(k.dir('contexts')).map(buildContext) };
}
