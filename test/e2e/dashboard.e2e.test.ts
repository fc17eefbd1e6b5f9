import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open();
});

after(async () => {
  await workbench?.close();
});

test('the DAMON view shows its welcome content when nothing is watched', async () => {
  await workbench.openViewContainer('DAMON');
  const text = await workbench.viewText('Kdamonds');
  assert.match(text, /No kdamond is being watched yet/);
  assert.deepEqual(await workbench.treeRows('Kdamonds'), []);
  await workbench.screenshot('01-damon-view-welcome');
});

test('"DAMON: Open Dashboard" from the palette opens a chart.js dashboard that is not blank', async () => {
  await workbench.runCommand('DAMON: Open Dashboard');
  const webview = workbench.webview();
  await webview.locator('#regions-title').waitFor({ timeout: 30_000 });
  assert.match(await webview.locator('#banner').innerText(), /No kdamond with visible regions is running/);
  const { painted, total } = await workbench.canvasPaintedPixels('#regions-chart');
  assert.ok(total > 0 && painted / total > 0.005, `chart canvas is drawn (${painted} of ${total} pixels painted)`);
  await workbench.page.waitForTimeout(500);
  await workbench.screenshot('02-dashboard');
});
