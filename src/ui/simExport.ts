import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DamoRecord, DamoRecordFormat } from '../damo/record/record';
import { writeRecordFile } from '../damo/record/file';
import { SimulatedBackend } from '../investigation/backends/simBackend';
import { SimRecording } from '../investigation/simRecording';
import type { Controller } from './controller';
import { pickContext, UserError, type ContextTarget } from './targets';

/** What a test or keybinding may pass instead of answering the prompts. */
interface ExportOptions {
  readonly target?: unknown;
  readonly file?: vscode.Uri;
  readonly format?: DamoRecordFormat;
  readonly seconds?: number;
}

function isExportOptions(arg: unknown): arg is ExportOptions {
  return typeof arg === 'object' && arg !== null && !('contextValue' in arg) && ('file' in arg || 'format' in arg || 'seconds' in arg || 'target' in arg);
}

const MAX_SECONDS = 600;

/**
 * Records a running simulated context for a number of (wall-clock) seconds and writes what it
 * monitored as a damo record file. The dashboard history is not used: it keeps one sample per
 * refresh, only while something is visible, with the targets' regions flattened together, while
 * a record holds one snapshot per aggregation interval per target, as `damo record` writes it.
 */
export async function exportSimRecord(controller: Controller, log: vscode.LogOutputChannel, arg: unknown): Promise<vscode.Uri | undefined> {
  const opts: ExportOptions = isExportOptions(arg) ? arg : { target: arg };
  const t = await pickContext(controller, opts.target, (c) => c.state === 'running' && c.backend instanceof SimulatedBackend, 'Export the monitoring results of which simulated context?', 'No running simulated context: start a simulated kdamond first.');
  if (!t) return undefined;
  const sim = t.backend;
  if (!(sim instanceof SimulatedBackend)) throw new UserError(`${t.snapshot.label} is not simulated; record the system's DAMON with damo record. Nothing was written.`);
  if (t.state !== 'running') throw new UserError(`kdamond ${t.kdamond} / context ${t.context} is ${t.state}, so it produces no snapshot: resume or start it first. Nothing was written.`);
  const format = opts.format ?? (await vscode.window.showQuickPick(
    [{ label: 'json_compressed', description: "damo record's default" }, { label: 'json', description: 'plain JSON text' }],
    { placeHolder: 'Record file format' },
  ))?.label as DamoRecordFormat | undefined;
  if (!format) return undefined;
  const seconds = opts.seconds ?? (await askSeconds());
  if (seconds === undefined) return undefined;
  const file = opts.file ?? (await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? homedir(), 'damon.data')),
    filters: format === 'json' ? { 'damo record (json)': ['json', 'data'] } : { 'damo record': ['data'] },
    saveLabel: 'Export damo Record',
    title: `Export kdamond ${t.kdamond} / context ${t.context} of ${t.snapshot.label} as a damo record`,
  }));
  if (!file) return undefined;
  if (file.scheme !== 'file') throw new UserError(`${file.toString()} is not a local file; choose a file on disk. Nothing was written.`);
  const records = await record(sim, t, seconds);
  if (!records) {
    log.info(`damo record export of ${t.snapshot.label} kdamond ${t.kdamond} context ${t.context} cancelled; nothing was written`);
    return undefined;
  }
  const snapshots = records.reduce((n, r) => n + r.snapshots.length, 0);
  if (snapshots === 0) throw new UserError(`No aggregation finished in ${seconds} s, so there is no snapshot to export: record longer, or raise the simulation speed. Nothing was written.`);
  let bytes: number;
  try {
    bytes = await writeRecordFile(file.fsPath, records, format);
  } catch (e) {
    throw new Error(`cannot write ${file.fsPath} (${e instanceof Error ? e.message : String(e)}); nothing was written`, { cause: e });
  }
  log.info(`exported ${snapshots} snapshots of ${records.length} target(s) of ${t.snapshot.label} kdamond ${t.kdamond} context ${t.context} to ${file.fsPath} (${format}, ${bytes} bytes)`);
  void vscode.window.setStatusBarMessage(`DAMON: wrote ${snapshots} snapshots to ${file.fsPath}`, 5000);
  return file;
}

async function askSeconds(): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    prompt: 'Record the simulation for how many seconds (wall clock)?',
    value: '5',
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= MAX_SECONDS ? undefined : `a whole number of seconds from 1 to ${MAX_SECONDS}`),
  });
  return text === undefined ? undefined : Number(text);
}

/** Records for `seconds` with a cancellable progress notification; undefined when cancelled. */
function record(sim: SimulatedBackend, t: ContextTarget, seconds: number): Thenable<DamoRecord[] | undefined> {
  const k = t.snapshot.kdamonds[t.kdamond];
  const intervals = (k.committed ?? k.params).contexts[t.context].monitoring_attrs.intervals;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Recording ${t.snapshot.label} kdamond ${t.kdamond} / context ${t.context}`, cancellable: true },
    async (progress, token) => {
      const recording = new SimRecording(sim.kernel, t.kdamond, t.context, intervals);
      const steps = seconds * 10;
      let records: DamoRecord[];
      try {
        for (let i = 1; i <= steps && !token.isCancellationRequested; i++) {
          await new Promise((r) => setTimeout(r, 100));
          if (i % 10 === 0) progress.report({ increment: 100 / seconds, message: `${i / 10} of ${seconds} s` });
        }
      } finally {
        // Detach even when cancelled, so the kdamond stops building trace events for us.
        records = recording.stop();
      }
      return token.isCancellationRequested ? undefined : records;
    },
  );
}
