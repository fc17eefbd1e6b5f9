// Public surface of the simulated DAMON sysfs.

import type { KernelGeneration } from '../../damon/sysfs-layout';
import { SimKernel, type SimKernelOptions } from '../kernel';
import { SimSysfs, type SimDrive } from './sim-fs';
import type { ExclusiveUser } from './state';

export { SimSysfs, type SimSysfsOptions, type SimDrive } from './sim-fs';
export type { ExclusiveUser } from './state';
export { quirksOf, STATE_KEYWORDS, type Quirks, type StateKeyword } from './quirks';

export interface SimulatedDamonOptions extends SimKernelOptions {
  generation: KernelGeneration;
  drive?: SimDrive;
  exclusiveUser?: ExclusiveUser | null;
}

/** A simulated kernel over a workload, and its DAMON sysfs as one kernel generation shows it. */
export function createSimulatedDamon(opts: SimulatedDamonOptions): { kernel: SimKernel; fs: SimSysfs } {
  const kernel = new SimKernel(opts);
  const fs = new SimSysfs({ kernel, generation: opts.generation, drive: opts.drive, exclusiveUser: opts.exclusiveUser });
  return { kernel, fs };
}
