// Reads a kdamond's sysfs directory whole into the typed model: its staged parameters (what the
// files hold now) and its read-only status files. Missing files read as the kernel's defaults, so
// one reader serves every kernel generation.
import {
  DAMOS_ACTIONS,
  DAMOS_QUOTA_GOAL_METRICS,
  DAMOS_QUOTA_GOAL_TUNERS,
  DAMOS_WMARK_METRICS,
  DAMON_OPS,
  defaultContext,
  defaultFilter,
  defaultQuotaGoal,
  defaultScheme,
  defaultTarget,
  isCoreFilterType,
  type AddrRange,
  type ContextParams,
  type DamonOps,
  type DamosAction,
  type DamosFilterType,
  type DamosQuotaGoalMetric,
  type DamosQuotaGoalTuner,
  type DamosWmarkMetric,
  type DestParams,
  type FilterParams,
  type KdamondParams,
  type SchemeParams,
  type TargetParams,
} from '../damon/params';
import { emptySchemeStats, type KdamondState, type SchemeStats } from '../damon/status';
import type { SysfsAccess } from './access';
import { chomp, numericEntries, parseBool, parseList, parseNum } from './format';
import { kdamondPath } from './paths';
import { readTree, type TreeSnapshot } from './tree';

/** The read-only status files of a scheme. */
export interface SchemeSnapshot {
  stats: SchemeStats;
  /** `quotas/effective_bytes`. */
  effective_bytes: number;
  /** `quotas/goals/<G>/current_value`, per goal. */
  goal_current_values: number[];
}

export interface ContextSnapshot {
  avail_operations: DamonOps[];
  schemes: SchemeSnapshot[];
}

/** One kdamond as sysfs shows it: its staged parameters and its status files. */
export interface KdamondSnapshot {
  index: number;
  state: KdamondState;
  /** kdamond pid, -1 when not running. */
  pid: number;
  /** The staged values (after update_tuned_intervals, sample_us/aggr_us are the tuned ones). */
  params: KdamondParams;
  contexts: ContextSnapshot[];
}

function pick<T extends string>(allowed: readonly T[], text: string | undefined, fallback: T): T {
  const t = text === undefined ? undefined : chomp(text).trim();
  return t !== undefined && (allowed as readonly string[]).includes(t) ? (t as T) : fallback;
}

/** Typed access to one flat snapshot of a subtree. */
export class View {
  constructor(private readonly snap: TreeSnapshot) {}

  has(p: string): boolean {
    return this.snap.files.has(p);
  }

  str(p: string, d = ''): string {
    const v = this.snap.files.get(p);
    return v === undefined ? d : chomp(v);
  }

  num(p: string, d = 0): number {
    const v = this.snap.files.get(p);
    if (v === undefined) return d;
    const n = parseNum(v);
    return Number.isNaN(n) ? d : n;
  }

  bool(p: string, d = false): boolean {
    const v = this.snap.files.get(p);
    return v === undefined ? d : parseBool(v);
  }

  /** Index subdirectories of a directory, sorted numerically. */
  indices(dir: string): number[] {
    return numericEntries(this.snap.dirs.get(dir) ?? []);
  }

  hasDir(p: string): boolean {
    return this.snap.dirs.has(p);
  }
}

function readFilter(v: View, p: string): FilterParams {
  const f = defaultFilter(pick<DamosFilterType>(['anon', 'memcg', 'young', 'hugepage_size', 'unmapped', 'active', 'addr', 'target'], v.str(`${p}/type`), 'anon'));
  f.matching = v.bool(`${p}/matching`);
  f.allow = v.bool(`${p}/allow`);
  f.memcg_path = v.str(`${p}/memcg_path`);
  f.addr_start = v.num(`${p}/addr_start`);
  f.addr_end = v.num(`${p}/addr_end`);
  f.damon_target_idx = v.num(`${p}/damon_target_idx`);
  f.min = v.num(`${p}/min`);
  f.max = v.num(`${p}/max`);
  return f;
}

