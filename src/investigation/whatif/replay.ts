// A workload replayed in the simulator under one kdamond configuration: what DAMON would have
// recorded (a damo record of its damon_aggregated snapshots), what its schemes did, and what that
// cost the workload (bytes paged out, and the refaults they caused).
import type { KdamondParams } from '../../damon/params';
import type { SchemeStats } from '../../damon/status';
import type { KernelGeneration } from '../../damon/sysfs-layout';
import type { DamoRecord } from '../../damo/record/record';
import { parseWorkload, type Workload, type WorkloadSpec } from '../../sim/workload';
import { createSimulatedDamon } from '../../sim/sysfs';
import { DamonClient } from '../../sysfs/client';
import { SimRecording } from '../simRecording';

export interface ReplayOptions {
  readonly seed?: number;
  readonly generation?: KernelGeneration;
  /** Called after each simulated second with the share done. */
  readonly onProgress?: (done: number) => void;
  /** Aborting stops the replay between two simulated seconds: it rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface SchemeOutcome {
  readonly action: string;
  readonly stats: SchemeStats;
}

export interface ReplayResult {
  readonly records: DamoRecord[];
  readonly schemes: readonly SchemeOutcome[];
  /** Bytes the pageout schemes applied to. */
  readonly pagedOutBytes: number;
  /** Paged-out bytes the workload touched again (each a major fault). */
  readonly refaultBytes: number;
  /** Virtual seconds recorded. */
  readonly seconds: number;
}

/** Replays `workload` under kdamond 0 of `params` for `seconds` of virtual time from its start, recorded as damo would. */
export async function replay(workload: WorkloadSpec | Workload, params: KdamondParams, seconds: number, opts: ReplayOptions = {}): Promise<ReplayResult> {
  const w = 'memBytes' in workload ? workload : parseWorkload(workload);
  const generation = opts.generation ?? '7.3';
  const { kernel, fs } = createSimulatedDamon({ workload: w, seed: opts.seed ?? 1, generation, drive: 'self' });
  // 7.2 and 7.3 have the same files: the release tells them apart, as uname -r does.
  const client = new DamonClient(fs, { release: `${generation}.0-damon-lens-sim` });
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, params);
  await client.start(0);
  const recording = new SimRecording(kernel, 0, 0, params.contexts[0].monitoring_attrs.intervals);
  const startUs = kernel.nowUs;
  const endUs = startUs + seconds * 1e6;
  while (kernel.nowUs < endUs) {
    opts.signal?.throwIfAborted();
    kernel.advance(Math.min(1e6, endUs - kernel.nowUs));
    opts.onProgress?.(Math.min(1, (kernel.nowUs - startUs) / (seconds * 1e6)));
    // Let the caller's event loop run (a host's timers, a cancel button) between simulated seconds.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const records = recording.stop();
  // Before the stats: serving that request moves the self-driven kernel's clock on.
  const recorded = (kernel.nowUs - startUs) / 1e6;
  // A kdamond that stopped by itself (its target process exited) still has its last stats.
  const stats = (await client.updateStats(0).catch(() => client.readStats(0)))[0] ?? [];
  const schemes = params.contexts[0].schemes.map((s, i): SchemeOutcome => ({ action: s.action, stats: stats[i] }));
  return {
    records,
    schemes,
    pagedOutBytes: schemes.filter((s) => s.action === 'pageout').reduce((sum, s) => sum + s.stats.sz_applied, 0),
    refaultBytes: kernel.machine.refaultBytes,
    seconds: recorded,
  };
}
