import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SimulatedBackend } from '../../../src/investigation/backends/simBackend';
import type { DamonLensApi } from '../../../src/ui/extension';
import type { RecordPanelInfo } from '../../../src/ui/recordPanel';
import type { TreeNode } from '../../../src/ui/tree/nodes';

export const EXTENSION_ID = 'damon-lens.damon-lens';

export async function lensApi(): Promise<DamonLensApi> {
  const extension = vscode.extensions.getExtension<DamonLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `condition` holds: the workbench applies changes asynchronously. */
export async function until(what: string, condition: () => boolean, timeoutMs = 10_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(everyMs);
  }
}

/** Starts a simulated kdamond through the command, as a user would, and returns its backend. */
export async function startSim(api: DamonLensApi, kernel: string, speed = 20, preset = 'hot-cold', options: { followPhases?: boolean } = {}): Promise<SimulatedBackend> {
  const before = new Set(api.controller.backendList.map((b) => b.id));
  await vscode.commands.executeCommand('damonLens.startSimulation', { preset, kernel, speed, ...options });
  const added = api.controller.backendList.find((b) => !before.has(b.id));
  assert.ok(added, 'a backend was added');
  return added as SimulatedBackend;
}

export function node(api: DamonLensApi, id: string): TreeNode {
  const n = api.tree.node(id);
  assert.ok(n, `tree node ${id} exists`);
  return n;
}

export function removeAll(api: DamonLensApi): void {
  for (const b of api.controller.backendList) api.controller.remove(b.id);
}

/** Resolves with the record panel of `path` once its webview reports a render that `accept`s. */
export function rendered(api: DamonLensApi, path: string, accept: (p: RecordPanelInfo) => boolean, timeoutMs = 30_000): Promise<RecordPanelInfo> {
  const now = api.damoRecords().find((p) => p.path === path);
  if (now?.report && accept(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the record panel of ${path} did not render; panels: ${JSON.stringify(api.damoRecords().map((p) => ({ path: p.path, report: p.report })))}`));
    }, timeoutMs);
    const sub = api.onDidRenderDamoRecord((p) => {
      if (p.path !== path || !accept(p)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(p);
    });
  });
}
