// A status dump of one kdamond: everything needed to tell what DAMON was doing at one moment
// (committed parameters, tuned intervals, effective quotas, stats, regions, tried regions), as
// one JSON-able object. Taken while the context is paused, two dumps of it are identical apart
// from `taken_at`: that is the kernel's race-free dump use case for pause.
import type { KdamondParams } from '../../damon/params';
import type { KdamondStatus, RegionStatus, SchemeStats, TriedRegions, TunedIntervals } from '../../damon/status';
import type { DamonClient } from '../../sysfs/client';

export const DUMP_FORMAT = 'damon-lens-status-dump';
export const DUMP_VERSION = 1;

export interface SchemeDump {
  stats: SchemeStats;
  /** `quotas/effective_bytes`. */
  effective_bytes: number;
  /** `quotas/goals/<G>/current_value`, per goal. */
  goal_current_values: number[];
  /** The tried regions; undefined when they could not be updated (see tried_regions_error). */
  tried_regions?: TriedRegions;
  /** Why the tried regions are missing, e.g. ECANCELED while paused. */
  tried_regions_error?: string;
}

export interface TargetDump {
  pid_target: number;
  /** The monitoring regions with nr_accesses and age; undefined where the backend cannot see them. */
  regions?: RegionStatus[];
}

export interface ContextDump {
  /** The contexts/<C>/pause file; undefined on kernels without pause (before 7.2). */
  pause?: boolean;
  tuned_intervals: TunedIntervals;
  /** The kdamond's sample counter, where the backend sees it (frozen while paused). */
  passed_sample_intervals?: number;
  targets: TargetDump[];
  schemes: SchemeDump[];
}

export interface StatusDump {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  /** ISO time the dump was taken; the only field a dump diff ignores. */
  taken_at: string;
  kdamond: number;
  state: 'on' | 'off';
  pid: number;
  /** The parameters as the sysfs files hold them (what was committed, unless staged since). */
  params: KdamondParams;
  contexts: ContextDump[];
}

export interface DumpOptions {
  /** The kernel's own view of the kdamond (regions, ages, tuned intervals), where the backend has one. */
  liveStatus?: (kdamond: number) => KdamondStatus | undefined;
  /** Ask the kdamond for fresh tried regions (a DAMOS walk). Default true. */
  triedRegions?: boolean;
  /** Refresh stats and quotas first (writes to `state`). Default true; a read-only attach says false. */
  refresh?: boolean;
  now?: () => Date;
}

/** Takes a status dump of kdamond `k`. Commands it writes only refresh status files. */
export async function takeDump(client: DamonClient, k: number, opts: DumpOptions = {}): Promise<StatusDump> {
  const snap = await client.readKdamond(k);
  const on = snap.state === 'on';
  const live = on ? opts.liveStatus?.(k) : undefined;
  const status = on && opts.refresh !== false ? await freshStatus(client, k, snap.params, live) : undefined;
  const tried = on && opts.triedRegions !== false ? await triedRegions(client, k) : undefined;
  const contexts = await Promise.all(
    snap.params.contexts.map(async (c, ci): Promise<ContextDump> => {
      const lc = live?.contexts[ci];
      return {
        pause: await client.isPaused(k, ci),
        tuned_intervals: lc?.tuned_intervals ?? status?.intervals?.[ci] ?? { sample_us: c.monitoring_attrs.intervals.sample_us, aggr_us: c.monitoring_attrs.intervals.aggr_us },
        passed_sample_intervals: lc?.passed_sample_intervals,
        targets: c.targets.map((t, ti) => ({ pid_target: t.pid_target, regions: lc?.targets[ti]?.regions })),
        schemes: c.schemes.map((_, si): SchemeDump => {
          const files = snap.contexts[ci]?.schemes[si];
          const out: SchemeDump = {
            stats: status?.stats[ci]?.[si] ?? files.stats,
            effective_bytes: status?.effectiveBytes[ci]?.[si] ?? files.effective_bytes,
            goal_current_values: files.goal_current_values,
          };
          if (tried instanceof Error) out.tried_regions_error = tried.message;
          else if (tried) out.tried_regions = tried[ci]?.[si];
          return out;
        }),
      };
    }),
  );
  return {
    format: DUMP_FORMAT,
    version: DUMP_VERSION,
    taken_at: (opts.now?.() ?? new Date()).toISOString(),
    kdamond: k,
    state: snap.state,
    pid: snap.pid,
    params: snap.params,
    contexts,
  };
}

interface FreshStatus {
  stats: SchemeStats[][];
  effectiveBytes: number[][];
  intervals?: TunedIntervals[];
}

/**
 * Stats and effective quotas, refreshed. Tuned intervals come from `update_tuned_intervals` only
 * when tuning is on and the backend has no live view; that command overwrites the sample_us and
 * aggr_us files, so the staged values are written back after it.
 */
async function freshStatus(client: DamonClient, k: number, params: KdamondParams, live: KdamondStatus | undefined): Promise<FreshStatus> {
  const stats = await client.updateStats(k);
  const effectiveBytes = await client.updateEffectiveQuotas(k);
  const tuning = params.contexts.some((c) => c.monitoring_attrs.intervals.intervals_goal.aggrs > 0);
  if (live || !tuning || !(await client.hasFeature('intervals_goal'))) return { stats, effectiveBytes };
  const intervals = await client.updateTunedIntervals(k);
  await client.writeKdamond(k, params);
  return { stats, effectiveBytes, intervals };
}

/** Fresh tried regions, or the error the kernel gave (ECANCELED while paused: walks are cancelled). */
async function triedRegions(client: DamonClient, k: number): Promise<TriedRegions[][] | Error> {
  try {
    return await client.updateTriedRegions(k);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
