import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderReport } from '../../../src/protocol';
import type { DamonLensApi } from '../../../src/ui/extension';
import { lensApi, node, removeAll, startSim } from './helpers';

/** Resolves with the first render report that `accept`s. */
function render(api: DamonLensApi, what: string, accept: (r: RenderReport) => boolean, timeoutMs = 20_000): Promise<RenderReport> {
  const now = api.dashboardReport();
  if (now && accept(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the dashboard did not render ${what}; last report: ${JSON.stringify(api.dashboardReport())}`));
    }, timeoutMs);
    const sub = api.onDidRenderDashboard((r) => {
      if (!accept(r)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}

describe('Dashboard with a simulated kdamond', function () {
  this.timeout(90_000);
  let api: DamonLensApi;

  before(async () => {
    api = await lensApi();
    removeAll(api);
  });

  after(() => removeAll(api));

  it('receives live data: history rows, region snapshots and heat keep coming, every chart drawn', async () => {
    const sim = await startSim(api, '7.3', 10);
    await vscode.commands.executeCommand('damonLens.openDashboard');
    const key = `${sim.id}/0/0`;
    const first = await render(api, 'a first history', (r) => r.contextKey === key && r.historyRows >= 2 && r.regionsDrawn > 0);
    const later = await render(api, 'more history', (r) => r.historyRows >= first.historyRows + 3 && r.snapshotTimeUs > first.snapshotTimeUs && r.heatmapHeatEnd > 0);
    assert.ok(later.lastT > first.lastT, 'time moves on');
    for (const c of later.canvases) {
      assert.ok(c.width > 0 && c.paintedPixels / (c.width * c.height) > 0.005, `${c.id} is drawn (${c.paintedPixels} of ${c.width}x${c.height})`);
    }
    assert.deepEqual(later.cspViolations, []);
  });

  it('while paused, the kdamond time and the heatmap stand still and the banner says so; after resume they go on', async () => {
    const sim = api.controller.backendList[0];
    const ctx = node(api, `${sim.id}/kdamonds/0/contexts/0`);
    await vscode.commands.executeCommand('damonLens.pauseContext', ctx);
    const paused = await render(api, 'the paused banner', (r) => r.pausedBanner);
    const still = await render(api, 'more rows while paused', (r) => r.historyRows >= Math.min(paused.historyRows + 3, 600));
    assert.equal(still.snapshotTimeUs, paused.snapshotTimeUs, 'the kdamond time is frozen');
    assert.ok(still.heatmapHeatEnd <= paused.heatmapHeatEnd + 0.5, `no new heat (${paused.heatmapHeatEnd} → ${still.heatmapHeatEnd})`);
    await vscode.commands.executeCommand('damonLens.resumeContext', node(api, `${sim.id}/kdamonds/0/contexts/0`));
    const resumed = await render(api, 'heat after the resume', (r) => !r.pausedBanner && r.snapshotTimeUs > still.snapshotTimeUs && r.heatmapHeatEnd > still.heatmapHeatEnd);
    assert.ok(resumed.lastT > still.lastT);
  });
});

describe('Dashboard with phase-aware monitoring (android-app)', function () {
  this.timeout(90_000);
  let api: DamonLensApi;

  before(async () => {
    api = await lensApi();
    removeAll(api);
  });

  after(() => removeAll(api));

  it('Switch Phase marks the switch on the timeline; the paused phase keeps its history with a pause band', async () => {
    const sim = await startSim(api, '7.3', 5, 'android-app', { followPhases: false });
    await vscode.commands.executeCommand('damonLens.openDashboard', node(api, `${sim.id}/kdamonds/0/contexts/0`));
    const fg = `${sim.id}/0/0`;
    await render(api, 'the foreground history', (r) => r.contextKey === fg && r.historyRows >= 3);
    await vscode.commands.executeCommand('damonLens.switchPhase', { backend: sim.id, phase: 'background' });
    const switched = await render(api, 'the mark of the switch, and the foreground paused', (r) => r.contextKey === fg && r.phaseMarks === 1 && r.pausedBanner);
    assert.equal(switched.phaseMarks, 1);
    await vscode.commands.executeCommand('damonLens.switchPhase', { backend: sim.id, phase: 'foreground' });
    const back = await render(api, 'the second mark, the foreground running on', (r) => r.phaseMarks === 2 && !r.pausedBanner && r.historyRows > switched.historyRows);
    assert.ok(back.lastT > switched.lastT, 'the foreground history continues');
    await vscode.commands.executeCommand('damonLens.openDashboard', node(api, `${sim.id}/kdamonds/1/contexts/0`));
    const bg = await render(api, "the background phase's own history", (r) => r.contextKey === `${sim.id}/1/0` && r.phaseMarks === 2 && r.pausedBanner);
    assert.ok(bg.historyRows >= back.historyRows - 1, 'recorded all along');
  });
});
