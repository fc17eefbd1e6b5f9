import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertChartsPainted, scrollToCard, runDamonCommand, drawn, LIVE_SETTINGS, startSimulation, waitForDrawn } from './dashboardLive';
import { Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open({ theme: 'Default Dark Modern', userSettings: LIVE_SETTINGS });
});

after(async () => {
  await workbench?.close();
});

test('the DAMON view shows its welcome content when nothing is watched', async () => {
  await workbench.openViewContainer('DAMON');
  // Until the extension has activated, the view says it has no data provider.
  const deadline = Date.now() + 60_000;
  let text = await workbench.viewText('Kdamonds');
  while (!/No kdamond is being watched yet/.test(text) && Date.now() < deadline) {
    await workbench.page.waitForTimeout(500);
    text = await workbench.viewText('Kdamonds');
  }
  assert.match(text, /No kdamond is being watched yet/);
  assert.deepEqual(await workbench.treeRows('Kdamonds'), []);
  await workbench.screenshot('01-damon-view-welcome');
});

test('"DAMON: Open Dashboard" with nothing running says how to start', async () => {
  await runDamonCommand(workbench, 'DAMON: Open Dashboard');
  const webview = workbench.webview();
  await webview.locator('#stats-chart').waitFor({ timeout: 30_000 });
  assert.match(await webview.locator('#banner').innerText(), /No kdamond is running/);
});

test('live data from a simulated kdamond: every chart canvas is drawn (dark theme)', async () => {
  await startSimulation(workbench);
  await runDamonCommand(workbench, 'DAMON: Open Dashboard');
  await waitForDrawn(workbench, 'history past the WSS warm-up, with heat', (d) => d.rows >= 25 && d.heatEnd > 0);
  await assertChartsPainted(workbench);
  await workbench.page.waitForTimeout(300);
  await workbench.screenshot('dashboard-dark');
  await scrollToCard(workbench, 'heatmap');
  await workbench.screenshot('dashboard-dark-heatmap');
  await scrollToCard(workbench, 'wss');
  await workbench.screenshot('dashboard-dark-wss');
  await scrollToCard(workbench, 'intervals');
  await workbench.screenshot('dashboard-dark-bottom');
  await scrollToCard(workbench, 'stats');
});

test('zooming the heatmap with the wheel redraws it for the new time range; the history stays', async () => {
  const webview = workbench.webview();
  await scrollToCard(workbench, 'heatmap');
  const summary = webview.locator('#heatmap-summary');
  const before = await summary.innerText();
  const rows = (await drawn(workbench)).rows;
  const box = await webview.locator('#heatmap-chart').boundingBox();
  assert.ok(box, 'the heatmap canvas has a box');
  await workbench.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 3; i++) await workbench.page.mouse.wheel(0, -240);
  const deadline = Date.now() + 15_000;
  while ((await summary.innerText()) === before) {
    if (Date.now() > deadline) throw new Error(`the heatmap summary did not change after zooming: ${before}`);
    await workbench.page.waitForTimeout(200);
  }
  const zoomed = await summary.innerText();
  assert.notEqual(zoomed, before);
  assert.ok((await drawn(workbench)).rows >= rows, 'no row was lost');
  await assertChartsPainted(workbench, ['heatmap-chart']);
  // Back to following live, for the tests after this one.
  await webview.locator('#heatmap-card button', { hasText: 'Follow live' }).click();
  const heatEnd = (await drawn(workbench)).heatEnd;
  await waitForDrawn(workbench, 'the heatmap following live again', (d) => d.heatEnd > heatEnd);
  await scrollToCard(workbench, 'stats');
});

test('pausing stops the heatmap and shows the paused band and banner; resuming continues it', async () => {
  await runDamonCommand(workbench, 'DAMON: Pause Context');
  const webview = workbench.webview();
  await webview.locator('#banner.paused').waitFor({ timeout: 30_000 });
  assert.match(await webview.locator('#banner').innerText(), /Paused since/);
  const atPause = await waitForDrawn(workbench, 'the paused band', (d) => d.pausedIntervals >= 1);
  // Several refreshes later nothing has moved: the kernel time, and the heat.
  await workbench.page.waitForTimeout(2500);
  const later = await drawn(workbench);
  assert.ok(later.rows > atPause.rows, 'refreshes go on while paused');
  assert.equal(later.kernelUs, atPause.kernelUs, 'kdamond time is frozen');
  assert.ok(later.heatEnd <= atPause.heatEnd + 0.5, `the heatmap does not advance (${atPause.heatEnd} → ${later.heatEnd})`);
  await scrollToCard(workbench, 'heatmap');
  await workbench.screenshot('dashboard-paused');

  await runDamonCommand(workbench, 'DAMON: Resume Context');
  await webview.locator('#banner.paused').waitFor({ state: 'detached', timeout: 30_000 }).catch(async () => {
    await webview.locator('#banner.none').waitFor({ timeout: 30_000 });
  });
  const resumed = await waitForDrawn(workbench, 'the heatmap advancing again', (d) => d.kernelUs > later.kernelUs && d.heatEnd > later.heatEnd + 1);
  assert.ok(resumed.pausedIntervals >= 1, 'the paused band stays in the history');
  await workbench.page.waitForTimeout(1500);
  await workbench.screenshot('dashboard-resumed');
  await scrollToCard(workbench, 'stats');
});

test('the dashboard survives a window reload', async () => {
  await workbench.runCommand('Developer: Reload Window');
  await workbench.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await workbench.webview().locator('#stats-chart').waitFor({ timeout: 60_000 });
  // The simulation ended with the old extension host; start one again and the restored panel follows it.
  await startSimulation(workbench);
  await waitForDrawn(workbench, 'live data after the reload', (d) => d.rows >= 25 && d.heatEnd > 0);
  await assertChartsPainted(workbench);
  await workbench.screenshot('dashboard-after-reload');
});
