// DAMOS (mm/damon/core.c): watermarks, quota windows and tuning, prioritisation, core
// filters, applying actions to regions, stats, and damos_walk. Time for the quota charge
// windows is jiffies (HZ = 1000) of the kdamond's virtual clock, which keeps running while
// the context is paused.

import { alignDown, type FilterParams } from '../damon/params';
import { regionSzLimit } from './adjust';
import { samplesPerAggr, type DamonCtx, type GoalRt, type SchemeRt } from './context';
import { applyAction } from './effects';
import { DAMOS_MAX_SCORE, effectiveQuota, goalScoreBp, hotScore, minScoreFor, schemeScore } from './quota';

function jiffies(ctx: DamonCtx): number {
  return 1000 + Math.floor(ctx.nowUs / 1000);
}

// ---- watermarks ----

/** `damos_wmark_wait_us()`: 0 if the scheme is active, else how long to wait before rechecking. */
function wmarkWaitUs(ctx: DamonCtx, s: SchemeRt): number {
  const w = s.p.watermarks;
  if (w.metric !== 'free_mem_rate') return 0;
  const metric = ctx.machine.freeMemRate(ctx.nowUs);
  if (metric > w.high || w.low > metric) {
    s.wmarksActivated = false;
    return w.interval_us;
  }
  if (w.high >= metric && metric >= w.mid && !s.wmarksActivated) return w.interval_us;
  s.wmarksActivated = true;
  return 0;
}

/** One round of `kdamond_wait_activation()`: the shortest wait among the schemes (0 = go). */
export function activationWaitUs(ctx: DamonCtx): number {
  let min: number | null = null;
  for (const s of ctx.schemes) {
    const wait = wmarkWaitUs(ctx, s);
    if (min === null || wait < min) min = wait;
  }
  return min ?? 0;
}

// ---- quota ----

function quotaIsSet(s: SchemeRt): boolean {
  const q = s.p.quotas;
  return s.quota.esz !== 0 || q.bytes !== 0 || q.ms !== 0 || q.goals.length !== 0;
}

/** `damos_quota_is_full()`: less than min_region_sz left counts as full. */
function quotaIsFull(ctx: DamonCtx, s: SchemeRt): boolean {
  if (!quotaIsSet(s)) return false;
  if (s.quota.chargedSz >= s.quota.esz) return true;
  return s.quota.esz - s.quota.chargedSz < ctx.minRegionSz;
}

/** `damos_set_quota_goal_current_value()` from the simulated machine. */
function goalCurrentValue(ctx: DamonCtx, g: GoalRt): number {
  const m = ctx.machine;
  const t = ctx.nowUs;
  const p = g.params;
  const validNid = p.nid >= 0 && p.nid < m.workload.nodes;
  const bp = (num: number, den: number): number => Math.floor((num * 10000) / den);
  switch (p.target_metric) {
    case 'user_input':
      return g.current_value;
    case 'some_mem_psi_us': {
      const now = Math.floor(m.psiTotalUs);
      const v = g.lastPsiTotal === null ? p.target_value : now - g.lastPsiTotal;
      g.lastPsiTotal = now;
      return v;
    }
    case 'node_mem_used_bp': case 'node_mem_free_bp': {
      const used = p.target_metric === 'node_mem_used_bp';
      if (!validNid) return used ? 0 : 10000;
      const u = Math.min(m.nodeUsedBytes(p.nid, t), m.nodeBytes);
      return bp(used ? u : m.nodeBytes - u, m.nodeBytes);
    }
    case 'node_memcg_used_bp': case 'node_memcg_free_bp': {
      const used = p.target_metric === 'node_memcg_used_bp';
      if (!validNid || !m.areas.some((a) => a.memcg === p.path)) return used ? 0 : 10000;
      const u = Math.min(m.memcgNodeBytes(p.path, p.nid, t), m.nodeBytes);
      return bp(used ? u : m.nodeBytes - u, m.nodeBytes);
    }
    case 'active_mem_bp': case 'inactive_mem_bp': {
      const lru = m.lruBytes(t);
      const total = Math.max(lru.active + lru.inactive, 1);
      return bp(p.target_metric === 'active_mem_bp' ? lru.active : lru.inactive, total);
    }
  }
}

