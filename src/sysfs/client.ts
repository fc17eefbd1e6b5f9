// The typed DAMON sysfs client. It drives either provider (the real kernel, directly or through
// the privileged agent, or the simulated kernel) through the DamonFs interface only:
//   - read a whole kdamond tree into the typed model (bounded-concurrency parallel reads);
//   - write a kdamond configuration the way the kernel expects: nr_* first, and only when they
//     differ (writing an nr_* file rebuilds its children with default values);
//   - state commands, pause/resume (write pause, then commit), tried regions (readdir, sorted
//     numerically), stats / effective quotas / tuned intervals refresh;
//   - feature detection and the kernel generation; errors as actionable messages;
//   - noticing a kdamond that stopped by itself.

import { FsError, toFsError, type DamonFs, type FsOp } from '../damon/fs';
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
  type QuotaGoal,
  type SchemeParams,
  type TargetParams,
} from '../damon/params';
import { emptySchemeStats, type KdamondState, type SchemeStats, type TriedRegion, type TriedRegions, type TunedIntervals } from '../damon/status';
import {
  FEATURE_BY_ID,
  atLeast,
  detectFeatures,
  featureUnavailableReason,
  patternOf,
  type DetectedFeatures,
  type FeatureId,
  type KernelGeneration,
} from '../damon/sysfs-layout';
import { explainError, type ExplainedError } from './errors';
import { chomp, formatBool, formatNum, numericEntries, parseBool, parseList, parseNum } from './format';
import { SysfsLockedFs } from './sysfs-lock';
import { DEFAULT_CONCURRENCY, readPaths, readTree, type TreeSnapshot } from './tree';

/** `kdamonds/<K>/state` keywords, in `damon_sysfs_cmd_strs` order. */
export const STATE_COMMANDS = [
  'on',
  'off',
  'commit',
  'commit_schemes_quota_goals',
  'update_schemes_stats',
  'update_schemes_tried_bytes',
  'update_schemes_tried_regions',
  'clear_schemes_tried_regions',
  'update_schemes_effective_quotas',
  'update_tuned_intervals',
] as const;
export type StateCommand = (typeof STATE_COMMANDS)[number];

/** A failed DAMON sysfs operation, with the actionable message as its message. */
export class DamonSysfsError extends Error {
  readonly code: FsError['code'];
  readonly path: string;
  readonly value: string | undefined;
  readonly hint: string;
  override readonly cause: FsError;
  readonly explained: ExplainedError;

  constructor(cause: FsError, explained: ExplainedError) {
    super(explained.message);
    this.name = 'DamonSysfsError';
    this.code = cause.code;
    this.path = cause.path;
    this.value = cause.value;
    this.hint = explained.hint;
    this.cause = cause;
    this.explained = explained;
  }
}

/** An operation needs a feature this kernel lacks. Nothing was written. */
export class UnsupportedFeatureError extends Error {
  readonly feature: FeatureId;
  readonly generation: KernelGeneration;

  constructor(feature: FeatureId, generation: KernelGeneration, probedPath?: string) {
    super(featureUnavailableReason(feature, generation, probedPath));
    this.name = 'UnsupportedFeatureError';
    this.feature = feature;
    this.generation = generation;
  }
}

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

export interface ClientOptions {
  /** Parallel reads in flight (default 32). */
  concurrency?: number;
  /** The kernel release (uname -r) to disambiguate generations; none for the simulator's own. */
  release?: string;
  /** The sysfs root, for messages only. */
  root?: string;
  /** Whether the provider is the privileged agent (changes the EACCES advice). */
  viaAgent?: boolean;
}

/** A kdamond that was on and is now off without the client turning it off. */
export interface StoppedKdamond {
  index: number;
  /** The pid it had while running. */
  lastPid: number;
}

const kd = (k: number): string => `kdamonds/${k}`;

const ctxPath = (k: number, c: number): string => `kdamonds/${k}/contexts/${c}`;
const schemePath = (k: number, c: number, s: number): string => `${ctxPath(k, c)}/schemes/${s}`;

function pick<T extends string>(allowed: readonly T[], text: string | undefined, fallback: T): T {
  const t = text === undefined ? undefined : chomp(text).trim();
  return t !== undefined && (allowed as readonly string[]).includes(t) ? (t as T) : fallback;
}