function readScheme(v: View, p: string): { params: SchemeParams; status: SchemeSnapshot } {
  const s = defaultScheme(pick<DamosAction>(DAMOS_ACTIONS, v.str(`${p}/action`), 'stat'));
  s.target_nid = v.num(`${p}/target_nid`, -1);
  s.apply_interval_us = v.num(`${p}/apply_interval_us`);
  for (const k of ['sz', 'nr_accesses', 'age'] as const) {
    s.access_pattern[k] = { min: v.num(`${p}/access_pattern/${k}/min`), max: v.num(`${p}/access_pattern/${k}/max`) };
  }
  const q = `${p}/quotas`;
  s.quotas.ms = v.num(`${q}/ms`);
  s.quotas.bytes = v.num(`${q}/bytes`);
  s.quotas.reset_interval_ms = v.num(`${q}/reset_interval_ms`);
  s.quotas.weights = {
    sz_permil: v.num(`${q}/weights/sz_permil`),
    nr_accesses_permil: v.num(`${q}/weights/nr_accesses_permil`),
    age_permil: v.num(`${q}/weights/age_permil`),
  };
  s.quotas.goal_tuner = pick<DamosQuotaGoalTuner>(DAMOS_QUOTA_GOAL_TUNERS, v.str(`${q}/goal_tuner`), 'consist');
  const goalCurrent: number[] = [];
  s.quotas.goals = v.indices(`${q}/goals`).map((g) => {
    const gp = `${q}/goals/${g}`;
    const goal = defaultQuotaGoal();
    goal.target_metric = pick<DamosQuotaGoalMetric>(DAMOS_QUOTA_GOAL_METRICS, v.str(`${gp}/target_metric`), 'user_input');
    goal.target_value = v.num(`${gp}/target_value`);
    goal.current_value = v.num(`${gp}/current_value`);
    goal.nid = v.num(`${gp}/nid`);
    goal.path = v.str(`${gp}/path`);
    goalCurrent.push(goal.current_value);
    return goal;
  });
  const w = `${p}/watermarks`;
  s.watermarks = {
    metric: pick<DamosWmarkMetric>(DAMOS_WMARK_METRICS, v.str(`${w}/metric`), 'none'),
    interval_us: v.num(`${w}/interval_us`),
    high: v.num(`${w}/high`),
    mid: v.num(`${w}/mid`),
    low: v.num(`${w}/low`),
  };
  // Filters: core_filters/ops_filters (6.18+) plus the deprecated filters/ (all kernels), split by type.
  const legacy = v.indices(`${p}/filters`).map((f) => readFilter(v, `${p}/filters/${f}`));
  s.core_filters = [...v.indices(`${p}/core_filters`).map((f) => readFilter(v, `${p}/core_filters/${f}`)), ...legacy.filter((f) => isCoreFilterType(f.type))];
  s.ops_filters = [...v.indices(`${p}/ops_filters`).map((f) => readFilter(v, `${p}/ops_filters/${f}`)), ...legacy.filter((f) => !isCoreFilterType(f.type))];
  s.dests = v.indices(`${p}/dests`).map((d): DestParams => ({ id: v.num(`${p}/dests/${d}/id`), weight: v.num(`${p}/dests/${d}/weight`) }));
  s.max_nr_snapshots = v.num(`${p}/stats/max_nr_snapshots`);
  const st = emptySchemeStats();
  for (const key of Object.keys(st) as (keyof SchemeStats)[]) st[key] = v.num(`${p}/stats/${key}`);
  return { params: s, status: { stats: st, effective_bytes: v.num(`${q}/effective_bytes`), goal_current_values: goalCurrent } };
}

function readContext(v: View, p: string): { params: ContextParams; status: ContextSnapshot } {
  const c = defaultContext(pick<DamonOps>(DAMON_OPS, v.str(`${p}/operations`), 'vaddr'));
  c.addr_unit = v.num(`${p}/addr_unit`, 1);
  c.pause = v.bool(`${p}/pause`);
  const ma = `${p}/monitoring_attrs`;
  const iv = `${ma}/intervals`;
  c.monitoring_attrs = {
    intervals: {
      sample_us: v.num(`${iv}/sample_us`),
      aggr_us: v.num(`${iv}/aggr_us`),
      update_us: v.num(`${iv}/update_us`),
      intervals_goal: {
        access_bp: v.num(`${iv}/intervals_goal/access_bp`),
        aggrs: v.num(`${iv}/intervals_goal/aggrs`),
        min_sample_us: v.num(`${iv}/intervals_goal/min_sample_us`),
        max_sample_us: v.num(`${iv}/intervals_goal/max_sample_us`),
      },
    },
    nr_regions: { min: v.num(`${ma}/nr_regions/min`), max: v.num(`${ma}/nr_regions/max`) },
  };
  c.targets = v.indices(`${p}/targets`).map((t): TargetParams => {
    const tp = `${p}/targets/${t}`;
    const target = defaultTarget(v.num(`${tp}/pid_target`));
    target.obsolete_target = v.bool(`${tp}/obsolete_target`);
    target.regions = v.indices(`${tp}/regions`).map((r): AddrRange => ({ start: v.num(`${tp}/regions/${r}/start`), end: v.num(`${tp}/regions/${r}/end`) }));
    return target;
  });
  const schemes = v.indices(`${p}/schemes`).map((s) => readScheme(v, `${p}/schemes/${s}`));
  c.schemes = schemes.map((s) => s.params);
  return {
    params: c,
    status: { avail_operations: parseList(v.str(`${p}/avail_operations`)).filter((o): o is DamonOps => (DAMON_OPS as readonly string[]).includes(o)), schemes: schemes.map((s) => s.status) },
  };
}

/** Reads kdamonds/<K> whole (not its tried regions) into the typed model. */
export async function readKdamondFiles(files: SysfsAccess, k: number): Promise<KdamondSnapshot> {
  const root = kdamondPath(k);
  const snap = await readTree(files.fs, root, { concurrency: files.concurrency, skip: (p) => /\/tried_regions\/\d+$/.test(p) });
  const rootErr = snap.errors.get(root);
  if (rootErr) throw files.explain(rootErr, 'list', root);
  // Permission problems would silently give defaults: surface the first one.
  for (const e of snap.errors.values()) if (e.code === 'EACCES' || e.code === 'EPERM') throw files.explain(e, e.syscall, e.path);
  const v = new View(snap);
  const contexts = v.indices(`${root}/contexts`).map((c) => readContext(v, `${root}/contexts/${c}`));
  const state: KdamondState = v.str(`${root}/state`).trim() === 'on' ? 'on' : 'off';
  const pid = v.num(`${root}/pid`, -1);
  return {
    index: k,
    state,
    pid,
    params: { refresh_ms: v.num(`${root}/refresh_ms`), contexts: contexts.map((c) => c.params) },
    contexts: contexts.map((c) => c.status),
  };
}