function setEffectiveQuota(ctx: DamonCtx, s: SchemeRt): void {
  let score = 0;
  if (s.goals.length) {
    for (const g of s.goals) g.current_value = goalCurrentValue(ctx, g);
    score = goalScoreBp(s.goals.map((g) => ({ current_value: g.current_value, target_value: g.params.target_value })));
  }
  s.quota.esz = effectiveQuota(s.p.quotas, s.quota, score, ctx.minRegionSz);
}

function traceEsz(ctx: DamonCtx, s: SchemeRt): void {
  if (ctx.trace.enabled) ctx.trace.emit({ event: 'damos_esz', ts_us: ctx.nowUs, context_idx: 0, scheme_idx: ctx.schemes.indexOf(s), esz: s.quota.esz });
}

/** `damos_valid_target()` without the score: the access pattern, on the moving sum. */
function patternMatches(ctx: DamonCtx, i: number, s: SchemeRt): boolean {
  const rs = ctx.regions;
  const ap = s.p.access_pattern;
  const sz = rs.sz(i);
  const nr = ctx.mvsum(i);
  return ap.sz.min <= sz && sz <= ap.sz.max && ap.nr_accesses.min <= nr && nr <= ap.nr_accesses.max && ap.age.min <= rs.age[i] && rs.age[i] <= ap.age.max;
}

/** `get_scheme_score`, on the moving-sum access frequency the pattern also uses. */
function score(ctx: DamonCtx, i: number, s: SchemeRt): number {
  const hot = (): number => hotScore(ctx.mvsum(i), samplesPerAggr(ctx.attrs), ctx.regions.age[i], ctx.attrs.aggr_us, s.p.quotas.weights);
  return schemeScore(ctx.ops.name, s.p.action, hot);
}

/**
 * `damos_adjust_quota()`: start a new charge window when the reset interval passed (counting
 * qt_exceeds), recompute the effective quota, then set min_score from the score histogram.
 */
function adjustQuota(ctx: DamonCtx, s: SchemeRt): void {
  const q = s.quota;
  const p = s.p.quotas;
  if (!p.ms && !p.bytes && p.goals.length === 0) return;
  const now = jiffies(ctx);
  if (!q.totalChargedSz && !q.chargedFrom) {
    q.chargedFrom = now;
    setEffectiveQuota(ctx, s);
    traceEsz(ctx, s);
  }
  if (!(now >= q.chargedFrom && now < q.chargedFrom + p.reset_interval_ms)) {
    if (quotaIsFull(ctx, s)) s.stats.qt_exceeds++;
    q.totalChargedSz += q.chargedSz;
    q.chargedFrom = now;
    q.chargedSz = 0;
    const cached = q.esz;
    setEffectiveQuota(ctx, s);
    if (q.esz !== cached) traceEsz(ctx, s);
  }
  const histogram = new Float64Array(DAMOS_MAX_SCORE + 1);
  let maxScore = 0;
  const rs = ctx.regions;
  for (let t = 0; t < ctx.targets.length; t++) {
    for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
      if (!patternMatches(ctx, i, s)) continue;
      if (coreFilterOut(ctx, t, i, s).out) continue;
      const sc = score(ctx, i, s);
      histogram[sc] += rs.sz(i);
      maxScore = Math.max(maxScore, sc);
    }
  }
  q.minScore = minScoreFor(histogram, maxScore, q.esz);
}

// ---- filters ----

/** `damos_filter_match()` for the core filters; an addr filter splits a region it partly covers. */
function coreFilterFires(ctx: DamonCtx, t: number, i: number, f: FilterParams): boolean {
  const rs = ctx.regions;
  let matched: boolean;
  if (f.type === 'target') {
    matched = t === f.damon_target_idx;
  } else if (f.type === 'addr') {
    const start = alignDown(f.addr_start, ctx.minRegionSz);
    const end = alignDown(f.addr_end, ctx.minRegionSz);
    if (start <= rs.start[i] && rs.end[i] <= end) matched = true;
    else if (rs.end[i] <= start || end <= rs.start[i]) matched = false;
    else if (rs.start[i] < start) {
      rs.splitAt(t, i, start - rs.start[i]);
      matched = false;
    } else {
      rs.splitAt(t, i, end - rs.start[i]);
      matched = true;
    }
  } else {
    return false;
  }
  return matched === f.matching;
}