/** Typed access to one flat snapshot of a subtree. */
class View {
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

export class DamonClient {
  readonly fs: DamonFs;
  private readonly concurrency: number;
  private features: DetectedFeatures | undefined;
  /** Kdamonds the client believes are running, with their pid. */
  private readonly running = new Map<number, number>();

  constructor(
    fs: DamonFs,
    private readonly opts: ClientOptions = {},
  ) {
    // Every user of the client's files (the client, a backend's staged edits) keeps to the kernel's
    // damon_sysfs_lock discipline.
    this.fs = new SysfsLockedFs(fs);
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  }

  // ------------------------------------------------------------ errors

  /** The actionable error for a failed operation. */
  explain(err: unknown, op: FsOp, path: string, value?: string): DamonSysfsError {
    if (err instanceof DamonSysfsError) return err;
    const fe = toFsError(err, op, path, value);
    return new DamonSysfsError(fe, explainError(fe, { generation: this.features?.generation, root: this.opts.root, viaAgent: this.opts.viaAgent }));
  }

  private async read(path: string): Promise<string> {
    try {
      return await this.fs.read(path);
    } catch (e) {
      throw this.explain(e, 'read', path);
    }
  }

  private async write(path: string, value: string): Promise<void> {
    try {
      await this.fs.write(path, value);
    } catch (e) {
      throw this.explain(e, 'write', path, value);
    }
  }

  private async list(path: string): Promise<string[]> {
    try {
      return await this.fs.list(path);
    } catch (e) {
      throw this.explain(e, 'list', path);
    }
  }

  // ------------------------------------------------------------ features

  /** Throws the "no DAMON sysfs (CONFIG_DAMON_SYSFS)" error when the root is missing. */
  async checkRoot(): Promise<void> {
    await this.list('');
    await this.read('kdamonds/nr_kdamonds');
  }

  /** Detects features from the files present (cached; `refresh` re-probes, e.g. after creating a kdamond). */
  async detect(refresh = false): Promise<DetectedFeatures> {
    if (!this.features || refresh) this.features = await detectFeatures(this.fs, this.opts.release);
    return this.features;
  }

  get generation(): KernelGeneration | undefined {
    return this.features?.generation;
  }

  /**
   * Whether a feature is there: decided from the probed file when one was seen, else from the
   * guessed generation.
   */
  async hasFeature(id: FeatureId): Promise<boolean> {
    const d = await this.detect();
    return d.features[id] ?? atLeast(d.generation, FEATURE_BY_ID[id].since);
  }

  // ------------------------------------------------------------ kdamonds

  async nrKdamonds(): Promise<number> {
    return parseNum(await this.read('kdamonds/nr_kdamonds'));
  }

  /** Index directories under kdamonds/, sorted numerically. */
  async kdamondIndices(): Promise<number[]> {
    return numericEntries(await this.list('kdamonds'));
  }

  /** Writes nr_kdamonds only when it differs (writing it rebuilds every kdamond directory). */
  async setNrKdamonds(n: number): Promise<boolean> {
    if ((await this.nrKdamonds()) === n) return false;
    await this.write('kdamonds/nr_kdamonds', String(n));
    this.features = undefined;
    return true;
  }

  async state(k: number): Promise<KdamondState> {
    return chomp(await this.read(`${kd(k)}/state`)).trim() === 'on' ? 'on' : 'off';
  }

  async pid(k: number): Promise<number> {
    return parseNum(await this.read(`${kd(k)}/pid`));
  }

