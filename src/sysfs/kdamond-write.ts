// Writes a kdamond's configuration the way the kernel expects: each nr_* first and only when it
// differs (writing an nr_* file rebuilds its children with default values), then the values that
// differ from what sysfs holds. A value for a feature the kernel lacks is refused before any write.
import { FsError } from '../damon/fs';
import type { FilterParams, KdamondParams, QuotaGoal, SchemeParams } from '../damon/params';
import { patternOf, type FeatureId } from '../damon/sysfs-layout';
import type { SysfsAccess } from './access';
import { UnsupportedFeatureError } from './errors';
import { formatBool, formatNum, parseNum } from './format';
import { View } from './kdamond-read';
import { kdamondPath } from './paths';
import { readTree } from './tree';

export interface WriteOptions {
  /** Compute the writes without doing them. */
  dryRun?: boolean;
  /** Write every value, not only those that differ from what sysfs holds. */
  force?: boolean;
}

/** One planned or done write. */
export interface PlannedWrite {
  path: string;
  value: string;
}

/** Builds the writes that bring a subtree from `cur` to `want`. */
class Planner {
  readonly writes: PlannedWrite[] = [];

  constructor(
    private readonly cur: View | undefined,
    private readonly has: (file: string) => boolean,
    private readonly force: boolean,
  ) {}

  /** `fresh`: the directory was just rebuilt, so what sysfs held before says nothing. */
  value(path: string, value: string, fresh: boolean): void {
    if (!this.has(path)) return;
    if (!this.force && !fresh && this.cur?.has(path) && this.cur.str(path) === value) return;
    this.writes.push({ path, value });
  }

  /** nr_* file: written only when the count differs; returns whether the children are fresh. */
  count(dir: string, file: string, n: number, fresh: boolean): boolean {
    const path = `${dir}/${file}`;
    const have = fresh ? 0 : (this.cur?.indices(dir).length ?? 0);
    const known = !fresh && this.cur?.has(path);
    if (known && this.cur!.num(path) === n && have === n) return false;
    if (fresh && n === 0) return true;
    this.writes.push({ path, value: String(n) });
    return true;
  }
}

/**
 * Writes a kdamond's configuration: each nr_* first and only when it differs, then the values
 * (only those that differ from what sysfs holds, unless `force`). Files the kernel lacks are
 * skipped when they hold the default; a non-default value for a missing feature throws
 * UnsupportedFeatureError before anything is written. Nothing is committed: call commit() or
 * start().
 */
export async function writeKdamondFiles(files: SysfsAccess, k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
  if (opts.dryRun) return planKdamondWrites(files, k, want, opts);
  if (want.contexts.length > 1) {
    const p = `${kdamondPath(k)}/contexts/nr_contexts`;
    throw files.explain(new FsError('EINVAL', 'write', p, String(want.contexts.length)), 'write', p);
  }
  // Phase 1: the directory structure, top down, each nr_* only when it differs. Then the files
  // that reveal the optional features exist, so detection can see them.
  const writes = await writeStructure(files, k, want);
  if (writes.length > 0) await files.detect(true);
  // Phase 2: the values, compared with what sysfs holds now (rebuilt directories hold their defaults).
  const plan = await planKdamondWrites(files, k, want, opts);
  for (const w of plan) await files.write(w.path, w.value);
  return [...writes, ...plan];
}

