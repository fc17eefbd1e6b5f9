import { join } from 'node:path';
import * as vscode from 'vscode';
import { KERNEL_GENERATIONS, type KernelGeneration } from '../damon/sysfs-layout';
import { BackendError } from '../investigation/backends/backend';
import { createSimulatedBackend, SIM_PRESETS } from '../investigation/backends/simBackend';
import { createSystemBackend } from '../investigation/backends/systemBackend';
import { SysfsBackend } from '../investigation/backends/sysfsBackend';
import type { Controller } from './controller';
import { settings } from './settings';
import { UserError } from './targets';

let nextSimId = 1;

/** Options a caller (tests, `simulation.autoStart`) can pass instead of asking with quick picks. */
export interface StartSimulationArgs {
  readonly preset?: string;
  readonly kernel?: KernelGeneration;
  readonly speed?: number;
  /** Start with contexts/0/pause set (7.2+). */
  readonly paused?: boolean;
  /** Follow the workload's phases (presets with phases). */
  readonly followPhases?: boolean;
}

function isStartArgs(arg: unknown): arg is StartSimulationArgs {
  return typeof arg === 'object' && arg !== null && ('preset' in arg || 'kernel' in arg);
}

export async function startSimulation(controller: Controller, log: vscode.LogOutputChannel, arg?: unknown): Promise<SysfsBackend | undefined> {
  const s = settings().simulation;
  let preset: string | undefined;
  let kernel: KernelGeneration | undefined;
  if (isStartArgs(arg)) {
    preset = arg.preset ?? s.preset;
    kernel = arg.kernel ?? (s.kernel as KernelGeneration);
  } else {
    const pickedPreset = await vscode.window.showQuickPick(
      SIM_PRESETS.map((p) => ({ label: p.id, description: p.description, picked: p.id === s.preset })),
      { title: 'Start Simulated Kdamond (1/2)', placeHolder: 'Workload to monitor' },
    );
    if (!pickedPreset) return undefined;
    const newest = KERNEL_GENERATIONS[KERNEL_GENERATIONS.length - 1];
    const pickedKernel = await vscode.window.showQuickPick(
      [...KERNEL_GENERATIONS].reverse().map((g) => ({ label: g, description: g === newest ? 'newest, with pause' : g >= '7.2' ? 'with pause' : 'no pause' })),
      { title: 'Start Simulated Kdamond (2/2)', placeHolder: 'Kernel version to emulate' },
    );
    if (!pickedKernel) return undefined;
    preset = pickedPreset.label;
    kernel = pickedKernel.label as KernelGeneration;
  }
  if (!SIM_PRESETS.some((p) => p.id === preset)) throw new UserError(`Unknown workload preset "${preset}". Known: ${SIM_PRESETS.map((p) => p.id).join(', ')}.`);
  if (!KERNEL_GENERATIONS.includes(kernel)) throw new UserError(`Unknown kernel "${kernel}". Known: ${KERNEL_GENERATIONS.join(', ')}.`);
  const id = `sim${nextSimId++}`;
  const speed = isStartArgs(arg) && arg.speed !== undefined ? arg.speed : s.speed;
  const backend = await vscode.window.withProgress(
    { location: { viewId: 'damonLens.kdamonds' }, title: `Starting a simulated kdamond (${preset}, Linux ${kernel})` },
    () => createSimulatedBackend({
      id,
      preset: preset as string,
      generation: kernel as KernelGeneration,
      speed,
      paused: isStartArgs(arg) && arg.paused === true,
      followPhases: isStartArgs(arg) && arg.followPhases !== undefined ? arg.followPhases : s.followPhases,
      log: (m) => log.info(m),
    }),
  );
  await controller.add(backend);
  return backend;
}

export async function attachSystem(controller: Controller, log: vscode.LogOutputChannel, extensionPath: string): Promise<SysfsBackend> {
  const s = settings();
  const existing = controller.backendList.find((b) => b.kind === 'system');
  if (existing) throw new UserError(`Already attached to the system DAMON (${existing.label}).`);
  const backend = await createSystemBackend({
    id: 'system',
    root: s.sysfsRoot,
    agentCommand: s.agentCommand,
    agentScript: join(extensionPath, 'dist', 'agent.js'),
    log: (line) => log.info(`[agent] ${line}`),
  });
  await controller.add(backend);
  void vscode.window.showInformationMessage(`Attached to the system DAMON at ${s.sysfsRoot}, read-only. Run "DAMON: Take Control" to change it.`);
  return backend;
}

export async function takeControl(controller: Controller, backend: unknown): Promise<void> {
  if (!(backend instanceof SysfsBackend)) return;
  if (!backend.readOnly) throw new UserError(`${backend.label} is already under your control.`);
  if (!vscode.workspace.isTrusted) {
    throw new BackendError('This workspace is not trusted, so DAMON Lens will not write to the system DAMON. Trust the workspace first.', {
      title: 'Manage Workspace Trust',
      command: 'workbench.trust.manage',
    });
  }
  const ok = await vscode.window.showWarningMessage(
    `Take control of ${backend.label}? DAMON Lens will then write to ${settings().sysfsRoot} when you run commands (pause, commit, start, stop), and refresh stats with update_schemes_stats.`,
    { modal: true },
    'Take Control',
  );
  if (ok !== 'Take Control') return;
  backend.takeControl();
  await controller.refreshNow();
}