  /** Reads kdamonds/<K> whole (not its tried regions) into the typed model. */
  async readKdamond(k: number): Promise<KdamondSnapshot> {
    const root = kd(k);
    const snap = await readTree(this.fs, root, { concurrency: this.concurrency, skip: (p) => /\/tried_regions\/\d+$/.test(p) });
    const rootErr = snap.errors.get(root);
    if (rootErr) throw this.explain(rootErr, 'list', root);
    // Permission problems would silently give defaults: surface the first one.
    for (const e of snap.errors.values()) if (e.code === 'EACCES' || e.code === 'EPERM') throw this.explain(e, e.syscall, e.path);
    const v = new View(snap);
    const contexts = v.indices(`${root}/contexts`).map((c) => readContext(v, `${root}/contexts/${c}`));
    const state: KdamondState = v.str(`${root}/state`).trim() === 'on' ? 'on' : 'off';
    const pid = v.num(`${root}/pid`, -1);
    this.observe(k, state, pid);
    return {
      index: k,
      state,
      pid,
      params: { refresh_ms: v.num(`${root}/refresh_ms`), contexts: contexts.map((c) => c.params) },
      contexts: contexts.map((c) => c.status),
    };
  }

  /** Reads every kdamond. */
  async readAll(): Promise<KdamondSnapshot[]> {
    const idx = await this.kdamondIndices();
    return Promise.all(idx.map((k) => this.readKdamond(k)));
  }

  // ------------------------------------------------------------ writing a configuration

  /**
   * Writes a kdamond's configuration: each nr_* first and only when it differs, then the values
   * (only those that differ from what sysfs holds, unless `force`). Files the kernel lacks are
   * skipped when they hold the default; a non-default value for a missing feature throws
   * UnsupportedFeatureError before anything is written. Nothing is committed: call commit() or
   * start().
   */
  async writeKdamond(k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
    if (opts.dryRun) return this.planKdamond(k, want, opts);
    if (want.contexts.length > 1) {
      const p = `${kd(k)}/contexts/nr_contexts`;
      throw this.explain(new FsError('EINVAL', 'write', p, String(want.contexts.length)), 'write', p);
    }
    // Phase 1: the directory structure, top down, each nr_* only when it differs. Then the files
    // that reveal the optional features exist, so detection can see them.
    const writes = await this.writeStructure(k, want);
    if (writes.length > 0) await this.detect(true);
    // Phase 2: the values, compared with what sysfs holds now (rebuilt directories hold their defaults).
    const plan = await this.planKdamond(k, want, opts);
    for (const w of plan) await this.write(w.path, w.value);
    return [...writes, ...plan];
  }

  /** Writes the nr_* files of a configuration that differ, top down; returns those writes. */
  private async writeStructure(k: number, want: KdamondParams): Promise<PlannedWrite[]> {
    const writes: PlannedWrite[] = [];
    const ensure = async (dir: string, file: string, n: number, parentRebuilt: boolean): Promise<boolean> => {
      if (parentRebuilt && n === 0) return true;
      const path = `${dir}/${file}`;
      const cur = parentRebuilt ? 0 : parseNum(await this.read(path));
      if (cur === n) return parentRebuilt;
      await this.write(path, String(n));
      writes.push({ path, value: String(n) });
      return true;
    };
    const root = kd(k);
    const cFresh = await ensure(`${root}/contexts`, 'nr_contexts', want.contexts.length, false);
    for (const [c, ctx] of want.contexts.entries()) {
      const p = `${root}/contexts/${c}`;
      const tFresh = await ensure(`${p}/targets`, 'nr_targets', ctx.targets.length, cFresh);
      for (const [t, target] of ctx.targets.entries()) await ensure(`${p}/targets/${t}/regions`, 'nr_regions', target.regions.length, tFresh);
      const sFresh = await ensure(`${p}/schemes`, 'nr_schemes', ctx.schemes.length, cFresh);
      for (const [i, scheme] of ctx.schemes.entries()) {
        const sp = `${p}/schemes/${i}`;
        await ensure(`${sp}/quotas/goals`, 'nr_goals', scheme.quotas.goals.length, sFresh);
        if (await this.fs.exists(`${sp}/core_filters`)) {
          await ensure(`${sp}/core_filters`, 'nr_filters', scheme.core_filters.length, sFresh);
          await ensure(`${sp}/ops_filters`, 'nr_filters', scheme.ops_filters.length, sFresh);
          await ensure(`${sp}/filters`, 'nr_filters', 0, sFresh);
        } else {
          await ensure(`${sp}/filters`, 'nr_filters', scheme.core_filters.length + scheme.ops_filters.length, sFresh);
        }
        if (scheme.dests.length > 0 || (await this.fs.exists(`${sp}/dests`))) await ensure(`${sp}/dests`, 'nr_dests', scheme.dests.length, sFresh);
      }
    }
    return writes;
  }