/** Writes the nr_* files of a configuration that differ, top down; returns those writes. */
async function writeStructure(files: SysfsAccess, k: number, want: KdamondParams): Promise<PlannedWrite[]> {
  const writes: PlannedWrite[] = [];
  const ensure = async (dir: string, file: string, n: number, parentRebuilt: boolean): Promise<boolean> => {
    if (parentRebuilt && n === 0) return true;
    const path = `${dir}/${file}`;
    const cur = parentRebuilt ? 0 : parseNum(await files.read(path));
    if (cur === n) return parentRebuilt;
    await files.write(path, String(n));
    writes.push({ path, value: String(n) });
    return true;
  };
  const root = kdamondPath(k);
  const cFresh = await ensure(`${root}/contexts`, 'nr_contexts', want.contexts.length, false);
  for (const [c, ctx] of want.contexts.entries()) {
    const p = `${root}/contexts/${c}`;
    const tFresh = await ensure(`${p}/targets`, 'nr_targets', ctx.targets.length, cFresh);
    for (const [t, target] of ctx.targets.entries()) await ensure(`${p}/targets/${t}/regions`, 'nr_regions', target.regions.length, tFresh);
    const sFresh = await ensure(`${p}/schemes`, 'nr_schemes', ctx.schemes.length, cFresh);
    for (const [i, scheme] of ctx.schemes.entries()) {
      const sp = `${p}/schemes/${i}`;
      await ensure(`${sp}/quotas/goals`, 'nr_goals', scheme.quotas.goals.length, sFresh);
      if (await files.fs.exists(`${sp}/core_filters`)) {
        await ensure(`${sp}/core_filters`, 'nr_filters', scheme.core_filters.length, sFresh);
        await ensure(`${sp}/ops_filters`, 'nr_filters', scheme.ops_filters.length, sFresh);
        await ensure(`${sp}/filters`, 'nr_filters', 0, sFresh);
      } else {
        await ensure(`${sp}/filters`, 'nr_filters', scheme.core_filters.length + scheme.ops_filters.length, sFresh);
      }
      if (scheme.dests.length > 0 || (await files.fs.exists(`${sp}/dests`))) await ensure(`${sp}/dests`, 'nr_dests', scheme.dests.length, sFresh);
    }
  }
  return writes;
}

