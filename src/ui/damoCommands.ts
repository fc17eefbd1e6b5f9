import * as vscode from 'vscode';
import { damoCommand, parseDamoKdamonds, shellLine, toDamoKdamonds } from '../damo/kdamondsJson';
import type { Controller } from './controller';
import type { DamoRecordPanels } from './recordPanel';
import { pickBackend, pickKdamond, UserError } from './targets';

/** `damo start` arguments equivalent to a kdamond's committed parameters, on the clipboard. */
export async function copyDamoCommand(controller: Controller, arg: unknown): Promise<string | undefined> {
  const t = await pickKdamond(controller, arg, () => true, 'Copy the damo command of which kdamond?', 'No kdamond to copy.');
  if (!t) return undefined;
  const k = t.snapshot.kdamonds[t.kdamond];
  const line = shellLine(damoCommand(k.committed ?? k.params, { command: k.state === 'on' ? 'tune' : 'start' }));
  await vscode.env.clipboard.writeText(line);
  void vscode.window.setStatusBarMessage('DAMON: damo command copied', 3000);
  return line;
}

/** The backend's kdamonds as `damo args damon --format json` prints them (`raw`: damo's --raw). */
export async function exportDamoJson(controller: Controller, arg: unknown): Promise<vscode.Uri | undefined> {
  const b = await pickBackend(controller, arg, 'Export the kdamonds of which DAMON?');
  const snapshot = b && controller.snapshot(b.id);
  if (!b || !snapshot) return undefined;
  const raw = await vscode.window.showQuickPick([{ label: 'With units', raw: false, description: 'like damo args damon --format json' }, { label: 'Raw numbers', raw: true, description: 'like damo args damon --format json --raw' }], { placeHolder: 'Number format' });
  if (!raw) return undefined;
  const uri = await vscode.window.showSaveDialog({ filters: { 'damo kdamonds JSON': ['json'] }, saveLabel: 'Export for damo' });
  if (!uri) return undefined;
  const json = toDamoKdamonds(snapshot.kdamonds.map((k) => k.params), { raw: raw.raw });
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(json, null, 4)}\n`));
  return uri;
}

/**
 * Re-configures a kdamond from damo's kdamonds JSON (its first kdamond): staged, then committed
 * if the kdamond is on. A file damo would reject, or a commit the kernel rejects, changes nothing.
 */
export async function importDamoJson(controller: Controller, arg: unknown): Promise<void> {
  const given = typeof arg === 'object' && arg !== null && 'file' in arg ? (arg as { file: vscode.Uri; target?: unknown }) : undefined;
  const file = given?.file ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'damo kdamonds JSON': ['json'] }, openLabel: 'Import damo JSON' }))?.[0];
  if (!file) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  } catch (e) {
    throw new UserError(`${file.fsPath} is not JSON: ${e instanceof Error ? e.message : String(e)}. Nothing was changed.`);
  }
  const kdamonds = parseDamoKdamonds(parsed);
  if (kdamonds.length === 0) throw new UserError(`${file.fsPath} holds no kdamond. Nothing was changed.`);
  const t = await pickKdamond(controller, given?.target, () => true, 'Re-configure which kdamond with it?', 'No kdamond to re-configure: start one first.');
  if (!t) return;
  await t.backend.apply(t.kdamond, kdamonds[0]);
}

/** Opens a damo record file (the given URI, e.g. from the explorer, or one the user picks) in its own read-only panel. */
export async function openDamoRecord(records: DamoRecordPanels, arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'damo records (json_compressed, json)': ['data', 'json'], 'All files': ['*'] },
    openLabel: 'Open damo Record',
    title: 'Open a file that damo record wrote',
  }))?.[0];
  if (uri) await records.open(uri);
}
