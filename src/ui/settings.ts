import * as vscode from 'vscode';
import { clampInterval } from '../investigation/backends/refresh';

export const SECTION = 'damonLens';

export interface Settings {
  readonly refreshIntervalMs: number;
  readonly historyLength: number;
  readonly simulation: { readonly preset: string; readonly kernel: string; readonly speed: number; readonly autoStart: boolean; readonly followPhases: boolean };
  /** Machine-scoped: only user (machine) settings count, never a workspace's. */
  readonly sysfsRoot: string;
  readonly agentCommand: string;
}

/** Reads a machine-scoped setting from the global (user) value only, ignoring any workspace value. */
function machineSetting(config: vscode.WorkspaceConfiguration, key: string, fallback: string): string {
  const inspected = config.inspect<string>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    refreshIntervalMs: clampInterval(c.get<number>('refreshIntervalMs', 1000)),
    historyLength: Math.min(100_000, Math.max(10, c.get<number>('historyLength', 600))),
    simulation: {
      preset: c.get<string>('simulation.preset', 'hot-cold'),
      kernel: c.get<string>('simulation.kernel', '7.3'),
      speed: Math.min(1000, Math.max(0.1, c.get<number>('simulation.speed', 1))),
      autoStart: c.get<boolean>('simulation.autoStart', false),
      followPhases: c.get<boolean>('simulation.followPhases', true),
    },
    sysfsRoot: machineSetting(c, 'sysfsRoot', '/sys/kernel/mm/damon/admin'),
    agentCommand: machineSetting(c, 'agentCommand', ''),
  };
}