/** The writes writeKdamond would do. */
export async function planKdamondWrites(files: SysfsAccess, k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
  const root = kdamondPath(k);
  const snap = await readTree(files.fs, root, { concurrency: files.concurrency, skip: (p) => /\/tried_regions$/.test(p) });
  if (snap.errors.get(root)) throw files.explain(snap.errors.get(root), 'list', root);
  const cur = new View(snap);
  const d = await files.detect();
  const gen = d.generation;
  const feature = async (id: FeatureId): Promise<boolean> => files.hasFeature(id);
  const need = async (id: FeatureId, used: boolean): Promise<boolean> => {
    const ok = await feature(id);
    if (used && !ok) throw new UnsupportedFeatureError(id, gen, d.probedPaths[id]);
    return ok;
  };

  // Which optional files to write, decided before writing anything.
  const ctxs = want.contexts;
  const schemes = ctxs.flatMap((c) => c.schemes);
  const hasRefresh = await need('refresh_ms', want.refresh_ms !== 0);
  const hasAddrUnit = await need('addr_unit', ctxs.some((c) => c.addr_unit !== 1));
  const hasPause = await need('pause', ctxs.some((c) => c.pause));
  const hasGoal = await need('intervals_goal', ctxs.some((c) => c.monitoring_attrs.intervals.intervals_goal.aggrs !== 0));
  const hasObsolete = await need('obsolete_target', ctxs.some((c) => c.targets.some((t) => t.obsolete_target)));
  const hasSplitFilters = await feature('core_filters');
  const hasFilterAllow = await need('filter_allow', schemes.some((s) => [...s.core_filters, ...s.ops_filters].some((f) => f.allow)));
  const hasDests = await need('dests', schemes.some((s) => s.dests.length > 0));
  const hasGoalNid = await need('goal_nid', schemes.some((s) => s.quotas.goals.some((g) => g.nid !== 0)));
  const hasGoalPath = await need('goal_path', schemes.some((s) => s.quotas.goals.some((g) => g.path !== '')));
  const hasTuner = await need('goal_tuner', schemes.some((s) => s.quotas.goal_tuner !== 'consist'));
  const hasSnapshots = await need('nr_snapshots', schemes.some((s) => s.max_nr_snapshots !== 0));
  if (ctxs.length > 1) {
    const p = `${root}/contexts/nr_contexts`;
    throw files.explain(new FsError('EINVAL', 'write', p, String(ctxs.length)), 'write', p);
  }

  // Optional files, by the pattern's tail.
  const optional: [RegExp, boolean][] = [
    [/^kdamonds\/N\/refresh_ms$/, hasRefresh],
    [/\/contexts\/N\/addr_unit$/, hasAddrUnit],
    [/\/contexts\/N\/pause$/, hasPause],
    [/\/targets\/N\/obsolete_target$/, hasObsolete],
    [/filters\/N\/(allow|min|max)$/, hasFilterAllow],
    [/\/goals\/N\/nid$/, hasGoalNid],
    [/\/goals\/N\/path$/, hasGoalPath],
    [/\/quotas\/goal_tuner$/, hasTuner],
    [/\/stats\/max_nr_snapshots$/, hasSnapshots],
  ];
  const has = (file: string): boolean => {
    const pat = patternOf(file);
    for (const [re, ok] of optional) if (re.test(pat)) return ok;
    return true;
  };
  const pl = new Planner(cur, has, opts.force ?? false);
  const num = (p: string, n: number, fresh: boolean): void => pl.value(p, formatNum(n), fresh);
  const bool = (p: string, b: boolean, fresh: boolean): void => pl.value(p, formatBool(b), fresh);

  if (hasRefresh) num(`${root}/refresh_ms`, want.refresh_ms, false);
  const ctxFresh = pl.count(`${root}/contexts`, 'nr_contexts', ctxs.length, false);
  for (const [c, ctx] of ctxs.entries()) {
    const p = `${root}/contexts/${c}`;
    const fresh = ctxFresh;
    pl.value(`${p}/operations`, ctx.operations, fresh);
    if (hasAddrUnit) num(`${p}/addr_unit`, ctx.addr_unit, fresh);
    if (hasPause) bool(`${p}/pause`, ctx.pause, fresh);
    const iv = `${p}/monitoring_attrs/intervals`;
    const a = ctx.monitoring_attrs;
    num(`${iv}/sample_us`, a.intervals.sample_us, fresh);
    num(`${iv}/aggr_us`, a.intervals.aggr_us, fresh);
    num(`${iv}/update_us`, a.intervals.update_us, fresh);
    if (hasGoal) {
      const g = a.intervals.intervals_goal;
      num(`${iv}/intervals_goal/access_bp`, g.access_bp, fresh);
      num(`${iv}/intervals_goal/aggrs`, g.aggrs, fresh);
      num(`${iv}/intervals_goal/min_sample_us`, g.min_sample_us, fresh);
      num(`${iv}/intervals_goal/max_sample_us`, g.max_sample_us, fresh);
    }
    num(`${p}/monitoring_attrs/nr_regions/min`, a.nr_regions.min, fresh);
    num(`${p}/monitoring_attrs/nr_regions/max`, a.nr_regions.max, fresh);

    const tFresh = pl.count(`${p}/targets`, 'nr_targets', ctx.targets.length, fresh);
    for (const [t, target] of ctx.targets.entries()) {
      const tp = `${p}/targets/${t}`;
      num(`${tp}/pid_target`, target.pid_target, tFresh);
      if (hasObsolete) bool(`${tp}/obsolete_target`, target.obsolete_target, tFresh);
      const rFresh = pl.count(`${tp}/regions`, 'nr_regions', target.regions.length, tFresh);
      for (const [r, region] of target.regions.entries()) {
        num(`${tp}/regions/${r}/start`, region.start, rFresh);
        num(`${tp}/regions/${r}/end`, region.end, rFresh);
      }
    }

    const sFresh = pl.count(`${p}/schemes`, 'nr_schemes', ctx.schemes.length, fresh);
    for (const [s, scheme] of ctx.schemes.entries()) {
      planScheme(pl, `${p}/schemes/${s}`, scheme, sFresh, { hasSplitFilters, hasDests });
    }
  }
  return pl.writes;
}

