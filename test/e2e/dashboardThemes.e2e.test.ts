// The dashboard in the light and high-contrast themes (the dark one is in dashboard.e2e.test.ts):
// every chart drawn, screenshots to look at.
import { test } from 'node:test';
import { assertChartsPainted, scrollToCard, LIVE_SETTINGS, runDamonCommand, startSimulation, waitForDrawn } from './dashboardLive';
import { Workbench } from './workbench';

for (const [theme, name] of [['Default Light Modern', 'light'], ['Default High Contrast', 'high-contrast']] as const) {
  test(`the dashboard in the ${name} theme: every chart canvas is drawn`, async () => {
    const workbench = await Workbench.open({ theme, userSettings: LIVE_SETTINGS });
    try {
      await startSimulation(workbench);
      await runDamonCommand(workbench, 'DAMON: Open Dashboard');
      await waitForDrawn(workbench, 'history past the WSS warm-up, with heat', (d) => d.rows >= 25 && d.heatEnd > 0);
      await assertChartsPainted(workbench);
      await workbench.screenshot(`dashboard-${name}`);
      await scrollToCard(workbench, 'heatmap');
      await workbench.screenshot(`dashboard-${name}-heatmap`);
      await scrollToCard(workbench, 'wss');
      await workbench.screenshot(`dashboard-${name}-wss`);
      await scrollToCard(workbench, 'intervals');
      await workbench.screenshot(`dashboard-${name}-bottom`);
    } finally {
      await workbench.close();
    }
  });
}
