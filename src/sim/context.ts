// The running `struct damon_ctx`: attrs (possibly auto-tuned), targets and their regions,
// schemes with their internal quota state, and the sample-count schedules. The monitoring
// steps of kdamond_fn() live here; DAMOS is in damos.ts, the loop in kdamond.ts.

import { isCoreFilterType, minRegionSz, type AddrRange, type ContextParams, type IntervalsGoal, type QuotaGoal, type SchemeParams } from '../damon/params';
import { emptySchemeStats, type SchemeStats, type TriedRegions } from '../damon/status';
import { applyMinNrRegions, mergeRegions, setRegions, splitRegions, type SplitState } from './adjust';
import { intervalsAdaptationBp, intervalsScoreBp, tunedSampleUs } from './feedloop';
import type { AccessSegments, Machine } from './machine';
import { OPS, type Ops } from './ops';
import { Prng } from './prng';
import { RegionStore } from './regions';
import { checkAccesses, clearThresholds, CorrelatedSampler, maxRegionNrAccesses, setThresholds } from './sampling';
import { maxNrAccesses } from '../damon/units';
import type { TraceEmitter } from './trace';

/** `struct damon_attrs`. */
export interface Attrs {
  sample_us: number;
  aggr_us: number;
  update_us: number;
  intervals_goal: IntervalsGoal;
  min_nr_regions: number;
  max_nr_regions: number;
  /** aggr/sample as set by the user; the interval tuner keeps it. */
  aggr_samples: number;
}

export interface TargetRt {
  pid: number;
}

export interface GoalRt {
  params: QuotaGoal;
  current_value: number;
  /** `last_psi_total`; null until the first window (U64_MAX in the kernel). */
  lastPsiTotal: number | null;
}

export interface QuotaRt {
  esz: number;
  eszBp: number;
  chargedSz: number;
  /** jiffies (ms) the current charge window started at; 0 before the first window. */
  chargedFrom: number;
  totalChargedSz: number;
  totalChargedNs: number;
  chargeTargetFrom: TargetRt | null;
  chargeAddrFrom: number;
  minScore: number;
}

export interface SchemeRt {
  p: SchemeParams;
  stats: SchemeStats;
  nextApplySis: number;
  wmarksActivated: boolean;
  quota: QuotaRt;
  goals: GoalRt[];
  coreFiltersDefaultReject: boolean;
  opsFiltersDefaultReject: boolean;
  walkCompleted: boolean;
}

export interface WalkControl {
  tried: TriedRegions[];
  resolve(tried: TriedRegions[]): void;
  reject(e: Error): void;
}

export function attrsOf(p: ContextParams): Attrs {
  const iv = p.monitoring_attrs.intervals;
  return {
    sample_us: iv.sample_us,
    aggr_us: iv.aggr_us,
    update_us: iv.update_us,
    intervals_goal: { ...iv.intervals_goal },
    min_nr_regions: p.monitoring_attrs.nr_regions.min,
    max_nr_regions: p.monitoring_attrs.nr_regions.max,
    aggr_samples: Math.floor(iv.aggr_us / (iv.sample_us || 1)),
  };
}

function attrsEqual(a: Attrs, b: Attrs): boolean {
  const g = a.intervals_goal;
  const h = b.intervals_goal;
  return a.sample_us === b.sample_us && a.aggr_us === b.aggr_us && a.update_us === b.update_us &&
    a.min_nr_regions === b.min_nr_regions && a.max_nr_regions === b.max_nr_regions &&
    g.access_bp === h.access_bp && g.aggrs === h.aggrs && g.min_sample_us === h.min_sample_us && g.max_sample_us === h.max_sample_us;
}

/** `damon_nr_samples_per_aggr()` / `damon_max_nr_accesses()`. */
export function samplesPerAggr(a: Attrs): number {
  return maxNrAccesses(a.sample_us, a.aggr_us);
}

/** `damos_filters_default_reject()`: reject unmatched memory iff the last filter allows. */
function defaultReject(filters: readonly { allow: boolean }[]): boolean {
  return filters.length > 0 && filters[filters.length - 1].allow;
}

