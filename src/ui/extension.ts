import * as vscode from 'vscode';
import type { RenderReport } from '../protocol';
import type { BackendSnapshot } from '../investigation/backends/snapshot';
import { startSimulation } from './backendCommands';
import { registerCommands, reportError, shownMessages } from './commands';
import { Controller } from './controller';
import { DASHBOARD_VIEW_TYPE, DashboardPanels } from './dashboardPanel';
import { PARAMS_SCHEME, ParamsDocuments } from './paramsDocuments';
import { DamoRecordPanels, type RecordPanelInfo } from './recordPanel';
import { SECTION, settings } from './settings';
import { DamonStatusBar } from './statusBar';
import { KdamondTreeProvider } from './tree/kdamondTree';
import { runSummary, type TreeNode } from './tree/nodes';
import { WhatIfs } from './whatIf';

/** What the extension hands to `vscode.extensions.getExtension(...).exports`, used by tests. */
export interface DamonLensApi {
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly tree: KdamondTreeProvider;
  readonly controller: Controller;
  readonly statusBar: DamonStatusBar;
  readonly params: ParamsDocuments;
  dashboardReport(): RenderReport | undefined;
  dashboardHtml(): string | undefined;
  readonly onDidRenderDashboard: vscode.Event<RenderReport>;
  /** The open damo record panels, oldest first, and each render one of them reports. */
  damoRecords(): readonly RecordPanelInfo[];
  readonly onDidRenderDamoRecord: vscode.Event<RecordPanelInfo>;
  readonly onDidRefresh: vscode.Event<readonly BackendSnapshot[]>;
  /** Messages shown to the user for failed or refused commands, newest last. */
  shownMessages(): readonly string[];
}

export function activate(context: vscode.ExtensionContext): DamonLensApi {
  const log = vscode.window.createOutputChannel('DAMON Lens', { log: true });
  const controller = new Controller(log);
  const tree = new KdamondTreeProvider();
  const treeView = vscode.window.createTreeView('damonLens.kdamonds', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new DamonStatusBar();
  const dashboards = new DashboardPanels(context.extensionUri, log, controller);
  const params = new ParamsDocuments(controller, log);
  const records = new DamoRecordPanels(context.extensionUri, log);
  const whatIfs = new WhatIfs(records, params, log);

  controller.onDidRefresh((snapshots) => {
    tree.update(snapshots);
    statusBar.update(snapshots);
    const { running, paused } = runSummary(snapshots);
    treeView.badge = paused > 0 ? { value: paused, tooltip: `${paused} paused context(s), ${running} running` } : undefined;
  });
  // Poll only while someone looks at the data.
  controller.setWatching('tree', treeView.visible);
  context.subscriptions.push(
    treeView.onDidChangeVisibility((e) => controller.setWatching('tree', e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.refreshIntervalMs`)) controller.setRefreshInterval(settings().refreshIntervalMs);
    }),
  );

  context.subscriptions.push(
    log,
    controller,
    tree,
    treeView,
    statusBar,
    dashboards,
    records,
    whatIfs,
    params,
    vscode.workspace.registerFileSystemProvider(PARAMS_SCHEME, params, { isCaseSensitive: true }),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboards),
    ...registerCommands({ controller, dashboards, params, records, whatIfs, log, extensionPath: context.extensionPath }),
  );
  log.info(`DAMON Lens activated (workspace trusted: ${vscode.workspace.isTrusted})`);

  if (settings().simulation.autoStart) {
    startSimulation(controller, log, { preset: settings().simulation.preset }).catch((e: unknown) => reportError(log, 'Start Simulated Kdamond', e));
  }

  return {
    treeView,
    tree,
    controller,
    statusBar,
    params,
    dashboardReport: () => dashboards.report,
    dashboardHtml: () => dashboards.html,
    onDidRenderDashboard: dashboards.onDidRender,
    damoRecords: () => records.panels(),
    onDidRenderDamoRecord: records.onDidRender,
    onDidRefresh: controller.onDidRefresh,
    shownMessages: () => [...shownMessages],
  };
}

export function deactivate(): void {
  // Everything, including the simulation runners and the agent, is disposed through context.subscriptions.
}
