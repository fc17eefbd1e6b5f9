// A damo record opened from the command palette, as a user coming from `damo report` would: the
// file dialog, then a read-only panel whose charts are drawn and whose region snapshot is picked by
// time; then a what-if replay of it, beside it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
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

test('"DAMON: Replay in Simulator" opens the replay beside the record, with the comparison', async () => {
  await runDamonCommand(workbench, 'DAMON: Replay in Simulator');
  await workbench.pick('Replay in Simulator (2/2)', "The record's parameters with a pageout of cold memory");
  // Two webviews now: the record's and, beside it, the what-if's.
  const frames = workbench.page.locator('iframe.webview.ready');
  let whatIf: FrameLocator | undefined;
  const deadline = Date.now() + 60_000;
  while (!whatIf) {
    for (let i = 0; i < (await frames.count()); i++) {
      const frame = frames.nth(i).contentFrame().frameLocator('#active-frame');
      if (await frame.locator('#whatif-card').isVisible().catch(() => false)) whatIf = frame;
    }
    if (Date.now() > deadline) throw new Error(`no what-if panel; ${await frames.count()} webviews`);
    if (!whatIf) await workbench.page.waitForTimeout(300);
  }
  const head = await whatIf.locator('#whatif-table thead th').allInnerTexts();
  assert.deepEqual(head.map((h) => h.trim()), ['', 'recorded', '1: pageout of cold memory']);
  const action = await whatIf.locator('#whatif-table tbody tr', { hasText: 'scheme 0 action' }).innerText();
  assert.match(action, /pageout/);
  await whatIf.locator('#heatmap-chart').waitFor({ state: 'visible' });
  await workbench.page.waitForTimeout(500);
  await workbench.screenshot('whatif-side-by-side');
  await whatIf.locator('#heatmap-card').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await workbench.page.waitForTimeout(300);
  await workbench.screenshot('whatif-side-by-side-heatmap');
});