/** The kernel files each filter by type (`damos_add_filter()`), whichever directory it was written in. */
function normalizeFilters(p: SchemeParams): SchemeParams {
  const all = [...p.core_filters, ...p.ops_filters];
  return { ...p, core_filters: all.filter((f) => isCoreFilterType(f.type)), ops_filters: all.filter((f) => !isCoreFilterType(f.type)) };
}

function newQuota(): QuotaRt {
  return { esz: 0, eszBp: 0, chargedSz: 0, chargedFrom: 0, totalChargedSz: 0, totalChargedNs: 0, chargeTargetFrom: null, chargeAddrFrom: 0, minScore: 0 };
}

export class DamonCtx {
  params: ContextParams;
  ops: Ops;
  attrs: Attrs;
  addrUnit: number;
  minRegionSz: number;
  pause: boolean;
  passed = 0;
  nextAggregationSis = 0;
  nextOpsUpdateSis = 0;
  nextIntervalsTuneSis = 0;
  readonly regions = new RegionStore();
  targets: TargetRt[] = [];
  schemes: SchemeRt[] = [];
  /** The moving sums are stored relative to this sample count (see bp()). */
  private bpSis = 0;
  readonly rng: Prng;
  walk: WalkControl | null = null;
  /** Virtual time of the kdamond owning this context (µs). */
  nowUs = 0;
  /** Sampling thresholds are valid until this time, and while the regions keep this version. */
  private thresholdsUntilUs = -1;
  private thresholdsVersion = -1;
  /** The machine's THP flags the thresholds were computed with. */
  private thresholdsHugeVersion = -1;
  /** Regions sampled by drawing their address (sweeps, coherent areas, THP). */
  private readonly correlated: CorrelatedSampler;
  /** The targets' true rates, valid until `segmentsUntilUs` (the machine's next change). */
  private segments: AccessSegments[] = [];
  private segmentsUntilUs = -1;

  constructor(
    params: ContextParams,
    readonly machine: Machine,
    readonly trace: TraceEmitter,
    private readonly splitState: SplitState,
    seed: number,
  ) {
    this.params = structuredClone(params);
    this.correlated = new CorrelatedSampler(machine);
    this.ops = OPS[params.operations];
    this.attrs = attrsOf(params);
    this.addrUnit = params.addr_unit;
    this.minRegionSz = minRegionSz(params);
    this.pause = params.pause;
    this.rng = new Prng(seed);
    for (const t of params.targets) this.addTarget(t.pid_target, t.regions);
    this.schemes = params.schemes.map((s) => this.newScheme(s));
  }

  // ---- moving sum (mainline nr_accesses_bp) ----
  // The kernel updates nr_accesses_bp every sample: bp += (accessed ? 10000 : 0) -
  // last_nr_accesses * 10000 / len_window. The subtrahend is constant within a window, so
  // bp is kept as an offset and computed on demand; mm-new instead computes
  // damon_nr_accesses_mvsum() from nr_accesses and last_nr_accesses.

  private dec(i: number): number {
    return Math.floor((this.regions.lastNrAccesses[i] * 10000) / samplesPerAggr(this.attrs));
  }

  /** The region's nr_accesses_bp (clamped at 0 where the kernel's unsigned sum would wrap). */
  bp(i: number): number {
    const rs = this.regions;
    return Math.max(0, rs.bpOff[i] + rs.nrAccesses[i] * 10000 - (this.passed - this.bpSis) * this.dec(i));
  }

  /** The access frequency DAMOS uses: `nr_accesses_bp / 10000`. */
  mvsum(i: number): number {
    return Math.floor(this.bp(i) / 10000);
  }

  /** Sets every region's moving sum to bpOf(i), as of now. bpOf must not read bp(). */
  private rebaseBp(bpOf: (i: number) => number): void {
    const rs = this.regions;
    this.bpSis = this.passed;
    for (let i = 0; i < rs.n; i++) rs.bpOff[i] = bpOf(i) - rs.nrAccesses[i] * 10000;
  }