function planScheme(
  pl: Planner,
  sp: string,
  s: SchemeParams,
  fresh: boolean,
  f: { hasSplitFilters: boolean; hasDests: boolean },
): void {
  const num = (p: string, n: number, fr = fresh): void => pl.value(p, formatNum(n), fr);
  const bool = (p: string, b: boolean, fr: boolean): void => pl.value(p, formatBool(b), fr);
  pl.value(`${sp}/action`, s.action, fresh);
  num(`${sp}/target_nid`, s.target_nid);
  num(`${sp}/apply_interval_us`, s.apply_interval_us);
  for (const k of ['sz', 'nr_accesses', 'age'] as const) {
    num(`${sp}/access_pattern/${k}/min`, s.access_pattern[k].min);
    num(`${sp}/access_pattern/${k}/max`, s.access_pattern[k].max);
  }
  const q = `${sp}/quotas`;
  num(`${q}/ms`, s.quotas.ms);
  num(`${q}/bytes`, s.quotas.bytes);
  num(`${q}/reset_interval_ms`, s.quotas.reset_interval_ms);
  num(`${q}/weights/sz_permil`, s.quotas.weights.sz_permil);
  num(`${q}/weights/nr_accesses_permil`, s.quotas.weights.nr_accesses_permil);
  num(`${q}/weights/age_permil`, s.quotas.weights.age_permil);
  pl.value(`${q}/goal_tuner`, s.quotas.goal_tuner, fresh);
  const gFresh = pl.count(`${q}/goals`, 'nr_goals', s.quotas.goals.length, fresh);
  for (const [g, goal] of s.quotas.goals.entries()) planGoal(pl, `${q}/goals/${g}`, goal, gFresh);
  const w = `${sp}/watermarks`;
  pl.value(`${w}/metric`, s.watermarks.metric, fresh);
  num(`${w}/interval_us`, s.watermarks.interval_us);
  num(`${w}/high`, s.watermarks.high);
  num(`${w}/mid`, s.watermarks.mid);
  num(`${w}/low`, s.watermarks.low);

  const planFilters = (dir: string, filters: FilterParams[]): void => {
    const fFresh = pl.count(dir, 'nr_filters', filters.length, fresh);
    for (const [i, fl] of filters.entries()) {
      const fp = `${dir}/${i}`;
      pl.value(`${fp}/type`, fl.type, fFresh);
      bool(`${fp}/matching`, fl.matching, fFresh);
      bool(`${fp}/allow`, fl.allow, fFresh);
      if (fl.type === 'memcg') pl.value(`${fp}/memcg_path`, fl.memcg_path, fFresh);
      if (fl.type === 'addr') {
        num(`${fp}/addr_start`, fl.addr_start, fFresh);
        num(`${fp}/addr_end`, fl.addr_end, fFresh);
      }
      if (fl.type === 'target') num(`${fp}/damon_target_idx`, fl.damon_target_idx, fFresh);
      if (fl.type === 'hugepage_size') {
        num(`${fp}/min`, fl.min, fFresh);
        num(`${fp}/max`, fl.max, fFresh);
      }
    }
  };
  if (f.hasSplitFilters) {
    planFilters(`${sp}/core_filters`, s.core_filters);
    planFilters(`${sp}/ops_filters`, s.ops_filters);
    planFilters(`${sp}/filters`, []);
  } else {
    // 6.12: one filters/ directory; the core filters go first, as the kernel applies them first.
    planFilters(`${sp}/filters`, [...s.core_filters, ...s.ops_filters]);
  }
  if (f.hasDests) {
    const dFresh = pl.count(`${sp}/dests`, 'nr_dests', s.dests.length, fresh);
    for (const [i, dest] of s.dests.entries()) {
      num(`${sp}/dests/${i}/id`, dest.id, dFresh);
      num(`${sp}/dests/${i}/weight`, dest.weight, dFresh);
    }
  }
  num(`${sp}/stats/max_nr_snapshots`, s.max_nr_snapshots);
}

function planGoal(pl: Planner, gp: string, g: QuotaGoal, fresh: boolean): void {
  pl.value(`${gp}/target_metric`, g.target_metric, fresh);
  pl.value(`${gp}/target_value`, formatNum(g.target_value), fresh);
  if (g.target_metric === 'user_input') pl.value(`${gp}/current_value`, formatNum(g.current_value), fresh);
  pl.value(`${gp}/nid`, formatNum(g.nid), fresh);
  pl.value(`${gp}/path`, g.path, fresh);
}
