// A simulated DAMON for the CLI: the simulator behind its sysfs, with kdamond 0 started the way a
// new simulated kdamond starts in the extension. Self-driven: virtual time moves only while a
// request waits for the kdamond or the caller advances it, so runs are reproducible.
import { readFileSync } from 'node:fs';
import { KERNEL_GENERATIONS, type KernelGeneration } from '../damon/sysfs-layout';
import { defaultSimKdamond } from '../investigation/backends/simConfig';
import { parseWorkload, PRESETS, type SimKernel, type Workload } from '../sim';
import { createSimulatedDamon } from '../sim/sysfs';
import { DamonClient } from '../sysfs/client';
import { UsageError } from './errors';

export interface SimSource {
  readonly kernel: SimKernel;
  readonly client: DamonClient;
}

/** A preset name, or a workload JSON file (src/sim/workload.ts format). */
export function loadWorkload(presetOrFile: string): Workload {
  const preset = PRESETS[presetOrFile];
  if (preset) return parseWorkload(preset());
  let text: string;
  try {
    text = readFileSync(presetOrFile, 'utf8');
  } catch {
    throw new UsageError(`"${presetOrFile}" is neither a workload preset (${Object.keys(PRESETS).join(', ')}) nor a readable workload file`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`workload file ${presetOrFile} is not JSON (${(e as Error).message})`);
  }
  return parseWorkload(spec);
}

export function parseGeneration(text: string): KernelGeneration {
  if (!(KERNEL_GENERATIONS as readonly string[]).includes(text)) {
    throw new UsageError(`--kernel ${text}: not a simulated kernel; choose one of ${KERNEL_GENERATIONS.join(', ')}`);
  }
  return text as KernelGeneration;
}

/** The pid of the workload's first process, which the simulated kdamond monitors. */
export function firstPid(workload: Workload): number {
  if (workload.processes.length === 0) throw new UsageError('the workload has no process to monitor: add one under "processes"');
  return workload.processes[0].pid;
}

/** Starts kdamond 0 over the workload's first process as a new simulated kdamond starts; the caller advances the kernel's virtual time. */
export async function startSimulation(workload: Workload, generation: KernelGeneration, seed = 1): Promise<SimSource> {
  const pid = firstPid(workload);
  const { kernel, fs } = createSimulatedDamon({ workload, seed, generation, drive: 'self' });
  // 7.2 and 7.3 have the same files: the release tells them apart, as uname -r does.
  const client = new DamonClient(fs, { release: `${generation}.0-damon-lens-sim` });
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, defaultSimKdamond(pid, generation));
  await client.start(0);
  return { kernel, client };
}