  // ---- targets and schemes ----

  private addTarget(pid: number, ranges: readonly AddrRange[], minSz = this.minRegionSz): void {
    this.targets.push({ pid });
    this.regions.addTarget(ranges.length ? setRegions([], ranges, minSz) : []);
  }

  private removeTarget(t: number): void {
    const gone = this.targets[t];
    this.targets.splice(t, 1);
    this.regions.removeTarget(t);
    for (const s of this.schemes) {
      if (s.quota.chargeTargetFrom === gone) {
        s.quota.chargeTargetFrom = null;
        s.quota.chargeAddrFrom = 0;
      }
    }
  }

  /** `damon_destroy_targets()`, as a stopping kdamond does. */
  destroyTargets(): void {
    while (this.targets.length) this.removeTarget(0);
  }

  private newScheme(p: SchemeParams): SchemeRt {
    const s: SchemeRt = {
      p: normalizeFilters(structuredClone(p)),
      stats: emptySchemeStats(),
      nextApplySis: 0,
      wmarksActivated: true,
      quota: newQuota(),
      goals: p.quotas.goals.map((g) => ({ params: { ...g }, current_value: g.current_value, lastPsiTotal: null })),
      coreFiltersDefaultReject: false,
      opsFiltersDefaultReject: false,
      walkCompleted: false,
    };
    this.setFiltersDefaultReject(s);
    this.setNextApplySis(s);
    return s;
  }

  /** `damos_set_filters_default_reject()`: the core default only applies without ops filters. */
  private setFiltersDefaultReject(s: SchemeRt): void {
    s.coreFiltersDefaultReject = s.p.ops_filters.length ? false : defaultReject(s.p.core_filters);
    s.opsFiltersDefaultReject = defaultReject(s.p.ops_filters);
  }

  /** `damos_set_next_apply_sis()`. */
  setNextApplySis(s: SchemeRt): void {
    const sample = this.attrs.sample_us || 1;
    const apply = s.p.apply_interval_us || this.attrs.aggr_us;
    s.nextApplySis = this.passed + Math.floor(apply / sample);
  }

  targetValid(t: number): boolean {
    return this.ops.targetValid(this.machine, this.targets[t].pid, this.nowUs);
  }

  // ---- kdamond_fn steps ----

  /** `kdamond_init_ctx()`, `ops.init`, then `damon_apply_min_nr_regions()`; returns sz_limit. */
  init(): number {
    const sample = this.attrs.sample_us || 1;
    this.passed = 0;
    this.bpSis = 0;
    this.nextAggregationSis = Math.floor(this.attrs.aggr_us / sample);
    this.nextOpsUpdateSis = Math.floor(this.attrs.update_us / sample);
    this.nextIntervalsTuneSis = this.nextAggregationSis * this.attrs.intervals_goal.aggrs;
    for (const s of this.schemes) {
      this.setNextApplySis(s);
      this.setFiltersDefaultReject(s);
    }
    this.targets.forEach((tg, t) => {
      if (this.regions.nrRegionsOf(t)) return;
      const init = this.ops.initRegions(this.machine, tg.pid, this.attrs.min_nr_regions, this.nowUs);
      if (init) this.regions.setTarget(t, init);
    });
    return this.applyMinNrRegions();
  }

  applyMinNrRegions(): number {
    return applyMinNrRegions(this.regions, this.attrs.min_nr_regions, this.minRegionSz);
  }

  invalidateThresholds(): void {
    this.thresholdsUntilUs = -1;
  }