/** `damos_core_filter_out()`: first firing filter decides; `allowed` skips the ops filters. */
function coreFilterOut(ctx: DamonCtx, t: number, i: number, s: SchemeRt): { out: boolean; allowed: boolean } {
  for (const f of s.p.core_filters) {
    if (coreFilterFires(ctx, t, i, f)) return { out: !f.allow, allowed: f.allow };
  }
  return { out: s.coreFiltersDefaultReject, allowed: false };
}

// ---- applying ----

/**
 * `damos_skip_charged_region()`: after a window ran out of quota, resume where it stopped:
 * skip other targets and regions before `charge_addr_from`, splitting a region at it.
 */
function skipChargedRegion(ctx: DamonCtx, t: number, i: number, s: SchemeRt): boolean {
  const q = s.quota;
  const rs = ctx.regions;
  let skip = false;
  if (q.chargeTargetFrom) {
    if (ctx.targets[t] !== q.chargeTargetFrom) return true;
    if (q.chargeAddrFrom && rs.end[i] <= q.chargeAddrFrom) {
      skip = true;
    } else if (q.chargeAddrFrom && rs.start[i] < q.chargeAddrFrom) {
      let szToSkip = alignDown(q.chargeAddrFrom - rs.start[i], ctx.minRegionSz);
      if (!szToSkip) {
        if (rs.sz(i) <= ctx.minRegionSz) skip = true;
        szToSkip = ctx.minRegionSz;
      }
      if (!skip) rs.splitAt(t, i, szToSkip);
      skip = true;
    }
  }
  if (i === rs.tOff[t + 1] - 1) {
    q.chargeTargetFrom = null;
    q.chargeAddrFrom = 0;
  }
  return skip;
}

function updateStat(s: SchemeRt, szTried: number, szApplied: number, szPassed: number): void {
  s.stats.nr_tried++;
  s.stats.sz_tried += szTried;
  if (szApplied) s.stats.nr_applied++;
  s.stats.sz_applied += szApplied;
  s.stats.sz_ops_filter_passed += szPassed;
}

/** `damos_apply_scheme()`: cut to the quota, core filters, trace, ops apply, charge, walk, age, stats. */
function applyScheme(ctx: DamonCtx, t: number, i: number, s: SchemeRt, si: number): void {
  const rs = ctx.regions;
  let sz = rs.sz(i);
  if (quotaIsSet(s) && s.quota.chargedSz + sz > s.quota.esz) {
    sz = alignDown(s.quota.esz - s.quota.chargedSz, ctx.minRegionSz);
    if (!sz) {
      updateStat(s, sz, 0, 0);
      return;
    }
    rs.splitAt(t, i, sz);
  }
  const core = coreFilterOut(ctx, t, i, s);
  if (core.out) return;
  sz = rs.sz(i);
  const nrAccesses = ctx.mvsum(i);
  if (ctx.trace.enabled) {
    ctx.trace.emit({
      event: 'damos_before_apply', ts_us: ctx.nowUs, context_idx: 0, scheme_idx: si, target_idx: t,
      start: rs.start[i], end: rs.end[i], nr_accesses: nrAccesses, age: rs.age[i], nr_regions: rs.nrRegionsOf(t),
    });
  }
  const unit = ctx.addrUnit;
  const res = applyAction(ctx.machine, ctx.ops.space(ctx.targets[t].pid), rs.start[i] * unit, rs.end[i] * unit, ctx.nowUs, {
    ops: ctx.ops.name, action: s.p.action, targetNid: s.p.target_nid, dests: s.p.dests,
    opsFilters: s.p.ops_filters, opsFiltersDefaultReject: s.opsFiltersDefaultReject, coreFiltersAllowed: core.allowed,
    youngWindowUs: s.p.apply_interval_us || ctx.attrs.aggr_us,
  });
  if (ctx.walk && !s.walkCompleted) {
    const tr = ctx.walk.tried[si];
    tr.regions.push({ start: rs.start[i], end: rs.end[i], nr_accesses: nrAccesses, age: rs.age[i], sz_filter_passed: res.passed });
    tr.total_bytes += sz;
  }
  s.quota.totalChargedNs += res.ns;
  // damos_charge_quota(): mainline charges the whole size; mm-new's fail_charge_num/denom
  // would charge only part of the bytes the action failed on.
  s.quota.chargedSz += sz;
  if (quotaIsFull(ctx, s)) {
    s.quota.chargeTargetFrom = ctx.targets[t];
    s.quota.chargeAddrFrom = rs.end[i];
  }
  if (s.p.action !== 'stat') rs.age[i] = 0;
  updateStat(s, sz, res.applied, res.passed);
}

