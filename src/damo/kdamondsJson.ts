// damo's kdamonds JSON (`damo args damon --format json [--raw]`, damo `_damon.py` to_kvpairs) ↔
// KdamondParams. Field names differ from sysfs (ops, ops_update_us, sz_bytes, time_ms, *_permil);
// values are unit-suffixed text ("5 ms", "64.000 MiB", "1,000", "0.1 %") or, with --raw, digit
// strings. damo's access pattern is in % of the max nr_accesses and µs of age; this converts with
// the context's intervals, and exports in damo's exact `samples` / `aggr_intervals` units so that
// nothing is lost. Quirk kept: with --raw damo prints its "exact" time fields (quotas time_ms and
// reset_interval_ms, watermarks interval_us, age in µs) in nanoseconds; digit strings there are
// read as ns, JSON numbers as the field's own unit.
import {
  DAMON_OPS,
  DAMOS_ACTIONS,
  DAMOS_QUOTA_GOAL_METRICS,
  defaultContext,
  defaultFilter,
  defaultKdamond,
  defaultQuotaGoal,
  defaultScheme,
  defaultTarget,
  isCoreFilterType,
  UINT_MAX,
  ULONG_MAX,
  type ContextParams,
  type DamonOps,
  type DamosAction,
  type DamosFilterType,
  type DamosQuotaGoalMetric,
  type FilterParams,
  type KdamondParams,
  type SchemeParams,
} from '../damon/params';
import { groupThousands, maxNrAccesses } from '../damon/units';

export class DamoJsonError extends Error {
  override readonly name = 'DamoJsonError';
}

type Kv = Record<string, unknown>;

// ---------------------------------------------------------------- reading damo's text

const BYTE_UNITS: Record<string, number> = { B: 1, K: 2 ** 10, KB: 2 ** 10, KiB: 2 ** 10, M: 2 ** 20, MB: 2 ** 20, MiB: 2 ** 20, G: 2 ** 30, GB: 2 ** 30, GiB: 2 ** 30, T: 2 ** 40, TB: 2 ** 40, TiB: 2 ** 40, P: 2 ** 50, PB: 2 ** 50, PiB: 2 ** 50, E: 2 ** 60, EB: 2 ** 60, EiB: 2 ** 60 };
const NS_UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

function plain(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (v.trim() === 'max') return ULONG_MAX;
  const t = v.replaceAll(',', '').trim();
  return t !== '' && /^-?[\d.]+(e[+-]?\d+)?$/i.test(t) ? Number(t) : undefined;
}

function fail(where: string, v: unknown, what: string): never {
  throw new DamoJsonError(`${where}: cannot read ${JSON.stringify(v)} as ${what}`);
}

function nr(v: unknown, where: string): number {
  return plain(v) ?? fail(where, v, 'a number');
}

function bytes(v: unknown, where: string): number {
  const p = plain(v);
  if (p !== undefined) return p;
  const m = typeof v === 'string' ? /^([\d,.]+)\s*([A-Za-z]+)$/.exec(v.trim()) : null;
  const f = m ? BYTE_UNITS[m[2]] : undefined;
  if (!m || f === undefined) return fail(where, v, 'bytes');
  return Math.min(ULONG_MAX, Math.trunc(Number(m[1].replaceAll(',', '')) * f));
}

/** A time in ns: "1 m 40 s", "5 ms", or a plain number in `plainNs` ns units. */
function timeNs(v: unknown, where: string, plainNs: number): number {
  const p = plain(v);
  if (p !== undefined) return p === ULONG_MAX ? ULONG_MAX : p * plainNs;
  if (typeof v !== 'string') return fail(where, v, 'a time');
  const parts = v.replaceAll(',', '').trim().split(/\s+/);
  let ns = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const m = /^([\d.]+)([a-z]+)$/.exec(parts[i] + (parts[i + 1] ?? ''));
    const f = m ? NS_UNITS[m[2]] : undefined;
    if (!m || f === undefined) return fail(where, v, 'a time');
    ns += Number(m[1]) * f;
  }
  return ns;
}