  /** `prepare_access_checks` + `check_accesses` of one sample. */
  sample(): void {
    const hugeVersion = this.machine.hugeVersion;
    if (this.nowUs >= this.thresholdsUntilUs || this.regions.version !== this.thresholdsVersion || hugeVersion !== this.thresholdsHugeVersion) {
      if (this.nowUs >= this.segmentsUntilUs || this.segments.length !== this.targets.length || hugeVersion !== this.thresholdsHugeVersion) {
        this.segments = this.targets.map((tg) => this.ops.segments(this.machine, tg.pid, this.nowUs, this.addrUnit));
        this.segmentsUntilUs = this.machine.nextChangeUs(this.nowUs);
      }
      this.correlated.clear();
      for (let t = 0; t < this.targets.length; t++) {
        if (this.targetValid(t)) setThresholds(this.regions, t, this.segments[t], this.attrs.sample_us, this.correlated);
        else clearThresholds(this.regions, t);
      }
      this.thresholdsUntilUs = this.segmentsUntilUs;
      this.thresholdsVersion = this.regions.version;
      this.thresholdsHugeVersion = hugeVersion;
    }
    checkAccesses(this.regions, this.rng);
    this.correlated.sample(this.regions, this.rng, this.nowUs, this.attrs.sample_us, this.addrUnit);
  }

  /** `kdamond_merge_regions(max_nr_accesses / 10, sz_limit)`. */
  merge(szLimit: number): void {
    const len = samplesPerAggr(this.attrs);
    mergeRegions(this.regions, Math.floor(maxRegionNrAccesses(this.regions) / 10), szLimit, this.attrs.max_nr_regions, len, { k: this.passed - this.bpSis, len });
  }

  /** `kdamond_reset_aggregated()`: trace each region, then last = nr, nr = 0. */
  resetAggregated(): void {
    const rs = this.regions;
    if (this.trace.enabled) {
      for (let t = 0; t < this.targets.length; t++) {
        for (let i = rs.tOff[t]; i < rs.tOff[t + 1]; i++) {
          this.trace.emit({ event: 'damon_aggregated', ts_us: this.nowUs, target_id: t, nr_regions: rs.nrRegionsOf(t), start: rs.start[i], end: rs.end[i], nr_accesses: rs.nrAccesses[i], age: rs.age[i] });
        }
      }
    }
    const k = this.passed - this.bpSis;
    const len = samplesPerAggr(this.attrs);
    for (let i = 0; i < rs.n; i++) {
      const bp = rs.bpOff[i] + rs.nrAccesses[i] * 10000 - k * Math.floor((rs.lastNrAccesses[i] * 10000) / len);
      rs.lastNrAccesses[i] = rs.nrAccesses[i];
      rs.nrAccesses[i] = 0;
      rs.bpOff[i] = Math.max(0, bp);
    }
    this.bpSis = this.passed;
  }

  split(): void {
    splitRegions(this.regions, this.attrs.max_nr_regions, this.minRegionSz, this.rng, this.splitState);
  }

  /** `ops.update`: vaddr refits each target to its current three regions. */
  opsUpdate(): void {
    this.targets.forEach((tg, t) => {
      const ranges = this.ops.updateRanges(this.machine, tg.pid, this.nowUs);
      if (ranges) this.setTargetRanges(t, ranges);
    });
  }

  private setTargetRanges(t: number, ranges: readonly AddrRange[], minSz = this.minRegionSz): void {
    this.regions.setTarget(t, setRegions(this.regions.regionsOf(t), ranges, minSz));
  }

  /**
   * `damon_get_intervals_score()` over the just-finished window, then `kdamond_tune_intervals()`:
   * scale sample_us by the adaptation, keep aggr_samples, `damon_set_attrs()`.
   */
  tuneIntervals(): void {
    const rs = this.regions;
    let maxEvents = 0;
    let events = 0;
    for (let i = 0; i < rs.n; i++) {
      maxEvents += rs.sz(i) * this.attrs.aggr_samples;
      events += rs.sz(i) * rs.nrAccesses[i];
    }
    const adaptation = intervalsAdaptationBp(intervalsScoreBp(events, maxEvents, this.attrs.intervals_goal.access_bp));
    if (adaptation === 10000) return;
    const goal = this.attrs.intervals_goal;
    const sample = tunedSampleUs(this.attrs.sample_us, adaptation, goal.min_sample_us, goal.max_sample_us);
    if (this.trace.enabled) this.trace.emit({ event: 'damon_monitor_intervals_tune', ts_us: this.nowUs, sample_us: sample });
    this.setAttrs({ ...this.attrs, sample_us: sample, aggr_us: sample * this.attrs.aggr_samples });
  }

