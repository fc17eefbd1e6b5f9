// A backend over the DAMON sysfs ABI: the same client drives the simulated sysfs and the real one.
import type { DamonFs } from '../../damon/fs';
import type { KdamondParams } from '../../damon/params';
import type { ContextStatus, KdamondStatus, SchemeStats } from '../../damon/status';
import { emptySchemeStats } from '../../damon/status';
import type { DamonClient, KdamondSnapshot as ClientKdamond } from '../../sysfs/client';
import { BackendError, type DamonBackend } from './backend';
import { takeDump, type StatusDump } from '../dumps/dump';
import type { TraceSource } from '../trace/liveTrace';
import type { PhaseBinding } from '../phases/phases';
import type { BackendKind, BackendSnapshot, KdamondSnapshot } from './snapshot';

export interface SysfsBackendOptions {
  readonly id: string;
  readonly label: string;
  readonly kind: BackendKind;
  readonly client: DamonClient;
  /** Attached system DAMON starts read-only: no write at all until the user takes control. */
  readonly readOnly: boolean;
  /**
   * The kernel's own view of a kdamond (regions, ages, tuned intervals), where the backend can
   * see it: the simulator can; real sysfs has no region files.
   */
  readonly liveStatus?: (kdamond: number) => KdamondStatus | undefined;
  /** Releases what the backend holds (the agent process, the simulation runner). */
  readonly release?: () => void;
  /** The kernel's trace of this DAMON, where there is one (see DamonBackend.openTrace). */
  readonly openTrace?: () => Promise<TraceSource>;
}

type Listener = () => void;

