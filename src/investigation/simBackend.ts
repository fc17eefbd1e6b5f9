// A simulated kernel as a backend: the simulator behind its own sysfs, driven by the same client
// as the system's DAMON, and paced to the wall clock by a runner.
import type { KernelGeneration } from '../damon/sysfs-layout';
import { PRESETS, PRESET_PID, Runner, type SimKernel } from '../sim';
import { createSimulatedDamon } from '../sim/sysfs';
import { DamonClient } from '../sysfs/client';
import { defaultSimKdamond } from './simConfig';
import { SysfsBackend } from './sysfsBackend';

export const SIM_PRESETS: readonly { readonly id: string; readonly description: string }[] = [
  { id: 'hot-cold', description: '100 MiB hot, 900 MiB idle' },
  { id: 'zipfian', description: '64 chunks with zipfian popularity' },
  { id: 'stairs', description: 'masim-like stairs: one area hot at a time' },
  { id: 'growing-working-set', description: 'the working set grows over time' },
  { id: 'android-app', description: 'foreground and background phases switching' },
].filter((p) => p.id in PRESETS);

export interface SimulatedBackendOptions {
  readonly id: string;
  readonly preset: string;
  readonly generation: KernelGeneration;
  /** Virtual seconds per wall second. */
  readonly speed: number;
  /** Start the context with `pause` set (7.2+): it samples once, then waits. */
  readonly paused?: boolean;
  readonly seed?: number;
  readonly log?: (message: string) => void;
}

/** The simulated backend, with its kernel exposed for tests and the dashboard. */
export class SimulatedBackend extends SysfsBackend {
  constructor(
    opts: SimulatedBackendOptions,
    readonly kernel: SimKernel,
    client: DamonClient,
    readonly runner: Runner,
  ) {
    super({
      id: opts.id,
      label: `Simulated ${opts.preset}`,
      kind: 'simulated',
      client,
      readOnly: false,
      liveStatus: (k) => {
        const kd = kernel.kdamonds[k];
        return kd?.running ? kd.status() : undefined;
      },
      release: () => runner.stop(),
    });
  }
}

export async function createSimulatedBackend(opts: SimulatedBackendOptions): Promise<SimulatedBackend> {
  const make = PRESETS[opts.preset];
  if (!make) throw new Error(`unknown workload preset "${opts.preset}"`);
  const { kernel, fs } = createSimulatedDamon({ workload: make(), seed: opts.seed ?? 1, generation: opts.generation, drive: 'external' });
  const runner = new Runner(kernel, { speed: opts.speed });
  // 7.2 and 7.3 have the same files: the release tells them apart, as uname -r does on a real kernel.
  const client = new DamonClient(fs, { release: `${opts.generation}.0-damon-lens-sim` });
  const backend = new SimulatedBackend(opts, kernel, client, runner);
  // The runner must run while the client waits for `on`: a kdamond serves commits from its loop.
  runner.start();
  try {
    await client.setNrKdamonds(1);
    const params = defaultSimKdamond(PRESET_PID, opts.generation);
    if (opts.paused) params.contexts[0].pause = true;
    await client.writeKdamond(0, params);
    await backend.start(0);
  } catch (e) {
    runner.stop();
    throw e;
  }
  opts.log?.(`simulated kdamond 0 started: ${opts.preset} on Linux ${opts.generation} at ${opts.speed}× speed`);
  return backend;
}
