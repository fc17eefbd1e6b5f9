// What the UI knows about one backend at one moment: every kdamond's parameters as its sysfs
// files hold them (staged), what was last committed, and the live status the kernel reports.
import type { KdamondParams } from '../../damon/params';
import type { KdamondStatus } from '../../damon/status';
import type { FeatureId, KernelGeneration } from '../../damon/sysfs-layout';
import { diffValues } from '../dumps/diff';

export type BackendKind = 'simulated' | 'system';

export interface KdamondSnapshot {
  readonly index: number;
  readonly state: 'on' | 'off';
  /** kdamond pid, or -1 when it is not running. */
  readonly pid: number;
  /** Parameters as the sysfs files hold them now, including uncommitted writes. */
  readonly params: KdamondParams;
  /** Parameters at the last `on`/`commit`, when known; undefined for a kdamond we never committed. */
  readonly committed?: KdamondParams;
  /** Live figures; undefined when the kdamond is off or the backend cannot tell. */
  readonly status?: KdamondStatus;
  /** The workload phase this kdamond monitors, when it is bound to one. */
  readonly phase?: string;
  /** Whether status holds the monitoring regions (the simulator's do; real sysfs has no region files). */
  readonly regionsKnown: boolean;
}

export interface BackendSnapshot {
  readonly id: string;
  readonly label: string;
  readonly kind: BackendKind;
  readonly generation: KernelGeneration;
  readonly features: Readonly<Partial<Record<FeatureId, boolean | undefined>>>;
  /** A system backend stays read-only until the user takes control. */
  readonly readOnly: boolean;
  readonly kdamonds: readonly KdamondSnapshot[];
  /** Kdamonds that were on at the previous refresh and stopped without being asked (e.g. their target process exited). */
  readonly stoppedByItself?: readonly number[];
  /** Why the last refresh failed, if it did (the previous kdamonds are kept). */
  readonly error?: string;
  /** Wall-clock time of the refresh (ms since the epoch). */
  readonly takenAt: number;
}

/**
 * The parameter paths whose staged value differs from the committed one, as sysfs-like paths
 * (e.g. `contexts/0/monitoring_attrs/intervals/sample_us`; a changed count as `…/schemes/length`).
 */
export function stagedChanges(staged: unknown, committed: unknown): string[] {
  return diffValues(staged, committed).map((c) => c.path);
}
