import * as vscode from 'vscode';
import { diffDumps, formatDumpDiff } from '../investigation/dumps/diff';
import { DUMP_FORMAT, type StatusDump } from '../investigation/dumps/dump';
import type { Controller } from './controller';
import type { ContextTarget } from './targets';

/** The dumps taken in this window, newest last, for Compare Status Dumps. */
const recentDumps: { label: string; dump: StatusDump }[] = [];
const MAX_RECENT = 20;

export function rememberDump(label: string, dump: StatusDump): void {
  recentDumps.push({ label, dump });
  if (recentDumps.length > MAX_RECENT) recentDumps.shift();
}

async function showJson(content: unknown): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(content, null, 2)}\n` });
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Online investigation: pause the context (so nothing moves), take a consistent status dump, open
 * it, and offer Resume. DAMON keeps everything it learned while paused. On a kernel without pause
 * the dump is taken anyway, and says that values may have moved between reads.
 */
export async function investigate(controller: Controller, log: vscode.LogOutputChannel, t: ContextTarget): Promise<StatusDump> {
  const pausable = t.snapshot.features.pause === true && !t.snapshot.readOnly;
  const pausedHere = pausable && t.state === 'running';
  if (pausedHere) await t.backend.setPause(t.kdamond, t.context, true);
  // A running kdamond answers a tried-regions walk at its schemes' next apply interval, which
  // auto-tuned intervals can make seconds long: show progress meanwhile.
  const dump = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Taking a status dump of kdamond ${t.kdamond}…` },
    () => t.backend.dump(t.kdamond),
  );
  const label = `${t.snapshot.label} kdamond ${t.kdamond} at ${dump.taken_at}`;
  rememberDump(label, dump);
  await controller.refreshNow();
  await showJson(dump);
  log.info(`investigation dump of ${label} (${pausedHere ? 'paused for it' : t.state === 'paused' ? 'already paused' : 'not paused: values may move between reads'})`);
  if (pausedHere) {
    void vscode.window
      .showInformationMessage(`kdamond ${t.kdamond} / context ${t.context} is paused for your investigation; what DAMON learned is kept.`, 'Resume', 'Take Another Dump')
      .then(async (choice) => {
        if (choice === 'Resume') await vscode.commands.executeCommand('damonLens.resumeContext', { ref: { backend: t.backend.id, kdamond: t.kdamond, context: t.context }, contextValue: 'context paused' });
        else if (choice === 'Take Another Dump') await vscode.commands.executeCommand('damonLens.investigate', { ref: { backend: t.backend.id, kdamond: t.kdamond, context: t.context }, contextValue: 'context paused' });
      });
  } else if (!pausable) {
    void vscode.window.showWarningMessage(`The dump of kdamond ${t.kdamond} was taken without pausing (${t.snapshot.readOnly ? 'attached read-only' : 'this kernel has no pause'}), so its values may have moved between reads.`);
  }
  return dump;
}

function isDump(v: unknown): v is StatusDump {
  return typeof v === 'object' && v !== null && (v as { format?: unknown }).format === DUMP_FORMAT;
}

async function pickDump(placeHolder: string, exclude?: StatusDump): Promise<StatusDump | undefined> {
  const fromFile = { label: '$(folder-opened) Open a dump file…', dump: undefined as StatusDump | undefined };
  const items = [...recentDumps].reverse().filter((d) => d.dump !== exclude).map((d) => ({ label: d.label, dump: d.dump as StatusDump | undefined }));
  const picked = await vscode.window.showQuickPick([...items, fromFile], { placeHolder });
  if (!picked) return undefined;
  if (picked.dump) return picked.dump;
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'DAMON Lens status dump': ['json'] } })) ?? [];
  if (!uri) return undefined;
  const parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as unknown;
  if (!isDump(parsed)) throw new Error(`${uri.fsPath} is not a DAMON Lens status dump (no "format": "${DUMP_FORMAT}")`);
  return parsed;
}

/** Shows what changed between two dumps, one `path: old → new` line per change. */
export async function compareDumps(a?: StatusDump, b?: StatusDump): Promise<string | undefined> {
  const first = a ?? (await pickDump('The earlier dump'));
  if (!first) return undefined;
  const second = b ?? (await pickDump('The later dump', first));
  if (!second) return undefined;
  const text = formatDumpDiff(diffDumps(first, second));
  const header = `# kdamond ${first.kdamond}: ${first.taken_at} → kdamond ${second.kdamond}: ${second.taken_at}\n\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: header + text + '\n' });
  await vscode.window.showTextDocument(doc, { preview: false });
  return text;
}