/** A time field in unit `unitNs`; damo's --raw digit strings of "exact" fields are ns. */
function time(v: unknown, where: string, unitNs: number, rawIsNs = false): number {
  const ns = timeNs(v, where, typeof v === 'string' && rawIsNs ? 1 : unitNs);
  return ns >= ULONG_MAX ? ULONG_MAX : Math.round(ns / unitNs);
}

/** A ratio as "12.5 %" (→ scale × 0.125) or a plain number already in the field's scale. */
function ratio(v: unknown, where: string, scale: number): number {
  const p = plain(v);
  if (p !== undefined) return p;
  const m = typeof v === 'string' ? /^([\d,.]+)\s*%$/.exec(v.trim()) : null;
  if (!m) return fail(where, v, 'a ratio');
  return Math.round((Number(m[1].replaceAll(',', '')) / 100) * scale);
}

function bool(v: unknown, where: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(y|yes|true)$/i.test(v)) return true;
  if (typeof v === 'string' && /^(n|no|false)$/i.test(v)) return false;
  return fail(where, v, 'a boolean');
}

function obj(v: unknown, where: string): Kv {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DamoJsonError(`${where}: expected an object`);
  return v as Kv;
}

function list(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new DamoJsonError(`${where}: expected a list`);
  return v;
}

