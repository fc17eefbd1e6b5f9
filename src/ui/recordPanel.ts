import { basename } from 'node:path';
import * as vscode from 'vscode';
import { formatOf, parseRecordsAsync, RecordFormatError, type RecordProblem } from '../damo/record/record';
import type { DashboardUpdate, FromWebviewMessage, HeatmapRequest, HeatmapView, RenderReport, WhatIfComparisonView } from '../protocol';
import { exportChart } from './chartExport';
import { recordFile, recordHeatmap, recordUpdate, type RecordFile, type RecordSource } from './recordFeed';
import { dashboardHtml, makeNonce } from './webviewHtml';

export const RECORD_VIEW_TYPE = 'damonLens.damoRecord';

/** What to do about each kind of file that is not a readable damo record. */
const ADVICE: Record<RecordProblem, string> = {
  perf_data: 'DAMON Lens reads json and json_compressed records: record with `damo record --output_type json_compressed` (damo\'s default), or convert this file with `damo convert_record_format`.',
  corrupt: 'The compressed data is damaged or cut short (copied before `damo record` finished?). Copy or record it again.',
  'not-json': 'Open a file that `damo record` wrote as json or json_compressed (its default).',
  schema: 'It is JSON, but not the list of records `damo record` writes.',
};

/** One open record, or the replays of a record's what-ifs: the parsed file and what its panel shows. */
interface RecordView {
  readonly panel: vscode.WebviewPanel;
  /** The record file's URI, or the what-if's key. */
  readonly id: string;
  readonly path: string;
  readonly kind: 'record' | 'whatif';
  file: RecordFile;
  /** A what-if's comparison of the record with its replays. */
  comparison?: WhatIfComparisonView;
  source: RecordSource;
  snapshot?: number;
  heatmapRequest: HeatmapRequest;
  /** The heatmap of `source` for `heatmapRequest`, kept so that picking a snapshot does not recompute it. */
  heatmap?: HeatmapView;
  lastUpdate?: DashboardUpdate;
  lastReport?: RenderReport;
}

/** What tests can see of an open record panel. */
export interface RecordPanelInfo {
  readonly path: string;
  readonly title: string;
  readonly kind: 'record' | 'whatif';
  /** The last message posted to the webview, and what the webview last reported drawing. */
  readonly update?: DashboardUpdate;
  readonly report?: RenderReport;
}

/**
 * damo record files, each in its own read-only panel running the dashboard's webview: a record
 * is a finished recording, not a context of the live dashboard, so it gets no pause controls, no
 * refreshes, and stays open beside the live dashboard and other records. The file is parsed once
 * and each user action posts one message.
 */
