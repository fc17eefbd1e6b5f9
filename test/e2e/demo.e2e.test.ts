// The default demo (`npm start`'s hot-cold preset on a simulated 7.3) as a user sees it after a
// minute: what DAMON learned should look like what a real kernel learns, the hot heap a few
// regions whose age grows while their access rate holds (test/fidelity checks the numbers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hotCold, PRESET_PID } from '../../src/sim/presets';
import { parseWorkload } from '../../src/sim/workload';
import { runDamonCommand, scrollToCard, startSimulation, waitForDrawn } from './dashboardLive';
import { Workbench } from './workbench';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.open({ theme: 'Default Dark Modern', userSettings: { 'damonLens.simulation.speed': 10, 'damonLens.refreshIntervalMs': 250 } });
});

after(async () => {
  await workbench?.close();
});

interface Row {
  readonly start: number;
  readonly end: number;
  readonly hz: number;
  readonly ageS: number;
}

/** The region table's rows (columns: #, start, end, size, nr_accesses, access %, access Hz, age, age (s)). */
async function regionRows(): Promise<Row[]> {
  const cells = await workbench.webview().locator('#regions-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return cells.map((c) => ({ start: parseInt(c[1], 16), end: parseInt(c[2], 16), hz: Number(c[6]), ageS: Number(c[8]) }));
}

test('after a simulated minute the hot heap is a few regions, steady and ageing', async () => {
  const hot = parseWorkload(hotCold()).processes.find((p) => p.pid === PRESET_PID)!.areas.find((a) => a.name === 'hot')!;
  const inHot = (r: Row): boolean => r.start < hot.vstart + hot.size && r.end > hot.vstart;
  await workbench.openViewContainer('DAMON');
  await startSimulation(workbench, 'hot-cold');
  await runDamonCommand(workbench, 'DAMON: Open Dashboard');
  await waitForDrawn(workbench, 'a simulated minute', (d) => d.kernelUs >= 60e6, 180_000);
  const first = (await regionRows()).filter(inHot);
  await scrollToCard(workbench, 'strip');
  await workbench.screenshot('demo-hot-cold-minute');
  assert.ok(first.length >= 1 && first.length <= 3, `the 100 MiB hot heap is ${first.length} regions: ${JSON.stringify(first)}`);
  // Split each aggregation and merged back at the next, the heap's regions change bounds; together
  // they cover it, hot, and their (inherited) age keeps growing.
  const covered = (rows: Row[]): number => rows.reduce((sum, r) => sum + Math.min(r.end, hot.vstart + hot.size) - Math.max(r.start, hot.vstart), 0);
  const meanAge = (rows: Row[]): number => rows.reduce((sum, r) => sum + r.ageS * (r.end - r.start), 0) / rows.reduce((sum, r) => sum + r.end - r.start, 0);
  assert.ok(covered(first) >= hot.size * 0.95, `they cover the heap: ${JSON.stringify(first)}`);
  for (const r of first) assert.ok(r.hz > 150, `and are hot: ${JSON.stringify(r)}`);
  // Ten simulated seconds later they are older by about as much.
  const at = (await waitForDrawn(workbench, 'ten more simulated seconds', (d) => d.kernelUs >= 70e6, 60_000)).kernelUs;
  const later = (await regionRows()).filter(inHot);
  assert.ok(meanAge(later) >= meanAge(first) + 5, `their age grows: ${meanAge(first).toFixed(1)} s, then ${meanAge(later).toFixed(1)} s at ${at / 1e6} s`);
  console.log(`demo at ${at / 1e6} s: hot heap in ${later.length} region(s) (${later.map((r) => `${((r.end - r.start) / 2 ** 20).toFixed(1)} MiB at ${r.hz} Hz`).join(', ')}), mean age ${meanAge(first).toFixed(1)} s -> ${meanAge(later).toFixed(1)} s`);
});