export class SysfsBackend implements DamonBackend {
  readonly phases?: readonly PhaseBinding[];
  readonly id: string;
  readonly kind: BackendKind;
  readonly label: string;
  readonly openTrace?: () => Promise<TraceSource>;
  protected readonly client: DamonClient;
  private readOnlyFlag: boolean;
  /** What we last committed per kdamond, to show staged changes against. */
  private readonly committed = new Map<number, KdamondParams>();
  /** Kdamonds just committed: the next read of their files is what the kernel now runs with. */
  private readonly justCommitted = new Set<number>();
  /** Kdamonds on at the last snapshot, less those we stopped: one found off stopped by itself. */
  private readonly lastOn = new Set<number>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly opts: SysfsBackendOptions) {
    this.id = opts.id;
    this.kind = opts.kind;
    this.label = opts.label;
    this.client = opts.client;
    this.readOnlyFlag = opts.readOnly;
    this.openTrace = opts.openTrace;
  }

  get fs(): DamonFs {
    return this.client.fs;
  }

  get readOnly(): boolean {
    return this.readOnlyFlag;
  }

  /** The user took control: writes are allowed from now on. */
  takeControl(): void {
    this.readOnlyFlag = false;
    this.changed();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  protected changed(): void {
    for (const l of this.listeners) l();
  }

  async snapshot(): Promise<BackendSnapshot> {
    const detected = await this.client.detect();
    const kdamonds = await this.client.readAll();
    for (const k of kdamonds) {
      if (this.justCommitted.delete(k.index)) this.committed.set(k.index, k.params);
    }
    const live = await Promise.all(kdamonds.map((k) => this.liveOf(k)));
    const stoppedByItself = kdamonds.filter((k) => k.state === 'off' && this.lastOn.has(k.index)).map((k) => k.index);
    this.lastOn.clear();
    for (const k of kdamonds) if (k.state === 'on') this.lastOn.add(k.index);
    return {
      id: this.id,
      label: this.label,
      kind: this.kind,
      generation: detected.generation,
      features: detected.features,
      readOnly: this.readOnlyFlag,
      kdamonds: kdamonds.map((k, i): KdamondSnapshot => ({
        index: k.index,
        state: k.state,
        pid: k.pid,
        params: k.params,
        committed: k.state === 'on' ? this.committed.get(k.index) : undefined,
        status: live[i],
        regionsKnown: this.opts.liveStatus !== undefined,
        phase: this.phases?.find((p) => p.kdamond === k.index)?.name,
      })),
      stoppedByItself,
      takenAt: Date.now(),
    };
  }

  /**
   * Live figures of a kdamond that is on. With control, stats and effective quotas are refreshed
   * first (`update_schemes_stats`, `update_schemes_effective_quotas`). `update_tuned_intervals`
   * is not used: it overwrites the sample_us/aggr_us files, which may hold the user's staged values.
   */
  private async liveOf(k: ClientKdamond): Promise<KdamondStatus | undefined> {
    if (k.state !== 'on') return undefined;
    const kernel = this.opts.liveStatus?.(k.index);
    let stats: SchemeStats[][] = k.contexts.map((c) => c.schemes.map((s) => s.stats));
    let effective: number[][] = k.contexts.map((c) => c.schemes.map((s) => s.effective_bytes));
    if (!this.readOnlyFlag && !kernel) {
      const fresh = await this.client.refreshStatus(k.index, k.state).catch(() => undefined);
      if (fresh && !fresh.stopped) {
        stats = fresh.stats;
        if (fresh.effectiveBytes.length > 0) effective = fresh.effectiveBytes;
      }
    }
    if (kernel) return kernel;
    return {
      state: 'on',
      pid: k.pid,
      contexts: k.params.contexts.map((c, ci): ContextStatus => ({
        operations: c.operations,
        pause: c.pause,
        tuned_intervals: { sample_us: c.monitoring_attrs.intervals.sample_us, aggr_us: c.monitoring_attrs.intervals.aggr_us },
        passed_sample_intervals: 0,
        next_aggregation_sis: 0,
        next_ops_update_sis: 0,
        targets: c.targets.map((t) => ({ pid_target: t.pid_target, valid: true, regions: [] })),
        schemes: c.schemes.map((_, si) => ({
          stats: stats[ci]?.[si] ?? emptySchemeStats(),
          effective_bytes: effective[ci]?.[si] ?? 0,
          wmarks_activated: true,
          goals: (k.contexts[ci]?.schemes[si]?.goal_current_values ?? []).map((v) => ({ current_value: v })),
        })),
      })),
    };
  }

  /**
   * Dumps through the same files a script would read. A read-only attach takes no fresh tried
   * regions (that is a write to `state`) and refreshes nothing: it dumps what the files hold.
   */
  dump(kdamond: number): Promise<StatusDump> {
    if (this.readOnlyFlag) return takeDump(this.client, kdamond, { triedRegions: false, refresh: false });
    return takeDump(this.client, kdamond, { liveStatus: this.opts.liveStatus });
  }

  private ensureWritable(): void {
    if (this.readOnlyFlag) {
      throw new BackendError(`${this.label} is attached read-only; nothing was written. Take control to change it.`, {
        title: 'Take Control',
        command: 'damonLens.takeControl',
      });
    }
  }

  /** The files hold what was committed: the next snapshot records them as the committed state. */
  private rememberCommitted(k: number): void {
    this.justCommitted.add(k);
  }

  async setPause(kdamond: number, context: number, pause: boolean): Promise<void> {
    this.ensureWritable();
    const committed = await this.client.setPaused(kdamond, pause, context);
    if (committed) {
      // Only the pause bit was committed: other staged files were committed with it, as the kernel does.
      this.rememberCommitted(kdamond);
    }
    this.changed();
  }

  async start(kdamond: number): Promise<void> {
    this.ensureWritable();
    await this.client.start(kdamond);
    this.rememberCommitted(kdamond);
    this.changed();
  }

  async stop(kdamond: number): Promise<void> {
    this.ensureWritable();
    this.lastOn.delete(kdamond);
    await this.client.stop(kdamond);
    this.committed.delete(kdamond);
    this.changed();
  }

  async commit(kdamond: number): Promise<void> {
    this.ensureWritable();
    await this.client.commit(kdamond);
    this.rememberCommitted(kdamond);
    this.changed();
  }

  /**
   * Stages `params` and commits them when the kdamond is on. If the kernel rejects the commit,
   * the previous files are written back, so the staged state matches the running one again.
   */
  async apply(kdamond: number, params: KdamondParams): Promise<void> {
    this.ensureWritable();
    const before = await this.client.readKdamond(kdamond);
    await this.client.writeKdamond(kdamond, params);
    if (before.state !== 'on') {
      this.changed();
      return;
    }
    try {
      await this.client.commit(kdamond);
    } catch (e) {
      await this.client.writeKdamond(kdamond, before.params).catch(() => undefined);
      throw e;
    }
    this.rememberCommitted(kdamond);
    this.changed();
  }

  dispose(): void {
    this.listeners.clear();
    this.opts.release?.();
  }
}
