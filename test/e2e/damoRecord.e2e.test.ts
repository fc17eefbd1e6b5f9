// A damo record opened from the command palette, as a user coming from `damo report` would: the
// file dialog, then a read-only panel whose charts are drawn and whose region snapshot is picked by time.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertChartsPainted, runDamonCommand, scrollToCard, waitForDrawn } from './dashboardLive';
import { ROOT, Workbench } from './workbench';

/** What a record panel draws: the live dashboard's charts but the DAMOS stats and quota. */
const RECORD_CANVASES = ['strip-chart', 'heatmap-chart', 'wss-chart', 'wss-percentiles-chart', 'age-histogram-chart', 'frequency-histogram-chart', 'intervals-chart'];

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open({ theme: 'Default Dark Modern' });
});

after(async () => {
  await workbench?.close();
});

test('"DAMON: Open damo Record" shows stairs.data read-only, every chart drawn, a snapshot picked by time', async () => {
  await runDamonCommand(workbench, 'DAMON: Open damo Record');
  await workbench.answerFileDialog(join(ROOT, 'test/fixtures/damo/stairs.data'));

  const webview = workbench.webview();
  await waitForDrawn(workbench, 'the 30 snapshots of stairs.data', (d) => d.rows === 30 && d.heatEnd > 0);
  assert.match(await webview.locator('h1').innerText(), /damo record: stairs\.data/);
  assert.match(await webview.locator('#banner').innerText(), /Read-only damo record stairs\.data \(json_compressed\): 1 target, 30 snapshots over 3\.0 s/);
  assert.equal(await webview.locator('#stats-card').isVisible(), false, 'no DAMOS stats in a record');
  await assertChartsPainted(workbench, RECORD_CANVASES);
  await workbench.page.waitForTimeout(300);
  await workbench.screenshot('damo-record');
  await scrollToCard(workbench, 'heatmap');
  await workbench.screenshot('damo-record-heatmap');
  await scrollToCard(workbench, 'strip');

  // The first snapshot: its kernel time is 0.1 s into the record, its regions in the table.
  await webview.locator('#snapshot-picker').focus();
  await webview.locator('#snapshot-picker').press('Home');
  await waitForDrawn(workbench, 'the first snapshot', (d) => d.kernelUs === 100_000);
  assert.match(await webview.locator('#strip-summary').innerText(), /12 regions, 6 MiB monitored, snapshot 1 of 30/);
  assert.equal(await webview.locator('#regions-table tbody tr').count(), 12);
  await workbench.screenshot('damo-record-first-snapshot');
});
