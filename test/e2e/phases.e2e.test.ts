// Phase-aware monitoring in the dashboard: the android-app preset's simulator switches its
// phases by itself (damonLens.simulation.followPhases), and every time axis marks each switch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertChartsPainted, LIVE_SETTINGS, runDamonCommand, scrollToCard, startSimulation, waitForDrawn } from './dashboardLive';
import { Workbench } from './workbench';

test('the android-app phases switch by themselves; the dashboard marks each switch on its time axes', async () => {
  // Speed 2: the app changes phase every 5 s of wall time.
  const workbench = await Workbench.open({ theme: 'Default Dark Modern', userSettings: { ...LIVE_SETTINGS, 'damonLens.simulation.speed': 2 } });
  try {
    await startSimulation(workbench, 'android-app');
    await runDamonCommand(workbench, 'DAMON: Open Dashboard');
    const d = await waitForDrawn(workbench, 'two phase switches', (x) => x.phaseMarks >= 2 && x.pausedIntervals >= 1 && x.heatEnd > 0, 90_000);
    assert.ok(d.rows >= 25);
    await assertChartsPainted(workbench);
    const text = await workbench.webview().locator('#views').innerText();
    assert.match(text, /source: region snapshots, one per refresh/);
    await workbench.page.waitForTimeout(300);
    await workbench.screenshot('phases');
    await scrollToCard(workbench, 'heatmap');
    await workbench.screenshot('phases-heatmap');
  } finally {
    await workbench.close();
  }
});