/** `damon_do_apply_schemes()` for region i of target t. */
function doApplySchemes(ctx: DamonCtx, t: number, i: number): void {
  const rs = ctx.regions;
  for (let si = 0; si < ctx.schemes.length; si++) {
    const s = ctx.schemes[si];
    if (ctx.passed < s.nextApplySis) continue;
    if (!s.wmarksActivated) continue;
    if (quotaIsFull(ctx, s)) continue;
    if (skipChargedRegion(ctx, t, i, s)) continue;
    if (s.p.max_nr_snapshots && s.p.max_nr_snapshots <= s.stats.nr_snapshots) continue;
    if (patternMatches(ctx, i, s) && (!quotaIsSet(s) || score(ctx, i, s) >= s.quota.minScore)) applyScheme(ctx, t, i, s, si);
    if (i === rs.tOff[t + 1] - 1) s.stats.nr_snapshots++;
  }
}

/**
 * `damos_apply_target()`: apply to every region, merging a region back into its left
 * neighbour when a quota split left them identical and the result fits max_region_sz.
 */
function applyTarget(ctx: DamonCtx, t: number, maxRegionSz: number): void {
  const rs = ctx.regions;
  for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
    doApplySchemes(ctx, t, i);
    if (i === rs.tOff[t]) continue;
    const p = i - 1;
    if (rs.end[p] !== rs.start[i] || rs.age[p] !== rs.age[i] || rs.lastNrAccesses[p] !== rs.lastNrAccesses[i] || rs.nrAccesses[p] !== rs.nrAccesses[i]) continue;
    if (rs.end[i] - rs.start[p] > maxRegionSz) continue;
    rs.end[p] = rs.end[i];
    rs.remove(t, i, 1);
    i = p;
  }
}

/** `damos_walk_complete()`: the walk is done once every scheme finished one apply interval. */
function walkComplete(ctx: DamonCtx, s: SchemeRt): void {
  const w = ctx.walk;
  if (!w) return;
  s.walkCompleted = true;
  if (!ctx.schemes.every((x) => x.walkCompleted)) return;
  for (const x of ctx.schemes) x.walkCompleted = false;
  ctx.walk = null;
  w.resolve(w.tried);
}

/** `kdamond_apply_schemes()`. */
export function applySchemes(ctx: DamonCtx): void {
  let due = false;
  for (const s of ctx.schemes) {
    if (ctx.passed < s.nextApplySis || !s.wmarksActivated) continue;
    if (!due) ctx.machine.syncTo(ctx.nowUs);
    due = true;
    adjustQuota(ctx, s);
  }
  if (!due) return;
  const maxRegionSz = regionSzLimit(ctx.regions, ctx.attrs.min_nr_regions, ctx.minRegionSz);
  for (let t = 0; t < ctx.targets.length; t++) {
    if (!ctx.targetValid(t)) {
      for (const s of ctx.schemes) {
        if (s.quota.chargeTargetFrom !== ctx.targets[t]) continue;
        s.quota.chargeTargetFrom = null;
        s.quota.chargeAddrFrom = 0;
      }
      continue;
    }
    applyTarget(ctx, t, maxRegionSz);
  }
  ctx.schemes.forEach((s, si) => {
    if (ctx.passed < s.nextApplySis) return;
    walkComplete(ctx, s);
    ctx.setNextApplySis(s);
    if (!ctx.trace.enabled) return;
    const st = s.stats;
    ctx.trace.emit({
      event: 'damos_stat_after_apply_interval', ts_us: ctx.nowUs, context_idx: 0, scheme_idx: si,
      nr_tried: st.nr_tried, sz_tried: st.sz_tried, nr_applied: st.nr_applied, sz_applied: st.sz_applied,
      sz_ops_filter_passed: st.sz_ops_filter_passed, qt_exceeds: st.qt_exceeds, nr_snapshots: st.nr_snapshots,
    });
  });
}