  /**
   * `damon_set_attrs()`: re-base the schedules and rescale the monitoring results
   * (`damon_update_monitoring_results()`): counts go through bp of the old and new samples
   * per aggregation; nr_accesses is reset when called mid-window; age scales with aggr.
   */
  setAttrs(next: Attrs): void {
    const old = this.attrs;
    const sample = next.sample_us || 1;
    const aggregating = this.passed < this.nextAggregationSis;
    this.nextAggregationSis = this.passed + Math.floor(next.aggr_us / sample);
    this.nextOpsUpdateSis = this.passed + Math.floor(next.update_us / sample);
    if (old.sample_us && old.aggr_us && next.sample_us && next.aggr_us) {
      const oldN = samplesPerAggr(old);
      const newN = samplesPerAggr(next);
      const conv = (c: number): number => Math.floor((Math.floor((c * 10000) / oldN) * newN) / 10000);
      const rs = this.regions;
      for (let i = 0; i < rs.n; i++) {
        rs.lastNrAccesses[i] = conv(rs.lastNrAccesses[i]);
        rs.nrAccesses[i] = aggregating ? 0 : conv(rs.nrAccesses[i]);
        rs.age[i] = Math.floor((rs.age[i] * old.aggr_us) / next.aggr_us);
      }
      this.attrs = next;
      // The moving sum restarts from the window the counts now describe.
      this.rebaseBp((i) => (aggregating ? rs.lastNrAccesses[i] : rs.nrAccesses[i]) * 10000);
    } else {
      this.attrs = next;
    }
    for (const s of this.schemes) this.setNextApplySis(s);
    this.invalidateThresholds();
  }

  // ---- damon_commit_ctx() ----

  /** Commits validated parameters into the running context (`__damon_commit_ctx()`). */
  commit(src: ContextParams): void {
    this.commitSchemes(src.schemes);
    const srcMinSz = minRegionSz(src);
    // damon_commit_targets(): target i takes src target i; obsolete or missing ones go away.
    const nDst = this.targets.length;
    for (let i = 0, t = 0; i < nDst; i++) {
      const st = src.targets[i];
      if (st && !st.obsolete_target) {
        if (st.regions.length) this.setTargetRanges(t, st.regions, srcMinSz);
        this.targets[t].pid = st.pid_target;
        t++;
      } else {
        this.removeTarget(t);
      }
    }
    for (const st of src.targets.slice(nDst)) this.addTarget(st.pid_target, st.regions, srcMinSz);
    const next = attrsOf(src);
    if (!attrsEqual(this.attrs, next)) this.setAttrs(next);
    this.pause = src.pause;
    this.ops = OPS[src.operations];
    this.segmentsUntilUs = -1;
    this.addrUnit = src.addr_unit;
    this.minRegionSz = srcMinSz;
    this.params = structuredClone(src);
    this.invalidateThresholds();
  }

  private commitSchemes(src: readonly SchemeParams[]): void {
    this.schemes = this.schemes.slice(0, src.length);
    this.schemes.forEach((s, i) => {
      const p = normalizeFilters(structuredClone(src[i]));
      // damos_commit_quota_goals(): goal i takes src goal i; user_input takes current_value.
      s.goals = p.quotas.goals.map((g, gi) => {
        const old = s.goals[gi];
        const cur = g.target_metric === 'user_input' || !old ? g.current_value : old.current_value;
        return { params: g, current_value: cur, lastPsiTotal: null };
      });
      s.p = p;
      s.wmarksActivated = true;
      this.setFiltersDefaultReject(s);
    });
    for (const p of src.slice(this.schemes.length)) this.schemes.push(this.newScheme(p));
  }

  /** `damos_walk_cancel()`. */
  walkCancel(): void {
    if (!this.walk) return;
    const w = this.walk;
    this.walk = null;
    w.reject(new WalkCanceled());
  }
}

export class WalkCanceled extends Error {
  constructor() {
    super('damos_walk canceled');
  }
}
