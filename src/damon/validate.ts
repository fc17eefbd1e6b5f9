// Commit validation with the kernel's answers. `on` and `commit` build a context from the
// staged values and commit it into a scratch context first (`damon_commit_ctx()` via
// `damon_new_test_ctx()`), so every error below comes back before the running kdamond is
// touched. Sources: mm/damon/core.c (`damon_set_attrs()`, `__damon_commit_ctx()`,
// `damon_commit_targets()`, `damos_commit_quota_goal()`, `damos_commit_filter_arg()`,
// `damon_set_regions()`) and mm/damon/sysfs.c (`damon_sysfs_set_regions()`,
// `damon_sysfs_add_targets()`).

import { DamonError } from './errno';
import { ULONG_MAX, alignDown, alignUp, minRegionSz, type ContextParams, type DamonOps, type KdamondParams, type MonitoringAttrs, type SchemeParams } from './params';

/** What the validation needs to know about the (simulated or real) system. */
export interface ValidationEnv {
  /** Registered operations sets (`avail_operations`). */
  availableOps: readonly DamonOps[];
  /** Whether a pid names a live process (`find_get_pid()`). */
  pidExists(pid: number): boolean;
  /** Targets of the running context a `commit` goes into; 0 for `on`. */
  nrCommittedTargets: number;
}

function fail(path: string, value: unknown, why: string): DamonError {
  return new DamonError('EINVAL', `${path}=${String(value)}: ${why}`);
}

