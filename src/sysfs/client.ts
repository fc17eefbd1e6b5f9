// The typed DAMON sysfs client. It drives either provider (the real kernel, directly or through
// the privileged agent, or the simulated kernel) through the DamonFs interface only. This is the
// façade; each job has its own file:
//   - access.ts: explained reads and writes under the damon_sysfs_lock discipline, feature detection;
//   - kdamond-read.ts: a whole kdamond tree into the typed model (bounded-concurrency parallel reads);
//   - kdamond-write.ts: a configuration written the way the kernel expects (nr_* first, only what differs);
//   - kdamond-state.ts: state keywords, state and pid, kdamonds that stopped by themselves;
//   - status-read.ts: stats, effective quotas, tuned intervals and tried regions.
import type { DamonFs, FsOp } from '../damon/fs';
import type { KdamondParams } from '../damon/params';
import type { KdamondState, SchemeStats, TriedRegions, TunedIntervals } from '../damon/status';
import { FEATURE_BY_ID, atLeast, type DetectedFeatures, type FeatureId, type KernelGeneration } from '../damon/sysfs-layout';
import { SysfsAccess, type ClientOptions } from './access';
import { DamonSysfsError, UnsupportedFeatureError } from './errors';
import { formatBool, parseBool, parseNum } from './format';
import { readKdamondFiles, type KdamondSnapshot } from './kdamond-read';
import { readKdamondIndices, readPid, readState, RunningKdamonds, type StateCommand, type StoppedKdamond } from './kdamond-state';
import { planKdamondWrites, writeKdamondFiles, type PlannedWrite, type WriteOptions } from './kdamond-write';
import { contextPath, kdamondPath, schemePath } from './paths';
import { readEffectiveBytes, readIntervals, readSchemeStats, readTriedRegions, schemeIndices } from './status-read';

export type { ClientOptions } from './access';
export { DamonSysfsError, UnsupportedFeatureError } from './errors';
export type { ContextSnapshot, KdamondSnapshot, SchemeSnapshot } from './kdamond-read';
export { STATE_COMMANDS, type StateCommand, type StoppedKdamond } from './kdamond-state';
export type { PlannedWrite, WriteOptions } from './kdamond-write';

export class DamonClient {
  private readonly files: SysfsAccess;
  /** Kdamonds the client believes are running, with their pid. */
  private readonly running: RunningKdamonds;

  constructor(fs: DamonFs, opts: ClientOptions = {}) {
    this.files = new SysfsAccess(fs, opts);
    this.running = new RunningKdamonds(this.files);
  }

  /** The provider, wrapped in the damon_sysfs_lock discipline (a backend's staged edits use it too). */
  get fs(): DamonFs {
    return this.files.fs;
  }

  /** The actionable error for a failed operation. */
  explain(err: unknown, op: FsOp, path: string, value?: string): DamonSysfsError {
    return this.files.explain(err, op, path, value);
  }

  // ------------------------------------------------------------ features

  /** Throws the "no DAMON sysfs (CONFIG_DAMON_SYSFS)" error when the root is missing. */
  async checkRoot(): Promise<void> {
    await this.files.list('');
    await this.files.read('kdamonds/nr_kdamonds');
  }

  /** Detects features from the files present (cached; `refresh` re-probes, e.g. after creating a kdamond). */
  detect(refresh = false): Promise<DetectedFeatures> {
    return this.files.detect(refresh);
  }

  get generation(): KernelGeneration | undefined {
    return this.files.generation;
  }

  /**
   * Whether a feature is there: decided from the probed file when one was seen, else from the
   * guessed generation.
   */
  hasFeature(id: FeatureId): Promise<boolean> {
    return this.files.hasFeature(id);
  }

  // ------------------------------------------------------------ kdamonds

  async nrKdamonds(): Promise<number> {
    return parseNum(await this.files.read('kdamonds/nr_kdamonds'));
  }

  /** Index directories under kdamonds/, sorted numerically. */
  kdamondIndices(): Promise<number[]> {
    return readKdamondIndices(this.files);
  }

  /** Writes nr_kdamonds only when it differs (writing it rebuilds every kdamond directory). */
  async setNrKdamonds(n: number): Promise<boolean> {
    if ((await this.nrKdamonds()) === n) return false;
    await this.files.write('kdamonds/nr_kdamonds', String(n));
    this.files.forgetFeatures();
    return true;
  }

  state(k: number): Promise<KdamondState> {
    return readState(this.files, k);
  }

  pid(k: number): Promise<number> {
    return readPid(this.files, k);
  }

