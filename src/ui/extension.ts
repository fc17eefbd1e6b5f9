import * as vscode from 'vscode';
import type { RenderReport } from '../protocol';
import { DASHBOARD_VIEW_TYPE, DashboardPanels } from './dashboardPanel';
import { KdamondTreeProvider } from './tree/kdamondTree';
import type { TreeNode } from './tree/nodes';

/** What the extension hands to `vscode.extensions.getExtension(...).exports`, used by tests. */
export interface DamonLensApi {
  readonly treeView: vscode.TreeView<TreeNode>;
  dashboardReport(): RenderReport | undefined;
  dashboardHtml(): string | undefined;
  readonly onDidRenderDashboard: vscode.Event<RenderReport>;
}

export function activate(context: vscode.ExtensionContext): DamonLensApi {
  const log = vscode.window.createOutputChannel('DAMON Lens', { log: true });
  const tree = new KdamondTreeProvider();
  const treeView = vscode.window.createTreeView('damonLens.kdamonds', { treeDataProvider: tree, showCollapseAll: true });
  const dashboards = new DashboardPanels(context.extensionUri, log);

  context.subscriptions.push(
    log,
    tree,
    treeView,
    dashboards,
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboards),
    vscode.commands.registerCommand('damonLens.openDashboard', () => dashboards.open()),
    vscode.commands.registerCommand('damonLens.showLog', () => log.show()),
  );
  log.info(`DAMON Lens activated (workspace trusted: ${vscode.workspace.isTrusted})`);

  return {
    treeView,
    dashboardReport: () => dashboards.report,
    dashboardHtml: () => dashboards.html,
    onDidRenderDashboard: dashboards.onDidRender,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
