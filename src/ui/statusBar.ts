import * as vscode from 'vscode';
import type { BackendSnapshot } from '../investigation/backends/snapshot';
import { runSummary } from './tree/nodes';

/** "DAMON ▶2 ⏸1" (as codicons, which every font renders): running and paused contexts. Click focuses the view. */
export class DamonStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('damonLens.status', vscode.StatusBarAlignment.Left, 10);
  /** Next to the summary: opens the dashboard. */
  private readonly dashboard = vscode.window.createStatusBarItem('damonLens.dashboard', vscode.StatusBarAlignment.Left, 9);

  constructor() {
    this.item.name = 'DAMON Lens';
    this.item.command = 'damonLens.kdamonds.focus';
    this.dashboard.name = 'DAMON Dashboard';
    this.dashboard.text = '$(graph)';
    this.dashboard.tooltip = 'Open the DAMON dashboard';
    this.dashboard.command = 'damonLens.openDashboard';
    this.dashboard.accessibilityInformation = { label: 'Open the DAMON dashboard' };
  }

  update(snapshots: readonly BackendSnapshot[]): void {
    if (snapshots.length === 0) {
      this.item.hide();
      this.dashboard.hide();
      return;
    }
    this.dashboard.show();
    const { running, paused, off } = runSummary(snapshots);
    this.item.text = `$(pulse) DAMON $(play)${running} $(debug-pause)${paused}`;
    this.item.tooltip = `DAMON: ${running} running, ${paused} paused, ${off} off context(s) — click to show the Kdamonds view`;
    this.item.accessibilityInformation = { label: `DAMON: ${running} contexts running, ${paused} paused` };
    this.item.backgroundColor = paused > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.dashboard.dispose();
    this.item.dispose();
  }
}