  /** The writes writeKdamond would do. */
  async planKdamond(k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
    const root = kd(k);
    const snap = await readTree(this.fs, root, { concurrency: this.concurrency, skip: (p) => /\/tried_regions$/.test(p) });
    if (snap.errors.get(root)) throw this.explain(snap.errors.get(root), 'list', root);
    const cur = new View(snap);
    const d = await this.detect();
    const gen = d.generation;
    const feature = async (id: FeatureId): Promise<boolean> => this.hasFeature(id);
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
      throw this.explain(new FsError('EINVAL', 'write', p, String(ctxs.length)), 'write', p);
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
        this.planScheme(pl, `${p}/schemes/${s}`, scheme, sFresh, { hasSplitFilters, hasDests });
      }
    }
    return pl.writes;
  }

  private planScheme(
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
    for (const [g, goal] of s.quotas.goals.entries()) this.planGoal(pl, `${q}/goals/${g}`, goal, gFresh);
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

  private planGoal(pl: Planner, gp: string, g: QuotaGoal, fresh: boolean): void {
    pl.value(`${gp}/target_metric`, g.target_metric, fresh);
    pl.value(`${gp}/target_value`, formatNum(g.target_value), fresh);
    if (g.target_metric === 'user_input') pl.value(`${gp}/current_value`, formatNum(g.current_value), fresh);
    pl.value(`${gp}/nid`, formatNum(g.nid), fresh);
    pl.value(`${gp}/path`, g.path, fresh);
  }

  // ------------------------------------------------------------ state commands

  /** Writes a keyword to kdamonds/<K>/state. */
  async command(k: number, cmd: StateCommand): Promise<void> {
    await this.write(`${kd(k)}/state`, cmd);
    if (cmd === 'on') this.running.set(k, -1);
    if (cmd === 'off') this.running.delete(k);
  }

  /** `on`. Remembers the kdamond as running, to notice when it stops by itself. */
  async start(k: number): Promise<void> {
    await this.command(k, 'on');
    try {
      this.running.set(k, await this.pid(k));
    } catch {
      // the pid is informative only
    }
  }

  /**
   * `off`, when it is on. Kernels before 7.3 answer EPERM to `off` while off; this does not write
   * then. Returns whether it wrote.
   */
  async stop(k: number): Promise<boolean> {
    this.running.delete(k);
    if ((await this.state(k)) === 'off') return false;
    await this.command(k, 'off');
    return true;
  }

  async commit(k: number): Promise<void> {
    await this.command(k, 'commit');
  }

  // ------------------------------------------------------------ pause

  /** Whether contexts/<C>/pause exists (7.2+). */
  async supportsPause(k: number, c = 0): Promise<boolean> {
    return this.fs.exists(`${ctxPath(k, c)}/pause`);
  }

  /** The pause file's value; undefined on kernels without pause. */
  async isPaused(k: number, c = 0): Promise<boolean | undefined> {
    if (!(await this.supportsPause(k, c))) return undefined;
    return parseBool(await this.read(`${ctxPath(k, c)}/pause`));
  }

  /**
   * Pauses or resumes: writes Y or N to contexts/<C>/pause, then `commit` if the kdamond is on
   * (when off, the value is staged for the next `on`). Throws UnsupportedFeatureError, writing
   * nothing, on kernels without pause. Returns whether it committed.
   */
  async setPaused(k: number, paused: boolean, c = 0): Promise<boolean> {
    const path = `${ctxPath(k, c)}/pause`;
    if (!(await this.fs.exists(path))) {
      const d = await this.detect();
      throw new UnsupportedFeatureError('pause', d.features.pause === false ? d.generation : this.guessWithout('pause', d), path);
    }
    const on = (await this.state(k)) === 'on';
    await this.write(path, formatBool(paused));
    if (on) await this.commit(k);
    return on;
  }

  pause(k: number, c = 0): Promise<boolean> {
    return this.setPaused(k, true, c);
  }

  resume(k: number, c = 0): Promise<boolean> {
    return this.setPaused(k, false, c);
  }

  private guessWithout(id: FeatureId, d: DetectedFeatures): KernelGeneration {
    const older = d.candidates.filter((g) => !atLeast(g, FEATURE_BY_ID[id].since));
    return older.length > 0 ? older[older.length - 1] : d.generation;
  }

  // ------------------------------------------------------------ status refresh

  /** Scheme indices per context of a kdamond: [context][scheme]. */
  private async schemeIndices(k: number): Promise<number[][]> {
    const ctxs = numericEntries(await this.list(`${kd(k)}/contexts`));
    return Promise.all(ctxs.map(async (c) => numericEntries(await this.list(`${ctxPath(k, c)}/schemes`))));
  }

  /** Reads the stats files of every scheme (without a refresh command). */
  async readStats(k: number): Promise<SchemeStats[][]> {
    const idx = await this.schemeIndices(k);
    const keys = Object.keys(emptySchemeStats()) as (keyof SchemeStats)[];
    const paths = idx.flatMap((ss, c) => ss.flatMap((s) => keys.map((key) => `${schemePath(k, c, s)}/stats/${key}`)));
    const res = await readPaths(this.fs, paths, this.concurrency);
    let i = 0;
    return idx.map((ss) =>
      ss.map(() => {
        const st = emptySchemeStats();
        for (const key of keys) {
          const r = res[i++];
          if (typeof r === 'string') st[key] = parseNum(r);
          else if (r.code === 'EACCES' || r.code === 'EPERM') throw this.explain(r, 'read', r.path);
        }
        return st;
      }),
    );
  }

  /** `update_schemes_stats`, then the stats of every scheme: [context][scheme]. */
  async updateStats(k: number): Promise<SchemeStats[][]> {
    await this.command(k, 'update_schemes_stats');
    return this.readStats(k);
  }

  /** `update_schemes_effective_quotas`, then quotas/effective_bytes of every scheme. */
  async updateEffectiveQuotas(k: number): Promise<number[][]> {
    await this.command(k, 'update_schemes_effective_quotas');
    const idx = await this.schemeIndices(k);
    return Promise.all(idx.map((ss, c) => Promise.all(ss.map(async (s) => parseNum(await this.read(`${schemePath(k, c, s)}/quotas/effective_bytes`))))));
  }

  /** `update_tuned_intervals` (6.18+), then the tuned sample_us/aggr_us per context. */
  async updateTunedIntervals(k: number): Promise<TunedIntervals[]> {
    if (!(await this.hasFeature('intervals_goal'))) {
      const d = await this.detect();
      throw new UnsupportedFeatureError('intervals_goal', d.generation, d.probedPaths.intervals_goal);
    }
    await this.command(k, 'update_tuned_intervals');
    return this.readIntervals(k);
  }

  async readIntervals(k: number): Promise<TunedIntervals[]> {
    const ctxs = numericEntries(await this.list(`${kd(k)}/contexts`));
    return Promise.all(
      ctxs.map(async (c) => {
        const iv = `${ctxPath(k, c)}/monitoring_attrs/intervals`;
        const [s, a] = await Promise.all([this.read(`${iv}/sample_us`), this.read(`${iv}/aggr_us`)]);
        return { sample_us: parseNum(s), aggr_us: parseNum(a) };
      }),
    );
  }

  /**
   * Refreshes what a running kdamond reports: stats, effective quotas and (6.18+) tuned
   * intervals. Reports, rather than throws, a kdamond that stopped by itself.
   */
  async refreshStatus(k: number): Promise<{ stats: SchemeStats[][]; effectiveBytes: number[][]; intervals: TunedIntervals[]; stopped?: StoppedKdamond }> {
    if ((await this.state(k)) === 'off') {
      const stopped = this.takeStopped(k);
      return { stats: await this.readStats(k), effectiveBytes: [], intervals: await this.readIntervals(k), stopped };
    }
    const stats = await this.updateStats(k);
    const effectiveBytes = await this.updateEffectiveQuotas(k);
    const intervals = (await this.hasFeature('intervals_goal')) ? await this.updateTunedIntervals(k) : await this.readIntervals(k);
    return { stats, effectiveBytes, intervals };
  }

  // ------------------------------------------------------------ tried regions

  /**
   * Reads schemes/<S>/tried_regions: lists the directory and sorts the region directories
   * numerically (6.18-7.1 name them non-contiguously, e.g. 1 3 5 ... or 12 14 ...).
   */
  async readTriedRegions(k: number, c: number, s: number): Promise<TriedRegions> {
    const dir = `${schemePath(k, c, s)}/tried_regions`;
    const names = await this.list(dir);
    const idx = numericEntries(names);
    const fields = ['start', 'end', 'nr_accesses', 'age', 'sz_filter_passed'] as const;
    let present: readonly string[] = fields;
    if (idx.length > 0) {
      const first = new Set(await this.list(`${dir}/${idx[0]}`));
      present = fields.filter((f) => first.has(f));
    }
    const paths = [`${dir}/total_bytes`, ...idx.flatMap((i) => present.map((f) => `${dir}/${i}/${f}`))];
    const res = await readPaths(this.fs, paths, this.concurrency);
    const val = (j: number): number => {
      const r = res[j];
      if (typeof r === 'string') return parseNum(r);
      if (r.code === 'ENOENT') return 0; // the kernel dropped it meanwhile
      throw this.explain(r, 'read', r.path);
    };
    const regions: TriedRegion[] = [];
    let j = 1;
    for (let n = 0; n < idx.length; n++) {
      const r: TriedRegion = { start: 0, end: 0, nr_accesses: 0, age: 0, sz_filter_passed: 0 };
      for (const f of present) r[f as keyof TriedRegion] = val(j++);
      regions.push(r);
    }
    return { total_bytes: val(0), regions };
  }

  /** `update_schemes_tried_regions`, then every scheme's tried regions: [context][scheme]. */
  async updateTriedRegions(k: number): Promise<TriedRegions[][]> {
    await this.command(k, 'update_schemes_tried_regions');
    const idx = await this.schemeIndices(k);
    return Promise.all(idx.map((ss, c) => Promise.all(ss.map((s) => this.readTriedRegions(k, c, s)))));
  }

  /** `update_schemes_tried_bytes`, then total_bytes of every scheme. */
  async updateTriedBytes(k: number): Promise<number[][]> {
    await this.command(k, 'update_schemes_tried_bytes');
    const idx = await this.schemeIndices(k);
    return Promise.all(idx.map((ss, c) => Promise.all(ss.map(async (s) => parseNum(await this.read(`${schemePath(k, c, s)}/tried_regions/total_bytes`))))));
  }

  async clearTriedRegions(k: number): Promise<void> {
    await this.command(k, 'clear_schemes_tried_regions');
  }

  // ------------------------------------------------------------ stopped by itself

  private observe(k: number, state: KdamondState, pid: number): void {
    if (state === 'on' && !this.running.has(k)) this.running.set(k, pid);
    else if (state === 'on' && this.running.get(k) === -1) this.running.set(k, pid);
  }

  private takeStopped(k: number): StoppedKdamond | undefined {
    const lastPid = this.running.get(k);
    if (lastPid === undefined) return undefined;
    this.running.delete(k);
    return { index: k, lastPid };
  }

  /**
   * Reads the state of every kdamond and reports those that were on (started by this client,
   * or seen on) and are now off without stop(): for example, their target process exited, or a
   * failed commit on 6.12 killed them. Each stop is reported once.
   */
  async pollStopped(): Promise<StoppedKdamond[]> {
    const idx = new Set(await this.kdamondIndices());
    const out: StoppedKdamond[] = [];
    for (const k of [...this.running.keys()]) {
      if (!idx.has(k)) {
        this.running.delete(k);
        continue;
      }
      if ((await this.state(k)) === 'off') {
        const s = this.takeStopped(k);
        if (s) out.push(s);
      }
    }
    for (const k of idx) {
      if (this.running.has(k)) continue;
      const st = await this.state(k).catch(() => 'off' as const);
      if (st === 'on') this.running.set(k, await this.pid(k).catch(() => -1));
    }
    return out;
  }

  /** The kdamonds believed running, with their pids. */
  get runningKdamonds(): ReadonlyMap<number, number> {
    return this.running;
  }
}

