import * as vscode from 'vscode';
import { featureUnavailableReason } from '../damon/sysfs-layout';
import { BackendError } from '../investigation/backends/backend';
import type { StatusDump } from '../investigation/dumps/dump';
import { contextKey } from '../investigation/history/history';
import { activePhase, phasesOf, switchPhase } from '../investigation/phases/phases';
import { copyDamoCommand, exportDamoJson, importDamoJson, openDamoRecord } from './damoCommands';
import { compareDumps, investigate } from './investigate';
import { exportSimRecord } from './simExport';
import type { Controller } from './controller';
import type { DashboardPanels } from './dashboardPanel';
import type { ParamsDocuments } from './paramsDocuments';
import type { DamoRecordPanels } from './recordPanel';
import { allContexts, pickBackend, pickContext, pickKdamond, UserError, type ContextTarget } from './targets';
import { attachSystem, startSimulation, takeControl } from './backendCommands';
import type { TreeNode } from './tree/nodes';
import type { WhatIfs } from './whatIf';

function isPhaseArg(arg: unknown): arg is { backend: string; phase: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { phase?: unknown }).phase === 'string' && typeof (arg as { backend?: unknown }).backend === 'string';
}

export interface CommandDeps {
  readonly controller: Controller;
  readonly dashboards: DashboardPanels;
  readonly params: ParamsDocuments;
  readonly records: DamoRecordPanels;
  readonly whatIfs: WhatIfs;
  readonly log: vscode.LogOutputChannel;
  readonly extensionPath: string;
}

/** The last messages shown to the user, newest last (tests read them through the API). */
export const shownMessages: string[] = [];

/** Shows an error that names what went wrong and offers the log and, where there is one, the fix. */
export function reportError(log: vscode.LogOutputChannel, title: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  shownMessages.push(message);
  if (shownMessages.length > 20) shownMessages.shift();
  if (e instanceof UserError) {
    log.info(`${title}: ${message}`);
    void vscode.window.showInformationMessage(message);
    return;
  }
  log.error(`${title}: ${message}`);
  const fix = e instanceof BackendError ? e.fix : undefined;
  const actions = fix ? [fix.title, 'Show Log'] : ['Show Log'];
  // Not awaited: the notification stays until the user acts, and the command must finish now.
  void vscode.window.showErrorMessage(`${title}: ${message}`, ...actions).then(async (choice) => {
    if (choice === 'Show Log') log.show();
    else if (fix && choice === fix.title) await vscode.commands.executeCommand(fix.command);
  });
}

function ensureWritable(t: { snapshot: { readOnly: boolean; label: string } }): void {
  if (t.snapshot.readOnly) {
    throw new BackendError(`${t.snapshot.label} is attached read-only, so nothing was written. Take control to change it.`, {
      title: 'Take Control',
      command: 'damonLens.takeControl',
    });
  }
}

