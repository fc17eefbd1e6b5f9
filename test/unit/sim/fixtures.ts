// Shared fixtures: a workload whose accesses are certain (probability 1 or 0), so counts are exact.
import { defaultContext, defaultTarget, type ContextParams } from '../../../src/damon/params';
import { SimKernel } from '../../../src/sim/kernel';
import type { Kdamond } from '../../../src/sim/kdamond';
import type { WorkloadSpec } from '../../../src/sim/workload';

export const PID = 100;
export const MiB = 2 ** 20;
export const HOT = { start: 0x10000000, end: 0x10000000 + 4 * MiB };
export const COLD = { start: 0x20000000, end: 0x20000000 + 4 * MiB };

export function certainWorkload(extra: Partial<WorkloadSpec['processes'][number]> = {}): WorkloadSpec {
  return {
    memory: { size: 256 * MiB, nodes: 2 },
    processes: [{
      pid: PID,
      areas: [
        { name: 'hot', start: HOT.start, size: 4 * MiB, access_probability: 1 },
        { name: 'cold', start: COLD.start, size: 4 * MiB, access_probability: 0, type: 'file' },
        { name: 'stack', start: 0x7fff0000000, size: MiB, access_probability: 1 },
      ],
      ...extra,
    }],
  };
}

/** fvaddr over the hot and cold areas: regions stay inside one rate each. */
export function fvaddrCtx(edit: (c: ContextParams) => void = () => {}): ContextParams {
  const c = defaultContext('fvaddr');
  c.targets.push({ ...defaultTarget(PID), regions: [HOT, COLD] });
  c.monitoring_attrs.nr_regions = { min: 3, max: 100 };
  edit(c);
  return c;
}

export function boot(ctx: ContextParams, workload: WorkloadSpec = certainWorkload(), seed = 7): { kernel: SimKernel; kd: Kdamond } {
  const kernel = new SimKernel({ workload, seed });
  const kd = kernel.addKdamond();
  kd.start(ctx);
  return { kernel, kd };
}

export function steps(kd: Kdamond, n: number): void {
  for (let i = 0; i < n; i++) kd.step();
}