function oneOf<T extends string>(allowed: readonly T[], v: unknown, where: string): T {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  throw new DamoJsonError(`${where}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
}

const clampUint = (n: number): number => Math.min(UINT_MAX, Math.max(0, Math.trunc(n)));

// ---------------------------------------------------------------- import

/** Parses `{"kdamonds": [...]}` (or a bare list of kdamonds) as damo writes it. */
export function parseDamoKdamonds(json: unknown): KdamondParams[] {
  const top = Array.isArray(json) ? json : obj(json, 'damo JSON').kdamonds;
  return list(top, 'kdamonds').map((k, i) => {
    const kv = obj(k, `kdamonds[${i}]`);
    const out = defaultKdamond();
    out.refresh_ms = kv.refresh_ms === undefined ? 0 : nr(kv.refresh_ms, `kdamonds[${i}].refresh_ms`);
    out.contexts = list(kv.contexts, `kdamonds[${i}].contexts`).map((c, ci) => contextOf(obj(c, `kdamonds[${i}].contexts[${ci}]`), `kdamonds[${i}].contexts[${ci}]`));
    return out;
  });
}

function contextOf(kv: Kv, w: string): ContextParams {
  const c = defaultContext(oneOf<DamonOps>(DAMON_OPS, kv.ops, `${w}.ops`));
  if (kv.addr_unit !== undefined) c.addr_unit = bytes(kv.addr_unit, `${w}.addr_unit`);
  if (kv.pause !== undefined) c.pause = bool(kv.pause, `${w}.pause`);
  const iv = c.monitoring_attrs.intervals;
  if (kv.intervals !== undefined) {
    const i = obj(kv.intervals, `${w}.intervals`);
    iv.sample_us = time(i.sample_us, `${w}.intervals.sample_us`, 1e3);
    iv.aggr_us = time(i.aggr_us, `${w}.intervals.aggr_us`, 1e3);
    iv.update_us = time(i.ops_update_us, `${w}.intervals.ops_update_us`, 1e3);
    if (i.intervals_goal !== undefined) {
      const g = obj(i.intervals_goal, `${w}.intervals.intervals_goal`);
      iv.intervals_goal = {
        access_bp: ratio(g.access_bp, `${w}.intervals_goal.access_bp`, 10000),
        aggrs: nr(g.aggrs, `${w}.intervals_goal.aggrs`),
        min_sample_us: time(g.min_sample_us, `${w}.intervals_goal.min_sample_us`, 1e3),
        max_sample_us: time(g.max_sample_us, `${w}.intervals_goal.max_sample_us`, 1e3),
      };
    }
  }
  if (kv.nr_regions !== undefined) {
    const r = obj(kv.nr_regions, `${w}.nr_regions`);
    c.monitoring_attrs.nr_regions = { min: nr(r.min, `${w}.nr_regions.min`), max: nr(r.max, `${w}.nr_regions.max`) };
  }
  c.targets = list(kv.targets, `${w}.targets`).map((t, ti) => {
    const tv = obj(t, `${w}.targets[${ti}]`);
    const target = defaultTarget(tv.pid === null || tv.pid === undefined ? 0 : nr(tv.pid, `${w}.targets[${ti}].pid`));
    if (tv.obsolete !== undefined) target.obsolete_target = bool(tv.obsolete, `${w}.targets[${ti}].obsolete`);
    target.regions = list(tv.regions, `${w}.targets[${ti}].regions`).map((r, ri) => {
      const rv = obj(r, `${w}.targets[${ti}].regions[${ri}]`);
      return { start: bytes(rv.start, `${w}.targets[${ti}].regions[${ri}].start`), end: bytes(rv.end, `${w}.targets[${ti}].regions[${ri}].end`) };
    });
    return target;
  });
  c.schemes = list(kv.schemes, `${w}.schemes`).map((s, si) => schemeOf(obj(s, `${w}.schemes[${si}]`), c, `${w}.schemes[${si}]`));
  return c;
}

function schemeOf(kv: Kv, ctx: ContextParams, w: string): SchemeParams {
  const s = defaultScheme(kv.action === undefined ? 'stat' : oneOf<DamosAction>(DAMOS_ACTIONS, kv.action, `${w}.action`));
  if (kv.target_nid !== undefined && kv.target_nid !== null) s.target_nid = nr(kv.target_nid, `${w}.target_nid`);
  if (kv.apply_interval_us !== undefined && kv.apply_interval_us !== null) s.apply_interval_us = time(kv.apply_interval_us, `${w}.apply_interval_us`, 1e3);
  s.dests = list(kv.dests, `${w}.dests`).map((d, di) => {
    const dv = obj(d, `${w}.dests[${di}]`);
    return { id: nr(dv.id, `${w}.dests[${di}].id`), weight: nr(dv.weight, `${w}.dests[${di}].weight`) };
  });
  if (kv.access_pattern !== undefined) s.access_pattern = accessPatternOf(obj(kv.access_pattern, `${w}.access_pattern`), ctx, `${w}.access_pattern`);
  if (kv.quotas !== undefined) {
    const q = obj(kv.quotas, `${w}.quotas`);
    s.quotas.ms = time(q.time_ms, `${w}.quotas.time_ms`, 1e6, true);
    s.quotas.bytes = bytes(q.sz_bytes, `${w}.quotas.sz_bytes`);
    s.quotas.reset_interval_ms = time(q.reset_interval_ms, `${w}.quotas.reset_interval_ms`, 1e6, true);
    if (q.goal_tuner !== undefined) s.quotas.goal_tuner = oneOf(['consist', 'temporal'] as const, q.goal_tuner, `${w}.quotas.goal_tuner`);
    const wt = q.weights === undefined ? {} : obj(q.weights, `${w}.quotas.weights`);
    s.quotas.weights = {
      sz_permil: wt.sz_permil === undefined ? 0 : ratio(wt.sz_permil, `${w}.weights.sz_permil`, 1000),
      nr_accesses_permil: wt.nr_accesses_permil === undefined ? 0 : ratio(wt.nr_accesses_permil, `${w}.weights.nr_accesses_permil`, 1000),
      age_permil: wt.age_permil === undefined ? 0 : ratio(wt.age_permil, `${w}.weights.age_permil`, 1000),
    };
    s.quotas.goals = list(q.goals, `${w}.quotas.goals`).map((g, gi) => {
      const gv = obj(g, `${w}.quotas.goals[${gi}]`);
      const goal = defaultQuotaGoal();
      goal.target_metric = oneOf<DamosQuotaGoalMetric>(DAMOS_QUOTA_GOAL_METRICS, gv.metric, `${w}.quotas.goals[${gi}].metric`);
      goal.target_value = nr(gv.target_value, `${w}.quotas.goals[${gi}].target_value`);
      goal.current_value = gv.current_value === undefined ? 0 : nr(gv.current_value, `${w}.quotas.goals[${gi}].current_value`);
      if (gv.nid !== undefined && gv.nid !== null) goal.nid = nr(gv.nid, `${w}.quotas.goals[${gi}].nid`);
      if (typeof gv.memcg_path === 'string') goal.path = gv.memcg_path;
      return goal;
    });
  }
  if (kv.watermarks !== undefined) {
    const wm = obj(kv.watermarks, `${w}.watermarks`);
    s.watermarks = {
      metric: oneOf(['none', 'free_mem_rate'] as const, wm.metric, `${w}.watermarks.metric`),
      interval_us: time(wm.interval_us, `${w}.watermarks.interval_us`, 1e3, true),
      high: ratio(wm.high_permil, `${w}.watermarks.high_permil`, 1000),
      mid: ratio(wm.mid_permil, `${w}.watermarks.mid_permil`, 1000),
      low: ratio(wm.low_permil, `${w}.watermarks.low_permil`, 1000),
    };
  }
  const filters = list(kv.filters, `${w}.filters`).map((f, fi) => filterOf(obj(f, `${w}.filters[${fi}]`), `${w}.filters[${fi}]`));
  s.core_filters = filters.filter((f) => isCoreFilterType(f.type));
  s.ops_filters = filters.filter((f) => !isCoreFilterType(f.type));
  return s;
}

/** % of the max nr_accesses and µs of age (damo's defaults), or damo's `samples`/`aggr_intervals` units. */
function accessPatternOf(kv: Kv, ctx: ContextParams, w: string): SchemeParams['access_pattern'] {
  const iv = ctx.monitoring_attrs.intervals;
  const sz = obj(kv.sz_bytes ?? { min: 0, max: 'max' }, `${w}.sz_bytes`);
  const acc = obj(kv.nr_accesses ?? { min: '0 %', max: 'max' }, `${w}.nr_accesses`);
  const age = obj(kv.age ?? { min: 0, max: 'max' }, `${w}.age`);
  const maxSamples = maxNrAccesses(iv.sample_us, iv.aggr_us);
  const samples = (v: unknown, where: string): number => {
    const unit = typeof v === 'string' ? /^([\d,]+)\s*samples$/.exec(v.trim()) : null;
    if (unit) return clampUint(Number(unit[1].replaceAll(',', '')));
    const pct = plain(v) ?? ratio(v, where, 100);
    return pct >= ULONG_MAX ? UINT_MAX : clampUint((pct * maxSamples) / 100);
  };
  const aggrs = (v: unknown, where: string): number => {
    const unit = typeof v === 'string' ? /^([\d,]+)\s*aggr_intervals$/.exec(v.trim()) : null;
    if (unit) return clampUint(Number(unit[1].replaceAll(',', '')));
    const us = time(v, where, 1e3, true);
    return us >= ULONG_MAX ? UINT_MAX : clampUint(us / iv.aggr_us);
  };
  return {
    sz: { min: bytes(sz.min, `${w}.sz_bytes.min`), max: bytes(sz.max, `${w}.sz_bytes.max`) },
    nr_accesses: { min: samples(acc.min, `${w}.nr_accesses.min`), max: samples(acc.max, `${w}.nr_accesses.max`) },
    age: { min: aggrs(age.min, `${w}.age.min`), max: aggrs(age.max, `${w}.age.max`) },
  };
}

function filterOf(kv: Kv, w: string): FilterParams {
  const f = defaultFilter(oneOf<DamosFilterType>(['anon', 'active', 'memcg', 'young', 'hugepage_size', 'unmapped', 'addr', 'target'], kv.filter_type, `${w}.filter_type`));
  f.matching = bool(kv.matching, `${w}.matching`);
  f.allow = kv.allow === undefined ? false : bool(kv.allow, `${w}.allow`);
  if (typeof kv.memcg_path === 'string') f.memcg_path = kv.memcg_path;
  if (kv.address_range) {
    const r = obj(kv.address_range, `${w}.address_range`);
    f.addr_start = bytes(r.start, `${w}.address_range.start`);
    f.addr_end = bytes(r.end, `${w}.address_range.end`);
  }
  if (kv.damon_target_idx !== undefined && kv.damon_target_idx !== null) f.damon_target_idx = nr(kv.damon_target_idx, `${w}.damon_target_idx`);
  const hp = list(kv.hugepage_size, `${w}.hugepage_size`);
  if (hp.length === 2) [f.min, f.max] = [bytes(hp[0], `${w}.hugepage_size[0]`), bytes(hp[1], `${w}.hugepage_size[1]`)];
  return f;
}

// ---------------------------------------------------------------- export

/** ULONG_MAX as damo prints it (a JS number would print 18446744073709552000). */
const ULONG_MAX_TEXT = '18446744073709551615';

/** damo's format_nr: thousands separated by commas unless raw. */
function fmtNr(n: number, raw: boolean): string {
  const s = Math.trunc(n).toString();
  return raw ? s : groupThousands(s);
}

const EXACT_BYTE_UNITS: [number, string][] = [[2 ** 60, 'EiB'], [2 ** 50, 'PiB'], [2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];

/** Bytes without loss: "max", the largest binary unit that divides it ("64 MiB"), or "4,097 B". */
function fmtBytes(n: number, raw: boolean): string {
  if (raw) return n >= ULONG_MAX ? ULONG_MAX_TEXT : Math.trunc(n).toString();
  if (n >= ULONG_MAX) return 'max';
  const exact = EXACT_BYTE_UNITS.find(([f]) => n > 0 && n % f === 0);
  return exact ? `${fmtNr(n / exact[0], false)} ${exact[1]}` : `${fmtNr(n, false)} B`;
}

const TIME_STEPS: [number, string][] = [[86400e9, 'd'], [3600e9, 'h'], [60e9, 'm'], [1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']];

/** damo's format_time_ns_exact: "1 m 40 s 5 ms"; raw: `rawNs` ns (damo's "exact" fields) or the field unit. */
function fmtTime(value: number, unitNs: number, raw: boolean, rawIsNs = false): string {
  if (raw && value >= ULONG_MAX) return rawIsNs ? `${ULONG_MAX_TEXT}${'0'.repeat(Math.log10(unitNs))}` : ULONG_MAX_TEXT;
  if (raw) return (rawIsNs ? value * unitNs : value).toString();
  if (value >= ULONG_MAX) return 'max';
  let ns = value * unitNs;
  if (ns === 0) return '0 ns';
  const parts: string[] = [];
  for (const [f, u] of TIME_STEPS) {
    if (ns < f) continue;
    const n = Math.trunc(ns / f);
    parts.push(`${fmtNr(n, false)} ${u}`);
    ns -= n * f;
  }
  return parts.join(' ');
}

/** A ratio field held as `value` out of `scale` (permil, bp): "0.1 %", or damo's raw '%f'. */
function fmtRatio(value: number, scale: number, raw: boolean): string {
  return raw ? value.toFixed(6) : `${Number(((value / scale) * 100).toPrecision(12))} %`;
}

export interface DamoExportOptions {
  /** damo's --raw: plain digit strings. */
  raw?: boolean;
}

/** `{"kdamonds": [...]}` as `damo args damon --format json [--raw]` prints it. */
export function toDamoKdamonds(kdamonds: readonly KdamondParams[], opts: DamoExportOptions = {}): { kdamonds: Kv[] } {
  const raw = opts.raw ?? false;
  return { kdamonds: kdamonds.map((k) => ({ refresh_ms: k.refresh_ms, contexts: k.contexts.map((c) => contextKv(c, raw)) })) };
}

function contextKv(c: ContextParams, raw: boolean): Kv {
  const iv = c.monitoring_attrs.intervals;
  return {
    ops: c.operations,
    addr_unit: fmtBytes(c.addr_unit, raw),
    targets: c.targets.map((t) => ({
      pid: c.operations === 'paddr' ? null : t.pid_target,
      obsolete: t.obsolete_target,
      regions: t.regions.map((r) => ({ start: fmtNr(r.start, raw), end: fmtNr(r.end, raw) })),
    })),
    intervals: {
      sample_us: fmtTime(iv.sample_us, 1e3, raw),
      aggr_us: fmtTime(iv.aggr_us, 1e3, raw),
      ops_update_us: fmtTime(iv.update_us, 1e3, raw),
      intervals_goal: {
        access_bp: fmtRatio(iv.intervals_goal.access_bp, 10000, raw),
        aggrs: fmtNr(iv.intervals_goal.aggrs, raw),
        min_sample_us: fmtTime(iv.intervals_goal.min_sample_us, 1e3, raw),
        max_sample_us: fmtTime(iv.intervals_goal.max_sample_us, 1e3, raw),
      },
    },
    nr_regions: { min: fmtNr(c.monitoring_attrs.nr_regions.min, raw), max: fmtNr(c.monitoring_attrs.nr_regions.max, raw) },
    probes: [],
    sample_control: { primitives_enabled: { page_table: true, page_fault: false }, sample_filters: [] },
    pause: c.pause,
    schemes: c.schemes.map((s) => schemeKv(s, raw)),
  };
}

const MIGRATE_ACTIONS: readonly DamosAction[] = ['migrate_hot', 'migrate_cold'];
const NODE_METRICS: readonly DamosQuotaGoalMetric[] = ['node_mem_used_bp', 'node_mem_free_bp', 'node_memcg_used_bp', 'node_memcg_free_bp'];

function schemeKv(s: SchemeParams, raw: boolean): Kv {
  const ap = s.access_pattern;
  const q = s.quotas;
  const kv: Kv = { action: s.action, dests: s.dests.map((d) => ({ id: d.id, weight: d.weight })) };
  if (MIGRATE_ACTIONS.includes(s.action)) kv.target_nid = s.target_nid;
  // damo's own exact units for nr_accesses and age, so no rounding through % and µs.
  kv.access_pattern = {
    sz_bytes: { min: fmtBytes(ap.sz.min, raw), max: fmtBytes(ap.sz.max, raw) },
    nr_accesses: { min: `${fmtNr(ap.nr_accesses.min, raw)} samples`, max: `${fmtNr(ap.nr_accesses.max, raw)} samples` },
    age: { min: `${fmtNr(ap.age.min, raw)} aggr_intervals`, max: `${fmtNr(ap.age.max, raw)} aggr_intervals` },
  };
  kv.apply_interval_us = fmtTime(s.apply_interval_us, 1e3, raw);
  kv.quotas = {
    time_ms: fmtTime(q.ms, 1e6, raw, true),
    sz_bytes: fmtBytes(q.bytes, raw),
    reset_interval_ms: fmtTime(q.reset_interval_ms, 1e6, raw, true),
    fail_charge_num: '0',
    fail_charge_denom: '0',
    goals: q.goals.map((g) => ({
      metric: g.target_metric,
      nid: NODE_METRICS.includes(g.target_metric) ? fmtNr(g.nid, raw) : null,
      memcg_path: g.path === '' ? null : g.path,
      target_value: fmtNr(g.target_value, raw),
      current_value: fmtNr(g.current_value, raw),
    })),
    goal_tuner: q.goal_tuner,
    effective_sz_bytes: fmtBytes(0, raw),
    weights: {
      sz_permil: fmtRatio(q.weights.sz_permil, 1000, raw),
      nr_accesses_permil: fmtRatio(q.weights.nr_accesses_permil, 1000, raw),
      age_permil: fmtRatio(q.weights.age_permil, 1000, raw),
    },
  };
  kv.watermarks = {
    metric: s.watermarks.metric,
    interval_us: fmtTime(s.watermarks.interval_us, 1e3, raw, true),
    high_permil: fmtRatio(s.watermarks.high, 1000, raw),
    mid_permil: fmtRatio(s.watermarks.mid, 1000, raw),
    low_permil: fmtRatio(s.watermarks.low, 1000, raw),
  };
  kv.filters = [...s.core_filters, ...s.ops_filters].map((f) => ({
    filter_type: f.type,
    matching: f.matching,
    allow: f.allow,
    memcg_path: f.type === 'memcg' ? f.memcg_path : null,
    address_range: f.type === 'addr' ? { start: fmtNr(f.addr_start, raw), end: fmtNr(f.addr_end, raw) } : null,
    damon_target_idx: f.type === 'target' ? fmtNr(f.damon_target_idx, raw) : null,
    hugepage_size: f.type === 'hugepage_size' ? [fmtBytes(f.min, raw), fmtBytes(f.max, raw)] : null,
  }));
  return kv;
}

// ---------------------------------------------------------------- damo command line

export interface DamoCommandOptions {
  /** `start` a new kdamond, or `tune` a running one. Default start. */
  command?: 'start' | 'tune';
}

/**
 * The `damo start` (or `damo tune`) arguments that set up this kdamond's context: monitoring
 * options in exact µs, the schemes as damo's `--schemes` JSON (lossless), and `--pause_ctx 0`
 * for a paused context. Throws for more than one context, which damo's options cannot express.
 */
export function damoCommand(k: KdamondParams, opts: DamoCommandOptions = {}): string[] {
  if (k.contexts.length !== 1) throw new DamoJsonError(`damo ${opts.command ?? 'start'} sets up one context per kdamond; this kdamond has ${k.contexts.length}`);
  const c = k.contexts[0];
  const iv = c.monitoring_attrs.intervals;
  const args = ['damo', opts.command ?? 'start', '--ops', c.operations];
  for (const t of c.targets) {
    if (c.operations !== 'paddr') args.push('--target_pid', String(t.pid_target));
    if (t.regions.length > 0) args.push('--regions', t.regions.map((r) => `${r.start}-${r.end}`).join(' '));
  }
  args.push('--monitoring_intervals', String(iv.sample_us), String(iv.aggr_us), String(iv.update_us));
  const g = iv.intervals_goal;
  if (g.aggrs !== 0) args.push('--monitoring_intervals_goal', String(g.access_bp), String(g.aggrs), String(g.min_sample_us), String(g.max_sample_us));
  args.push('--monitoring_nr_regions_range', String(c.monitoring_attrs.nr_regions.min), String(c.monitoring_attrs.nr_regions.max));
  if (c.addr_unit !== 1) args.push('--damon_addr_unit', String(c.addr_unit));
  if (k.refresh_ms !== 0) args.push('--refresh_stat', String(k.refresh_ms));
  if (c.schemes.length > 0) args.push('--schemes', JSON.stringify(c.schemes.map((s) => schemeKv(s, false))));
  if (c.pause) args.push('--pause_ctx', '0');
  return args;
}

/** The arguments as one POSIX shell line, single-quoting what needs it. */
export function shellLine(args: readonly string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}
