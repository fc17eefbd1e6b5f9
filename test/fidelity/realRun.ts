// What one real run of a fidelity case saved (test/fidelity/guest.ts writes it, run.ts reads it).
import type { AddrRange } from '../../src/damon/params';
import type { DamoRecord } from '../../src/damo/record/record';

export interface RealRun {
  readonly id: string;
  readonly run: number;
  /** uname -r of the guest. */
  readonly kernel: string;
  readonly pid: number;
  /** CLOCK_MONOTONIC (ns) when the runner began its accesses; snapshot times are on the same clock. */
  readonly goNs: number;
  /** /proc/<pid>/maps once the areas were mapped. */
  readonly maps: string;
  /** The guest's biggest System RAM range (the paddr target). */
  readonly ram: AddrRange;
  /** paddr only: each workload area's physical extents. */
  readonly extents: readonly AddrRange[][];
  /** AnonHugePages of /proc/meminfo with the areas mapped (KiB): whether THP backed them. */
  readonly hugeKiB: number;
  /** The runner's stdout: "ready <pid>" and its "achieved" lines. */
  readonly runnerOut: string;
  /** The damon_aggregated snapshots after the accesses began, as damo would record them. */
  readonly records: DamoRecord[];
}
