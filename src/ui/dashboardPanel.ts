import * as vscode from 'vscode';
import { regionSnapshotOf } from './regionSnapshot';
import type { FromWebviewMessage, RenderReport, ToWebviewMessage } from '../protocol';
import type { Controller } from './controller';
import { dashboardHtml, makeNonce } from './webviewHtml';

export const DASHBOARD_VIEW_TYPE = 'damonLens.dashboard';

/** The dashboard webview: one panel, revealed again when already open, restored after a reload. */
export class DashboardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private lastReport: RenderReport | undefined;
  private readonly reportEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time the webview reports what it drew. */
  readonly onDidRender = this.reportEmitter.event;

  private readonly refreshSubscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly controller: Controller,
  ) {
    this.refreshSubscription = controller.onDidRefresh(() => {
      if (this.panel?.visible) this.postData(this.panel);
    });
  }

  open(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'DAMON Dashboard', vscode.ViewColumn.Active, this.options());
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = this.options();
    this.attach(panel);
  }

  /** The last render report of the open dashboard, if any. */
  get report(): RenderReport | undefined {
    return this.lastReport;
  }

  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.lastReport = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'damon.svg');
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.receive(panel, message)),
      // Live data flows only while the panel is visible.
      panel.onDidChangeViewState((e) => this.controller.setWatching('dashboard', e.webviewPanel.visible)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.controller.setWatching('dashboard', false);
        subscriptions.forEach((s) => s.dispose());
      }),
    ];
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, makeNonce());
    this.controller.setWatching('dashboard', true);
  }

  private postData(panel: vscode.WebviewPanel): void {
    const snapshot = regionSnapshotOf(this.controller.all);
    this.post(panel, snapshot
      ? { type: 'snapshot', snapshot }
      : { type: 'empty', reason: 'No kdamond with visible regions is running. Start a simulated kdamond from the DAMON view.' });
  }

  private receive(panel: vscode.WebviewPanel, message: FromWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.postData(panel);
        break;
      case 'rendered':
        this.lastReport = message.report;
        if (message.report.cspViolations.length > 0) this.log.warn(`Dashboard CSP violations: ${message.report.cspViolations.join(', ')}`);
        this.reportEmitter.fire(message.report);
        break;
      case 'command':
        void vscode.commands.executeCommand(`damonLens.${message.command}`);
        break;
    }
  }

  private post(panel: vscode.WebviewPanel, message: ToWebviewMessage): void {
    void panel.webview.postMessage(message);
  }

  dispose(): void {
    this.refreshSubscription.dispose();
    this.panel?.dispose();
    this.reportEmitter.dispose();
  }
}