function ensurePausable(t: ContextTarget): void {
  if (t.snapshot.features.pause !== true) {
    throw new UserError(`Cannot pause kdamond ${t.kdamond} / context ${t.context}: ${featureUnavailableReason('pause', t.snapshot.generation, `kdamonds/${t.kdamond}/contexts/${t.context}/pause`)}. Nothing was written.`);
  }
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, dashboards, params, log } = deps;
  const command = (id: string, title: string, fn: (arg?: unknown) => Promise<unknown> | unknown): vscode.Disposable =>
    vscode.commands.registerCommand(`damonLens.${id}`, async (arg?: unknown) => {
      try {
        return await fn(arg);
      } catch (e) {
        reportError(log, title, e);
        return undefined;
      } finally {
        void controller.refreshNow();
      }
    });

  const setPause = async (t: ContextTarget, pause: boolean): Promise<void> => {
    ensurePausable(t);
    ensureWritable(t);
    const t0 = Date.now();
    await t.backend.setPause(t.kdamond, t.context, pause);
    await controller.refreshNow();
    log.info(`${pause ? 'paused' : 'resumed'} ${t.snapshot.label} kdamond ${t.kdamond} context ${t.context} (${Date.now() - t0} ms to commit and refresh)`);
  };

  const setPauseAll = async (pause: boolean): Promise<void> => {
    const from = pause ? 'running' : 'paused';
    const targets = allContexts(controller).filter((t) => t.state === from && !t.snapshot.readOnly);
    const unsupported = targets.filter((t) => t.snapshot.features.pause !== true);
    const able = targets.filter((t) => t.snapshot.features.pause === true);
    if (able.length === 0) {
      throw new UserError(unsupported.length > 0
        ? `No context can be ${pause ? 'paused' : 'resumed'}: ${featureUnavailableReason('pause', unsupported[0].snapshot.generation)}.`
        : `No ${from} context to ${pause ? 'pause' : 'resume'}.`);
    }
    const failures: string[] = [];
    for (const t of able) {
      try {
        await t.backend.setPause(t.kdamond, t.context, pause);
      } catch (e) {
        failures.push(`kdamond ${t.kdamond}/context ${t.context}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await controller.refreshNow();
    if (failures.length > 0) throw new BackendError(`${failures.length} of ${able.length} contexts failed: ${failures.join('; ')}`);
  };

  return [
    command('startSimulation', 'Start Simulated Kdamond', (arg) => startSimulation(controller, log, arg)),
    command('attachSystem', 'Attach to System DAMON', () => attachSystem(controller, log, deps.extensionPath)),
    command('takeControl', 'Take Control', async (arg) => takeControl(controller, await pickBackend(controller, arg, 'Take control of which DAMON?'))),
    command('removeBackend', 'Remove', async (arg) => {
      const b = await pickBackend(controller, arg, 'Stop watching which DAMON?');
      if (b) controller.remove(b.id);
    }),
    command('startKdamond', 'Start Kdamond', async (arg) => {
      const t = await pickKdamond(controller, arg, (k) => k.state === 'off', 'Start which kdamond?', 'Every kdamond is already on.');
      if (!t) return;
      ensureWritable(t);
      await t.backend.start(t.kdamond);
    }),
    command('stopKdamond', 'Stop Kdamond', async (arg) => {
      const t = await pickKdamond(controller, arg, (k) => k.state === 'on', 'Stop which kdamond?', 'No kdamond is on.');
      if (!t) return;
      ensureWritable(t);
      await t.backend.stop(t.kdamond);
    }),
    command('pauseContext', 'Pause Context', async (arg) => {
      const t = await pickContext(controller, arg, (c) => c.state === 'running', 'Pause which context?', 'No running context to pause.');
      if (t) await setPause(t, true);
    }),
    command('resumeContext', 'Resume Context', async (arg) => {
      const t = await pickContext(controller, arg, (c) => c.state === 'paused', 'Resume which context?', 'No paused context to resume.');
      if (t) await setPause(t, false);
    }),
    command('togglePause', 'Toggle Pause', async (arg) => {
      const t = await pickContext(controller, arg, (c) => c.state !== 'off', 'Pause or resume which context?', 'No context is on.');
      if (!t) return;
      if (t.state === 'off') throw new UserError(`kdamond ${t.kdamond} is off; start it first.`);
      await setPause(t, t.state === 'running');
    }),
    command('switchPhase', 'Switch Phase', async (arg) => {
      // Keybindings and scripts may name the phase: { backend: 'sim1', phase: 'background' }.
      const named = isPhaseArg(arg) ? arg : undefined;
      const backend = named ? controller.backend(named.backend) : await pickBackend(controller, arg, 'Switch the phase of which DAMON?');
      const snapshot = backend && controller.snapshot(backend.id);
      if (!backend || !snapshot) return;
      if (snapshot.features.pause !== true) throw new UserError(`Cannot switch phases: ${featureUnavailableReason('pause', snapshot.generation)}.`);
      ensureWritable({ snapshot });
      const phases = phasesOf(snapshot, backend.phases);
      if (phases.length < 2) throw new UserError(`${backend.label} has ${phases.length} phase; phase-aware monitoring needs one kdamond per phase (start the android-app preset, or two kdamonds).`);
      const active = activePhase(snapshot, phases);
      const name = named?.phase ?? (await vscode.window.showQuickPick(
        phases.map((p) => ({ label: p.name, description: p.name === active ? 'monitoring now' : `kdamond ${p.kdamond}, paused` })),
        { placeHolder: 'Resume which phase? The others are paused.' },
      ))?.label;
      if (!name) return;
      if (!phases.some((p) => p.name === name)) throw new UserError(`${backend.label} has no phase "${name}"; its phases: ${phases.map((p) => p.name).join(', ')}.`);
      await switchPhase(backend, phases, name);
      log.info(`${backend.label}: switched to phase ${name}`);
    }),
    command('pauseAll', 'Pause All', () => setPauseAll(true)),
    command('resumeAll', 'Resume All', () => setPauseAll(false)),
    command('commit', 'Commit Staged Changes', async (arg) => {
      const t = await pickKdamond(controller, arg, (k) => k.state === 'on', 'Commit which kdamond?', 'No kdamond is on: staged files take effect when it starts.');
      if (!t) return;
      ensureWritable(t);
      await t.backend.commit(t.kdamond);
      void vscode.window.setStatusBarMessage(`DAMON: committed kdamond ${t.kdamond}`, 3000);
    }),
    command('editParameters', 'Edit Parameters', async (arg) => {
      const t = await pickKdamond(controller, arg, () => true, 'Edit the parameters of which kdamond?', 'No kdamond to edit.');
      if (t) await params.open(t.backend.id, t.kdamond);
    }),
    command('investigate', 'Investigate Context', async (arg) => {
      const t = await pickContext(controller, arg, (c) => c.state !== 'off', 'Investigate which context?', 'No context is on.');
      return t ? investigate(controller, log, t) : undefined;
    }),
    command('compareDumps', 'Compare Status Dumps', (arg) => {
      const pair = Array.isArray(arg) && arg.length === 2 ? (arg as [StatusDump, StatusDump]) : undefined;
      return compareDumps(pair?.[0], pair?.[1]);
    }),
    command('copyDamoCommand', 'Copy as damo Command', (arg) => copyDamoCommand(controller, arg)),
    command('exportDamoJson', 'Export as damo JSON', (arg) => exportDamoJson(controller, arg)),
    command('importDamoJson', 'Import damo JSON', (arg) => importDamoJson(controller, arg)),
    command('openDamoRecord', 'Open damo Record', (arg) => openDamoRecord(deps.records, arg)),
    command('exportSimRecord', 'Export Simulation as damo Record', (arg) => exportSimRecord(controller, log, arg)),
    command('replayRecord', 'Replay in Simulator', (arg) => deps.whatIfs.replayRecord(arg)),
    command('refresh', 'Refresh', () => controller.refreshNow()),
    command('openDashboard', 'Open Dashboard', (arg) => {
      // From a context row: that context's dashboard; otherwise the first context with history.
      const ref = typeof arg === 'object' && arg !== null && 'ref' in arg ? (arg as TreeNode).ref : undefined;
      dashboards.open(ref?.kdamond !== undefined ? contextKey(ref.backend, ref.kdamond, ref.context ?? 0) : undefined);
    }),
    command('captureSnapshot', 'Capture Snapshot', async (arg) => {
      const t = await pickContext(controller, arg, (c) => c.state !== 'off', 'Capture which context?', 'No context is on.');
      if (!t) return;
      const k = t.snapshot.kdamonds[t.kdamond];
      const content = JSON.stringify({ capturedAt: new Date().toISOString(), backend: t.snapshot.label, kdamond: t.kdamond, context: t.context, state: t.state, params: k.params.contexts[t.context], status: k.status?.contexts[t.context] }, null, 2);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content }));
    }),
    command('exportStatus', 'Export Status', async (arg) => {
      const b = await pickBackend(controller, arg, 'Export the status of which DAMON?');
      if (!b) return;
      const snapshot = controller.snapshot(b.id);
      const uri = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: 'Export DAMON Status', title: `Export the status of ${b.label}` });
      if (!uri || !snapshot) return;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(snapshot, null, 2)}\n`));
      log.info(`exported the status of ${b.label} to ${uri.fsPath}`);
    }),
    command('showLog', 'Show Log', () => log.show()),
  ];
}