export class DamoRecordPanels implements vscode.Disposable {
  private readonly views = new Set<RecordView>();
  private readonly renderEmitter = new vscode.EventEmitter<RecordPanelInfo>();
  readonly onDidRender = this.renderEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Opens a record in a new panel (or reveals the one showing it). A file that is not a readable record opens nothing and throws why. */
  async open(uri: vscode.Uri): Promise<void> {
    const open = [...this.views].find((v) => v.id === uri.toString());
    if (open) {
      open.panel.reveal();
      return;
    }
    const name = basename(uri.fsPath);
    const file = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Opening damo record ${name}` }, async (progress) => {
      let data: Uint8Array;
      try {
        data = await vscode.workspace.fs.readFile(uri);
      } catch (e) {
        throw new Error(`Cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}. Nothing was opened.`, { cause: e });
      }
      progress.report({ message: `parsing ${(data.length / 2 ** 20).toFixed(1)} MiB` });
      try {
        return recordFile(name, formatOf(data), await parseRecordsAsync(data));
      } catch (e) {
        if (!(e instanceof RecordFormatError)) throw e;
        throw new Error(`${uri.fsPath} is not a damo record DAMON Lens can read: ${e.message}. ${ADVICE[e.problem]} Nothing was opened.`, { cause: e });
      }
    });
    this.log.info(`damo record ${uri.fsPath}: ${file.format}, ${file.sources.length} target(s), ${file.snapshots} snapshots over ${file.spanS.toFixed(1)} s`);
    this.create({ id: uri.toString(), path: uri.fsPath, kind: 'record', title: `damo: ${name}`, file, column: vscode.ViewColumn.Active });
  }

  /** The open record files (not what-if panels), oldest first. */
  openRecords(): { readonly path: string; readonly file: RecordFile }[] {
    return [...this.views].filter((v) => v.kind === 'record').map((v) => ({ path: v.path, file: v.file }));
  }

  /**
   * Shows a record's what-if replays beside it, in one panel per record: its sources are the
   * replays (the newest shown) and its comparison table holds the record and every replay.
   */
  showWhatIf(key: string, title: string, file: RecordFile, comparison: WhatIfComparisonView): void {
    const source = file.sources[file.sources.length - 1];
    const view = [...this.views].find((v) => v.id === key);
    if (!view) {
      this.create({ id: key, path: key, kind: 'whatif', title, file, column: vscode.ViewColumn.Beside, comparison });
      return;
    }
    view.file = file;
    view.comparison = comparison;
    view.panel.reveal(undefined, true);
    this.show(view, source);
  }

  /** Shows another source of a panel's file: its last snapshot, damo's default heatmap ranges. */
  private show(view: RecordView, source: RecordSource): void {
    view.source = source;
    view.snapshot = undefined;
    view.heatmapRequest = {};
    view.heatmap = undefined;
    this.post(view);
  }

  private create(o: { id: string; path: string; kind: RecordView['kind']; title: string; file: RecordFile; column: vscode.ViewColumn; comparison?: WhatIfComparisonView }): void {
    const panel = vscode.window.createWebviewPanel(RECORD_VIEW_TYPE, o.title, o.column, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'damon.svg');
    const source = o.kind === 'whatif' ? o.file.sources[o.file.sources.length - 1] : o.file.sources[0];
    const view: RecordView = { panel, id: o.id, path: o.path, kind: o.kind, file: o.file, comparison: o.comparison, source, heatmapRequest: {} };
    this.views.add(view);
    this.updateContextKey();
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.receive(view, message)),
      panel.onDidDispose(() => {
        this.views.delete(view);
        this.updateContextKey();
        subscriptions.forEach((s) => s.dispose());
      }),
    ];
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, makeNonce());
  }

  /** `damonLens.hasRecords`: whether Replay in Simulator has a record to replay. */
  private updateContextKey(): void {
    void vscode.commands.executeCommand('setContext', 'damonLens.hasRecords', [...this.views].some((v) => v.kind === 'record'));
  }

  /** The open record panels, oldest first. */
  panels(): RecordPanelInfo[] {
    return [...this.views].map((v) => this.info(v));
  }

  private info(v: RecordView): RecordPanelInfo {
    return { path: v.path, title: v.panel.title, kind: v.kind, update: v.lastUpdate, report: v.lastReport };
  }

  private receive(view: RecordView, message: FromWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        // Also after the panel was hidden and shown again: its webview starts afresh.
        this.post(view);
        break;
      case 'rendered':
        view.lastReport = message.report;
        if (message.report.cspViolations.length > 0) this.log.warn(`damo record CSP violations: ${message.report.cspViolations.join(', ')}`);
        this.renderEmitter.fire(this.info(view));
        break;
      case 'selectContext': {
        const source = view.file.sources.find((s) => s.key === message.key);
        if (!source || source === view.source) return;
        this.show(view, source);
        break;
      }
      case 'heatmap':
        view.heatmapRequest = message.request;
        view.heatmap = undefined;
        this.post(view);
        break;
      case 'pickSnapshot':
        view.snapshot = message.index;
        this.post(view);
        break;
      case 'export':
        void exportChart(this.log, message.name, message.format, message.content).then((path) => {
          if (path !== undefined) void view.panel.webview.postMessage({ type: 'exported', path });
        });
        break;
      case 'command':
        // The live dashboard's "start a simulation" link; a record panel never shows it.
        break;
    }
  }

  private post(view: RecordView): void {
    view.heatmap ??= recordHeatmap(view.file, view.source, view.heatmapRequest);
    const update = recordUpdate(view.file, view.source, { snapshot: view.snapshot, heatmap: view.heatmap });
    view.lastUpdate = view.comparison && update.record ? { ...update, record: { ...update.record, comparison: view.comparison } } : update;
    void view.panel.webview.postMessage(view.lastUpdate);
  }

  dispose(): void {
    for (const v of this.views) v.panel.dispose();
    this.renderEmitter.dispose();
  }
}
