// The simulated half of the fidelity suite: a real run replayed in the simulator (its achieved
// rates, and its real address space or physical pages), with the same fixed attributes, recorded
// as damo would record it.
import type { AddrRange, DamonOps } from '../../src/damon/params';
import type { DamoRecord } from '../../src/damo/record/record';
import { replay } from '../../src/investigation/whatif/replay';
import { parseWorkload, type WorkloadSpec } from '../../src/sim/workload';
import { fidelityParams } from './workloads';

/**
 * Runs the workload for `seconds` of virtual time from its start, monitored as the real run was;
 * the records. `sampleUs`: the sample interval the real kdamond achieved (a loaded TCG guest
 * stretches the 5 ms it was given); the aggregation and update intervals keep their ratio to it.
 */
export async function simulate(spec: WorkloadSpec, ops: DamonOps, ram: AddrRange, seconds: number, seed: number, sampleUs: number): Promise<DamoRecord[]> {
  const workload = parseWorkload(spec);
  const params = fidelityParams(ops, ops === 'paddr' ? { ram } : { pid: workload.processes[0].pid });
  const iv = params.contexts[0].monitoring_attrs.intervals;
  const stretch = sampleUs / iv.sample_us;
  iv.sample_us = Math.round(iv.sample_us * stretch);
  iv.aggr_us = Math.round(iv.aggr_us * stretch);
  iv.update_us = Math.round(iv.update_us * stretch);
  return (await replay(workload, params, seconds, { seed })).records;
}
