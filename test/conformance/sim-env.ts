// The conformance environment over the simulated kernel: virtual time, a workload process that
// exits when asked, and the damon_stat holder toggled on the simulated sysfs.
import { createSimulatedDamon } from '../../src/sim/sysfs';
import { hotCold, PRESET_PID } from '../../src/sim/presets';
import type { KernelGeneration } from '../../src/damon/sysfs-layout';
import type { ConformanceEnv } from './cases';

const MiB = 2 ** 20;
/** The target process exits at this virtual time unless a case asks earlier. */
const EXIT_S = 8;

export function simEnv(gen: KernelGeneration): ConformanceEnv & { holdDamon?: (on: boolean) => Promise<void> } {
  const workload = hotCold();
  workload.processes[0].exit_s = EXIT_S;
  const { kernel, fs } = createSimulatedDamon({ workload, generation: gen, drive: 'self', seed: 7 });
  const memBytes = kernel.machine.workload.memBytes;
  const env: ConformanceEnv & { holdDamon?: (on: boolean) => Promise<void> } = {
    kind: 'sim',
    gen,
    release: `${gen}.0-sim`,
    fs,
    async elapse(ms) {
      kernel.runUntil(kernel.nowUs + ms * 1000);
      await new Promise<void>((r) => setImmediate(r));
    },
    ramRange: () => ({ start: MiB, end: memBytes }),
    async spawnTarget() {
      return {
        pid: PRESET_PID,
        exit: async () => {
          if (kernel.nowUs < EXIT_S * 1e6) kernel.runUntil(EXIT_S * 1e6 + 1000);
        },
      };
    },
  };
  if (fs.quirks.hasDamonStat) {
    env.holdDamon = async (on) => {
      fs.exclusiveUser = on ? 'damon_stat' : null;
    };
  }
  return env;
}
