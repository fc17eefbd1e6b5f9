import { after, before, test } from 'node:test';
import { assertChartsPainted, runDamonCommand, LIVE_SETTINGS, startSimulation, waitForDrawn } from './dashboardLive';
import { Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open({ theme: 'Default Light Modern', userSettings: LIVE_SETTINGS });
});

after(async () => {
  await workbench?.close();
});

test('the dashboard in the light theme: every chart canvas is drawn', async () => {
  await startSimulation(workbench);
  await runDamonCommand(workbench, 'DAMON: Open Dashboard');
  await waitForDrawn(workbench, 'a few seconds of history with heat', (d) => d.rows >= 15 && d.heatEnd > 0);
  await assertChartsPainted(workbench);
  await workbench.screenshot('dashboard-light');
  await workbench.webview().locator('#heatmap-card').scrollIntoViewIfNeeded();
  await workbench.screenshot('dashboard-light-heatmap');
  await workbench.webview().locator('#intervals-card').scrollIntoViewIfNeeded();
  await workbench.screenshot('dashboard-light-bottom');
});
