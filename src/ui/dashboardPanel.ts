import * as vscode from 'vscode';
import { HistoryStore } from '../investigation/history/history';
import { LiveHeatmap } from '../investigation/history/liveHeatmap';
import { TraceFollower } from '../investigation/trace/follower';
import type { DashboardState, ExportFormat, FromWebviewMessage, HeatmapRequest, RenderReport, ToWebviewMessage } from '../protocol';
import { exportChart } from './chartExport';
import type { Controller } from './controller';
import { dashboardUpdate, HEATMAP_ADDR_CELLS, HEATMAP_TIME_CELLS } from './dashboardFeed';
import { SECTION, settings } from './settings';
import { dashboardHtml, makeNonce } from './webviewHtml';

export const DASHBOARD_VIEW_TYPE = 'damonLens.dashboard';

/** What the open panel shows and what it already holds, so each refresh sends only new rows. */
interface PanelView {
  readonly panel: vscode.WebviewPanel;
  contextKey?: string;
  heatmap: HeatmapRequest;
  /** Ring sequence number up to which the webview has the rows; undefined: send everything. */
  sentSeq?: number;
  /** HeatLog sequence number up to which the webview has the heat (the live trace adds heat between refreshes). */
  sentHeatSeq?: number;
  /** The heatmap cells, binned snapshot by snapshot as they arrive. */
  readonly binner: LiveHeatmap;
}

/**
 * The dashboard webview: one panel, revealed again when already open, restored after a reload.
 * It records every context's history from the controller's refreshes, and feeds the panel while
 * it is visible: all rows when it (re)appears, new rows after each refresh.
 */
export class DashboardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private view: PanelView | undefined;
  private lastReport: RenderReport | undefined;
  private readonly reportEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time the webview reports what it drew. */
  readonly onDidRender = this.reportEmitter.event;
  private readonly history = new HistoryStore(settings().historyLength);
  /** The live damon_aggregated trace of the shown context, on real kernels. */
  private readonly trace: TraceFollower;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly controller: Controller,
  ) {
    this.trace = new TraceFollower((line) => this.log.info(line));
    this.subscriptions = [
      controller.onDidRefresh((snapshots) => {
        this.history.record(snapshots);
        if (this.view?.panel.visible) this.postData(this.view);
        this.followTrace();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`${SECTION}.historyLength`)) return;
        this.history.setCapacity(settings().historyLength);
        if (this.view) this.view.sentSeq = undefined;
      }),
    ];
  }

  /** Opens (or reveals) the dashboard, on the given context (a `contextKey()`) if any. */
  open(context?: string): void {
    if (this.view) {
      this.view.panel.reveal();
      if (context !== undefined && context !== this.view.contextKey) {
        this.view.contextKey = context;
        this.view.sentSeq = undefined;
        this.postData(this.view);
      }
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'DAMON Dashboard', vscode.ViewColumn.Active, this.options());
    this.attach(panel, context === undefined ? undefined : { contextKey: context });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DashboardState | undefined): Promise<void> {
    panel.webview.options = this.options();
    this.attach(panel, state);
  }

  /** The last render report of the open dashboard, if any. */
  get report(): RenderReport | undefined {
    return this.lastReport;
  }

  get html(): string | undefined {
    return this.view?.panel.webview.html;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, state: DashboardState | undefined): void {
    const view: PanelView = { panel, contextKey: state?.contextKey, heatmap: state?.heatmap ?? {}, binner: new LiveHeatmap(HEATMAP_TIME_CELLS, HEATMAP_ADDR_CELLS) };
    this.view = view;
    this.lastReport = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'damon.svg');
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.receive(view, message)),
      panel.onDidChangeViewState((e) => {
        // Live data flows only while the panel is visible; a hidden webview misses messages, so it gets everything again.
        this.controller.setWatching('dashboard', e.webviewPanel.visible);
        if (!e.webviewPanel.visible) view.sentSeq = undefined;
        else this.postData(view);
        this.followTrace();
      }),
      panel.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        // Closing the dashboard disables the trace event it enabled.
        void this.trace.stop();
        this.controller.setWatching('dashboard', false);
        subscriptions.forEach((s) => s.dispose());
      }),
    ];
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, makeNonce());
    this.controller.setWatching('dashboard', true);
  }

  /** Traces the shown context while the dashboard is visible on a system kdamond that is on. */
  private followTrace(): void {
    const view = this.view;
    const history = view?.panel.visible && view.contextKey !== undefined ? this.history.get(view.contextKey) : undefined;
    const backend = history && this.controller.backend(history.backendId);
    const snapshot = history && this.controller.snapshot(history.backendId);
    void this.trace.sync(history && backend && snapshot ? { history, backend, snapshot } : undefined);
  }

  /** Sends what the webview lacks; `force` sends even without new rows (new heatmap ranges). */
  private postData(view: PanelView, force = false): void {
    const histories = this.history.all().filter((h) => h.samples.length > 0);
    const history = histories.find((h) => h.key === view.contextKey) ?? histories[0];
    if (!history) {
      view.sentSeq = undefined;
      this.post(view, { type: 'empty', reason: 'No kdamond is running. Start a simulated kdamond from the DAMON view.' });
      return;
    }
    if (history.key !== view.contextKey) {
      view.contextKey = history.key;
      view.sentSeq = undefined;
    }
    if (!force && view.sentSeq === history.samples.seq && view.sentHeatSeq === history.heat.seq) return;
    this.post(view, dashboardUpdate({
      history,
      contexts: histories.map((h) => ({ key: h.key, label: h.label })),
      historyLength: history.samples.capacity,
      since: view.sentSeq,
      heatmap: view.heatmap,
      binner: view.binner,
      phaseMarks: this.history.phaseMarks(history.backendId),
      heatNotice: this.trace.noticeFor(history.key),
    }));
    view.sentSeq = history.samples.seq;
    view.sentHeatSeq = history.heat.seq;
  }

  private receive(view: PanelView, message: FromWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        view.sentSeq = undefined;
        this.postData(view);
        break;
      case 'rendered':
        this.lastReport = message.report;
        if (message.report.cspViolations.length > 0) this.log.warn(`Dashboard CSP violations: ${message.report.cspViolations.join(', ')}`);
        this.reportEmitter.fire(message.report);
        break;
      case 'command':
        void vscode.commands.executeCommand(`damonLens.${message.command}`);
        break;
      case 'selectContext':
        view.contextKey = message.key;
        view.sentSeq = undefined;
        this.postData(view);
        break;
      case 'heatmap':
        view.heatmap = message.request;
        // Only the cells change: the binner cuts them for the new ranges from the held snapshots.
        this.postData(view, true);
        break;
      case 'export':
        void this.export(view, message.name, message.format, message.content);
        break;
    }
  }

  private async export(view: PanelView, name: string, format: ExportFormat, content: string): Promise<void> {
    const path = await exportChart(this.log, name, format, content);
    if (path !== undefined) this.post(view, { type: 'exported', path });
  }

  private post(view: PanelView, message: ToWebviewMessage): void {
    void view.panel.webview.postMessage(message);
  }

  dispose(): void {
    void this.trace.stop();
    this.subscriptions.forEach((s) => s.dispose());
    this.view?.panel.dispose();
    this.reportEmitter.dispose();
  }
}
