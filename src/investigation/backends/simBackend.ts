// A simulated kernel as a backend: the simulator behind its own sysfs, driven by the same client
// as the system's DAMON, and paced to the wall clock by a runner.
import { atLeast, type KernelGeneration } from '../../damon/sysfs-layout';
import { PRESETS, PRESET_PID, Runner, type SimKernel, type WorkloadSpec } from '../../sim';
import { createSimulatedDamon } from '../../sim/sysfs';
import { DamonClient } from '../../sysfs/client';
import { scheduledPhase, switchPhase, type PhaseBinding, type PhaseSchedule } from '../phases/phases';
import { defaultSimKdamond } from './simConfig';
import { SysfsBackend } from './sysfsBackend';

/**
 * Presets whose workload has named phases: one kdamond per phase. The android-app preset's areas
 * switch between foreground and background rates every 10 s (src/sim/presets.ts).
 */
const PRESET_PHASES: Readonly<Record<string, PhaseSchedule>> = {
  'android-app': { names: ['foreground', 'background'], periodUs: 10e6 },
};

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
  /** A workload to run instead of the preset's (the preset names it). */
  readonly workload?: WorkloadSpec;
  /** For presets with phases: switch the phases' contexts as the workload's phase changes. */
  readonly followPhases?: boolean;
  readonly log?: (message: string) => void;
}

/** The simulated backend, with its kernel exposed for tests and the dashboard. */
export class SimulatedBackend extends SysfsBackend {
  /** One binding per named phase of the workload (empty without phases). */
  override readonly phases: readonly PhaseBinding[];
  private switching: Promise<void> | undefined;

  constructor(
    opts: SimulatedBackendOptions,
    readonly kernel: SimKernel,
    client: DamonClient,
    readonly runner: Runner,
    readonly schedule: PhaseSchedule | undefined,
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
    this.phases = (schedule?.names ?? []).map((name, kdamond) => ({ name, kdamond, context: 0 }));
  }

  /** The phase the workload is in now, by its schedule. */
  workloadPhase(): string | undefined {
    return this.schedule ? scheduledPhase(this.schedule, this.kernel.nowUs) : undefined;
  }

  /** Switches to the workload's phase when it changed; one switch at a time. */
  followWorkload(): void {
    const want = this.workloadPhase();
    if (!want || this.switching || this.readOnly) return;
    const runningPhase = this.phases.find((p) => this.kernel.kdamonds[p.kdamond]?.running && !this.kernel.kdamonds[p.kdamond].paused);
    if (runningPhase?.name === want) return;
    this.switching = switchPhase(this, this.phases, want)
      .catch(() => undefined) // a kdamond that stopped meanwhile: the next refresh shows it
      .finally(() => {
        this.switching = undefined;
      });
  }
}

export async function createSimulatedBackend(opts: SimulatedBackendOptions): Promise<SimulatedBackend> {
  const make = PRESETS[opts.preset];
  if (!make) throw new Error(`unknown workload preset "${opts.preset}"`);
  const { kernel, fs } = createSimulatedDamon({ workload: opts.workload ?? make(), seed: opts.seed ?? 1, generation: opts.generation, drive: 'external' });
  // Phases need pause (7.2+); older kernels monitor the whole workload with one kdamond.
  const schedule = atLeast(opts.generation, '7.2') ? PRESET_PHASES[opts.preset] : undefined;
  // Phases are followed once every phase's kdamond is up (the runner slices run before that).
  let started = false;
  const runner = new Runner(kernel, { speed: opts.speed, onSlice: () => (started && opts.followPhases === true ? sim.followWorkload() : undefined) });
  // 7.2 and 7.3 have the same files: the release tells them apart, as uname -r does on a real kernel.
  const client = new DamonClient(fs, { release: `${opts.generation}.0-damon-lens-sim` });
  const sim = new SimulatedBackend(opts, kernel, client, runner, schedule);
  // The runner must run while the client waits for `on`: a kdamond serves commits from its loop.
  runner.start();
  try {
    const phases = schedule?.names ?? [undefined];
    await client.setNrKdamonds(phases.length);
    for (const [k] of phases.entries()) {
      const params = defaultSimKdamond(PRESET_PID, opts.generation);
      // Every phase but the first starts paused: it samples once, then waits for its phase.
      if (opts.paused || k > 0) params.contexts[0].pause = true;
      await client.writeKdamond(k, params);
      await sim.start(k);
    }
  } catch (e) {
    runner.stop();
    throw e;
  }
  started = true;
  opts.log?.(`simulated ${sim.phases.length > 0 ? `kdamonds for phases ${sim.phases.map((p) => p.name).join(', ')}` : 'kdamond 0'} started: ${opts.preset} on Linux ${opts.generation} at ${opts.speed}× speed`);
  return sim;
}