function isPowerOf2(n: number): boolean {
  return Number.isInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** Every numeric field must fit its sysfs type; a bigger value is what kstrtoul() answers ERANGE to. */
function checkUlong(path: string, value: number): DamonError | null {
  if (!Number.isInteger(value) || value < 0) return fail(path, value, 'not an unsigned integer');
  if (value > ULONG_MAX) return new DamonError('ERANGE', `${path}=${value}: larger than ULONG_MAX`);
  return null;
}

/** `damon_set_attrs()` and `damon_valid_intervals_goal()`. */
export function validateAttrs(attrs: MonitoringAttrs): DamonError | null {
  const iv = attrs.intervals;
  const goal = iv.intervals_goal;
  const p = 'monitoring_attrs';
  for (const [name, v] of [
    ['intervals/sample_us', iv.sample_us], ['intervals/aggr_us', iv.aggr_us], ['intervals/update_us', iv.update_us],
    ['intervals/intervals_goal/access_bp', goal.access_bp], ['intervals/intervals_goal/aggrs', goal.aggrs],
    ['intervals/intervals_goal/min_sample_us', goal.min_sample_us], ['intervals/intervals_goal/max_sample_us', goal.max_sample_us],
    ['nr_regions/min', attrs.nr_regions.min], ['nr_regions/max', attrs.nr_regions.max],
  ] as const) {
    const e = checkUlong(`${p}/${name}`, v);
    if (e) return e;
  }
  if (goal.aggrs) {
    if (goal.min_sample_us > goal.max_sample_us) {
      return fail(`${p}/intervals/intervals_goal/min_sample_us`, goal.min_sample_us, `larger than max_sample_us (${goal.max_sample_us})`);
    }
    if (iv.sample_us < goal.min_sample_us || goal.max_sample_us < iv.sample_us) {
      return fail(`${p}/intervals/sample_us`, iv.sample_us, `outside intervals_goal [min_sample_us, max_sample_us] = [${goal.min_sample_us}, ${goal.max_sample_us}]`);
    }
  }
  if (attrs.nr_regions.min < 3) return fail(`${p}/nr_regions/min`, attrs.nr_regions.min, 'min_nr_regions must be at least 3');
  if (attrs.nr_regions.min > attrs.nr_regions.max) {
    return fail(`${p}/nr_regions/min`, attrs.nr_regions.min, `larger than nr_regions/max (${attrs.nr_regions.max})`);
  }
  if (iv.sample_us > iv.aggr_us) return fail(`${p}/intervals/sample_us`, iv.sample_us, `larger than aggr_us (${iv.aggr_us})`);
  return null;
}

/** Quota goals (`damos_commit_quota_goal()`) and filters (`damos_commit_filter_arg()`). */
export function validateScheme(s: SchemeParams, path: string): DamonError | null {
  for (const [i, g] of s.quotas.goals.entries()) {
    if (!g.target_value) return fail(`${path}/quotas/goals/${i}/target_value`, g.target_value, 'a quota goal needs a non-zero target_value');
  }
  for (const [dir, filters] of [['core_filters', s.core_filters], ['ops_filters', s.ops_filters]] as const) {
    for (const [i, f] of filters.entries()) {
      const fp = `${path}/${dir}/${i}`;
      if (f.type === 'addr' && f.addr_end < f.addr_start) return fail(`${fp}/addr_end`, f.addr_end, `smaller than addr_start (${f.addr_start})`);
      if (f.type === 'hugepage_size' && f.max < f.min) return fail(`${fp}/max`, f.max, `smaller than min (${f.min})`);
    }
  }
  return null;
}

/** Targets and their initial regions (`damon_sysfs_add_targets()`, `damon_sysfs_set_regions()`, `damon_set_regions()`). */
function validateTargets(ctx: ContextParams, env: ValidationEnv, minSz: number): DamonError | null {
  if (ctx.operations === 'paddr' && ctx.targets.length > 1) {
    return fail('targets/nr_targets', ctx.targets.length, 'paddr supports only one target');
  }
  for (const [ti, t] of ctx.targets.entries()) {
    const tp = `targets/${ti}`;
    if (ctx.operations !== 'paddr' && !t.obsolete_target && !env.pidExists(t.pid_target)) {
      return fail(`${tp}/pid_target`, t.pid_target, 'no such process');
    }
    for (const [ri, r] of t.regions.entries()) {
      const rp = `${tp}/regions/${ri}`;
      const e = checkUlong(`${rp}/start`, r.start) ?? checkUlong(`${rp}/end`, r.end);
      if (e) return e;
      if (r.start > r.end) return fail(`${rp}/start`, r.start, `larger than end (${r.end})`);
      if (ri > 0 && t.regions[ri - 1].end > r.start) {
        return fail(`${rp}/start`, r.start, `overlaps the previous region, which ends at ${t.regions[ri - 1].end}`);
      }
      if (alignDown(r.start, minSz) >= alignUp(r.end, minSz)) {
        return fail(`${rp}/end`, r.end, `empty once aligned to min_region_sz (${minSz})`);
      }
    }
  }
  // damon_commit_targets(): an obsolete source target must have a committed target to remove.
  for (let ti = env.nrCommittedTargets; ti < ctx.targets.length; ti++) {
    if (ctx.targets[ti].obsolete_target) {
      return fail(`targets/${ti}/obsolete_target`, 'Y', `no running target ${ti} to remove (${env.nrCommittedTargets} committed)`);
    }
  }
  return null;
}

/** Validates one context as `on`/`commit` would. Returns the kernel's error, or null if it commits. */
export function validateContext(ctx: ContextParams, env: ValidationEnv): DamonError | null {
  if (!env.availableOps.includes(ctx.operations)) return fail('operations', ctx.operations, 'operations set not registered');
  if (!ctx.addr_unit) return fail('addr_unit', ctx.addr_unit, 'must not be zero');
  const e0 = checkUlong('addr_unit', ctx.addr_unit);
  if (e0) return e0;
  const minSz = minRegionSz(ctx);
  const err = validateAttrs(ctx.monitoring_attrs) ?? validateTargets(ctx, env, minSz);
  if (err) return err;
  for (const [si, s] of ctx.schemes.entries()) {
    const e = validateScheme(s, `schemes/${si}`);
    if (e) return e;
  }
  // __damon_commit_ctx(): a non-power-of-two min_region_sz (from addr_unit) is refused.
  if (!isPowerOf2(minSz)) return fail('addr_unit', ctx.addr_unit, `gives min_region_sz ${minSz}, not a power of two`);
  return null;
}

/** `state` commands other than `off` need exactly one context (`damon_sysfs_handle_cmd()`). */
export function validateKdamond(k: KdamondParams, env: ValidationEnv): DamonError | null {
  if (k.contexts.length !== 1) return fail('contexts/nr_contexts', k.contexts.length, 'the command needs exactly one context');
  return validateContext(k.contexts[0], env);
}