  /** Reads kdamonds/<K> whole (not its tried regions) into the typed model. */
  async readKdamond(k: number): Promise<KdamondSnapshot> {
    const snap = await readKdamondFiles(this.files, k);
    this.running.observe(k, snap.state, snap.pid);
    return snap;
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
  writeKdamond(k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
    return writeKdamondFiles(this.files, k, want, opts);
  }

  /** The writes writeKdamond would do. */
  planKdamond(k: number, want: KdamondParams, opts: WriteOptions = {}): Promise<PlannedWrite[]> {
    return planKdamondWrites(this.files, k, want, opts);
  }

  // ------------------------------------------------------------ state commands

  /** Writes a keyword to kdamonds/<K>/state. */
  async command(k: number, cmd: StateCommand): Promise<void> {
    await this.files.write(`${kdamondPath(k)}/state`, cmd);
    if (cmd === 'on') this.running.set(k, -1);
    if (cmd === 'off') this.running.forget(k);
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
    this.running.forget(k);
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
    return this.files.fs.exists(`${contextPath(k, c)}/pause`);
  }

  /** The pause file's value; undefined on kernels without pause. */
  async isPaused(k: number, c = 0): Promise<boolean | undefined> {
    if (!(await this.supportsPause(k, c))) return undefined;
    return parseBool(await this.files.read(`${contextPath(k, c)}/pause`));
  }

  /**
   * Pauses or resumes: writes Y or N to contexts/<C>/pause, then `commit` if the kdamond is on
   * (when off, the value is staged for the next `on`). Throws UnsupportedFeatureError, writing
   * nothing, on kernels without pause. Returns whether it committed.
   */
  async setPaused(k: number, paused: boolean, c = 0): Promise<boolean> {
    const path = `${contextPath(k, c)}/pause`;
    if (!(await this.files.fs.exists(path))) {
      const d = await this.detect();
      throw new UnsupportedFeatureError('pause', d.features.pause === false ? d.generation : this.guessWithout('pause', d), path);
    }
    const on = (await this.state(k)) === 'on';
    await this.files.write(path, formatBool(paused));
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

  /** Reads the stats files of every scheme (without a refresh command). */
  readStats(k: number): Promise<SchemeStats[][]> {
    return readSchemeStats(this.files, k);
  }

  /** `update_schemes_stats`, then the stats of every scheme: [context][scheme]. */
  async updateStats(k: number): Promise<SchemeStats[][]> {
    await this.command(k, 'update_schemes_stats');
    return this.readStats(k);
  }

  /** `update_schemes_effective_quotas`, then quotas/effective_bytes of every scheme. */
  async updateEffectiveQuotas(k: number): Promise<number[][]> {
    await this.command(k, 'update_schemes_effective_quotas');
    return readEffectiveBytes(this.files, k);
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

  readIntervals(k: number): Promise<TunedIntervals[]> {
    return readIntervals(this.files, k);
  }

  /**
   * Refreshes what a running kdamond reports: stats, effective quotas and (6.18+) tuned
   * intervals. Reports, rather than throws, a kdamond that stopped by itself. `state`: the
   * kdamond's state as the caller has just read it, so it is not read again.
   */
  async refreshStatus(k: number, state?: KdamondState): Promise<{ stats: SchemeStats[][]; effectiveBytes: number[][]; intervals: TunedIntervals[]; stopped?: StoppedKdamond }> {
    if ((state ?? (await this.state(k))) === 'off') {
      const stopped = this.running.takeStopped(k);
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
  readTriedRegions(k: number, c: number, s: number): Promise<TriedRegions> {
    return readTriedRegions(this.files, k, c, s);
  }

  /** `update_schemes_tried_regions`, then every scheme's tried regions: [context][scheme]. */
  async updateTriedRegions(k: number): Promise<TriedRegions[][]> {
    await this.command(k, 'update_schemes_tried_regions');
    const idx = await schemeIndices(this.files, k);
    return Promise.all(idx.map((ss, c) => Promise.all(ss.map((s) => this.readTriedRegions(k, c, s)))));
  }

  /** `update_schemes_tried_bytes`, then total_bytes of every scheme. */
  async updateTriedBytes(k: number): Promise<number[][]> {
    await this.command(k, 'update_schemes_tried_bytes');
    const idx = await schemeIndices(this.files, k);
    return Promise.all(idx.map((ss, c) => Promise.all(ss.map(async (s) => parseNum(await this.files.read(`${schemePath(k, c, s)}/tried_regions/total_bytes`))))));
  }

  async clearTriedRegions(k: number): Promise<void> {
    await this.command(k, 'clear_schemes_tried_regions');
  }

  // ------------------------------------------------------------ stopped by itself

  /** The kdamonds that were on and stopped without stop(), each reported once (see RunningKdamonds.poll). */
  pollStopped(): Promise<StoppedKdamond[]> {
    return this.running.poll();
  }

  /** The kdamonds believed running, with their pids. */
  get runningKdamonds(): ReadonlyMap<number, number> {
    return this.running.pids;
  }
}
