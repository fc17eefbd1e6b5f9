// Simulated machines for the sysfs tests.
import type { KernelGeneration } from '../../../../src/damon/sysfs-layout';
import { createSimulatedDamon, type SimSysfs } from '../../../../src/sim/sysfs';
import type { ExclusiveUser } from '../../../../src/sim/sysfs/state';
import type { SimKernel } from '../../../../src/sim/kernel';
import type { WorkloadSpec } from '../../../../src/sim/workload';

const MiB = 2 ** 20;

/** The pid of the workload's process, like the guest's `sleep`/shell targets in §A/§C step 6. */
export const TARGET_PID = 742;
/** When the target process exits (virtual seconds). */
export const TARGET_EXIT_S = 3;
/** A process that never exits, like §A's pid 108 for fvaddr (step 8). */
export const DAEMON_PID = 108;

/** 1 GiB of RAM, and one process with code, heap and stack (so vaddr finds its three regions). */
export function guestWorkload(): WorkloadSpec {
  return {
    name: 'guest',
    memory: { size: 1024 * MiB, nodes: 1, reserved: 64 * MiB },
    processes: [{
      pid: TARGET_PID,
      exit_s: TARGET_EXIT_S,
      areas: [
        { name: 'code', start: 0x400000, size: 2 * MiB, type: 'file', access_hz: 20 },
        { name: 'heap', start: 0x55550000000, size: 128 * MiB, access_hz: 100 },
        { name: 'cold', size: 256 * MiB, access_hz: 0 },
        { name: 'stack', start: 0x7fff00000000, size: MiB, access_hz: 100 },
      ],
    }, {
      pid: DAEMON_PID,
      areas: [{ name: 'heap', start: 0x400000, size: 4 * MiB, access_hz: 10 }],
    }],
  };
}

export function simulated(generation: KernelGeneration, exclusiveUser: ExclusiveUser | null = null): { kernel: SimKernel; fs: SimSysfs } {
  return createSimulatedDamon({ generation, workload: guestWorkload(), seed: 1, exclusiveUser });
}

/** Start and end of the paddr region the tests monitor (inside the 1 GiB of RAM, like §A's 1 MiB–1 GiB). */
export const RAM_START = 1048576;
export const RAM_END = 1073610752;

/** §A/§C step 1 and 4c: one kdamond, paddr over RAM, a `stat` scheme whose pattern maxima are set. */
export const PADDR_STAT_SETUP = `
$ echo 1 > kdamonds/nr_kdamonds   -> ok
$ echo 1 > kdamonds/0/contexts/nr_contexts   -> ok
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/nr_targets   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo ${RAM_START} > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo ${RAM_END} > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo 1 > kdamonds/0/contexts/0/schemes/nr_schemes   -> ok
$ echo stat > kdamonds/0/contexts/0/schemes/0/action   -> ok
$ echo 18446744073709551615 > kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max   -> ok
$ echo 4294967295 > kdamonds/0/contexts/0/schemes/0/access_pattern/nr_accesses/max   -> ok
$ echo 4294967295 > kdamonds/0/contexts/0/schemes/0/access_pattern/age/max   -> ok
`;

/** PADDR_STAT_SETUP, then `on`. */
export const PADDR_STAT_ON = `${PADDR_STAT_SETUP}
$ echo on > kdamonds/0/state   -> ok
`;

/** PADDR_STAT_SETUP turned into a vaddr kdamond on TARGET_PID (§A/§C step 6), then `on`. */
export const VADDR_STAT_ON = `${PADDR_STAT_SETUP}
$ echo vaddr > kdamonds/0/contexts/0/operations   -> ok
$ echo ${TARGET_PID} > kdamonds/0/contexts/0/targets/0/pid_target   -> ok
$ echo 0 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo on > kdamonds/0/state   -> ok
`;

/** The generations with and without a feature. */
export const PAUSE_GENERATIONS = ['7.2', '7.3'] as const;
export const PRE_PAUSE_GENERATIONS = ['6.12', '6.18', '7.0', '7.1'] as const;
