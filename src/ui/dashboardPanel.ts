import * as vscode from 'vscode';
import type { FromWebviewMessage, RenderReport, ToWebviewMessage } from '../protocol';
import { dashboardHtml, makeNonce } from './webviewHtml';

export const DASHBOARD_VIEW_TYPE = 'damonLens.dashboard';

/** The dashboard webview: one panel, revealed again when already open, restored after a reload. */
export class DashboardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private lastReport: RenderReport | undefined;
  private readonly reportEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time the webview reports what it drew. */
  readonly onDidRender = this.reportEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

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
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        subscriptions.forEach((s) => s.dispose());
      }),
    ];
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, makeNonce());
  }

  private receive(panel: vscode.WebviewPanel, message: FromWebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.post(panel, { type: 'empty', reason: 'No kdamond is being watched. Start a simulated kdamond or attach to the system DAMON from the DAMON view.' });
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
    this.panel?.dispose();
    this.reportEmitter.dispose();
  }
}
