// The host's messages to the dashboard: everything on (re)show, only new rows after that, and
// the webview's copy of the rows trimmed to the history length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContextHistory, type HistorySample } from '../../../src/investigation/history/history';
import { dashboardUpdate } from '../../../src/ui/dashboardFeed';
import { RowsStore } from '../../../src/webview/rows';
import { REGION_FIELDS } from '../../../src/protocol';
import { packRegions, REGION_STRIDE } from '../../../src/investigation/history/regionPack';

const REGIONS = new Float64Array([0, 4096, 20, 3, 4096, 12288, 0, 40]);

function sample(t: number, psi: number, paused: boolean, sz_applied: number, wss = 4096): HistorySample {
  return {
    t, paused, passedSampleIntervals: psi, sampleUs: 5000, aggrUs: 100_000, nrRegions: 2, maxNrAccesses: 20, wss,
    schemes: [{ action: 'pageout', nr_tried: 0, sz_tried: 0, nr_applied: 0, sz_applied, qt_exceeds: 0, effective_bytes: 8192, goals: [] }],
  };
}

/** Pushes a row, and its regions as HistoryStore.record does: heat for [t_prev, t) when the kdamond sampled. */
function push(h: ContextHistory, s: HistorySample, regions = REGIONS): void {
  const last = h.samples.last();
  if (last && s.passedSampleIntervals !== last.passedSampleIntervals) h.heat.push({ start: last.t, end: s.t, regions });
  h.latestRegions = regions;
  h.samples.push(s);
}

function history(): ContextHistory {
  const h = new ContextHistory({ backendId: 'sim-1', kdamond: 0, context: 0 }, 'Simulated · kdamond 0 · context 0', 0, 10);
  [sample(0, 0, false, 0), sample(1, 20, false, 4096), sample(2, 20, true, 4096), sample(3, 40, false, 12288)].forEach((s) => push(h, s));
  return h;
}

test('a full update carries every row, the pause timeline, the snapshot, histograms, WSS percentiles and the heatmap', () => {
  const u = dashboardUpdate({ history: history(), contexts: [], historyLength: 10, heatmap: {} });
  assert.equal(u.replace, true);
  assert.deepEqual(u.rows.t, [0, 1, 2, 3]);
  assert.deepEqual(u.rows.schemes[0].rates.sz_applied.slice(1), [4096, 0, 8192]);
  assert.deepEqual(u.rows.wss, [4096, 4096, 4096, 4096], 'only the accessed region is in the working set');
  assert.deepEqual(u.paused, [{ start: 2, end: 3 }]);
  assert.equal(u.pausedNow, false);
  assert.equal(u.snapshot?.timeUs, 40 * 5000);
  // Region 0 (4 KiB): 100 % accessed, age 3 × 100 ms; region 1 (8 KiB): idle, age 40 × 100 ms.
  assert.deepEqual(u.frequencyHistogram.bytes, [8192, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4096]);
  assert.equal(u.frequencyHistogram.labels[0], 'idle');
  assert.equal(u.frequencyHistogram.labels.at(-1), '≥ 90 %');
  assert.deepEqual(u.ageHistogram.bytes, [0, 0, 4096, 0, 0, 8192, 0, 0, 0, 0, 0, 0], "0.3 s in [0.2, 0.5), 4 s in [2, 5)");
  assert.deepEqual(u.wssPercentiles, { percentiles: [0, 25, 50, 75, 100], bytes: [], snapshots: 0, warmUp: 20 }, 'all 4 snapshots are warm-up');
  assert.ok(u.heatmap);
  assert.deepEqual(u.heatmap.addr, { start: 0, end: 12288 }, 'the one run of regions');
  assert.equal(u.heatmap.time.start, 0);
  assert.ok(Math.abs(u.heatmap.time.end - 3) < 1e-9, 'following: the cells end at the newest data');
  assert.equal(u.heatSource, 'snapshots');
});

test('a delta carries only the rows after the given sequence number, with rates against the row before', () => {
  const h = history();
  const u = dashboardUpdate({ history: h, contexts: [], historyLength: 10, since: 3, heatmap: {} });
  assert.equal(u.replace, false);
  assert.deepEqual(u.rows.t, [3]);
  assert.deepEqual(u.rows.schemes[0].rates.sz_applied, [8192]);
  assert.deepEqual(u.rows.schemes[0].totals.sz_applied, [12288]);
});

test('the webview appends deltas and keeps at most the history length of rows', () => {
  const full = dashboardUpdate({ history: history(), contexts: [], historyLength: 10, heatmap: {} });
  const store = new RowsStore();
  store.replace(full.rows, 5);
  const delta = dashboardUpdate({ history: history(), contexts: [], historyLength: 10, since: 2, heatmap: {} });
  assert.equal(store.append(delta.rows, 5), 1, 'one row dropped from the front');
  assert.deepEqual(store.rows.t, [1, 2, 3, 2, 3]);
  assert.equal(store.rows.schemes[0].totals.sz_applied.length, 5);
});

test('WSS percentiles skip the first 20 snapshots ever recorded, as damo report wss does', () => {
  const h = new ContextHistory({ backendId: 'sim-1', kdamond: 0, context: 0 }, 'ctx', 0, 25);
  // Snapshot k has k + 1 accessed 4 KiB regions; snapshots 0..19 are warm-up.
  for (let k = 0; k < 30; k++) {
    push(h, sample(k, 20 * k, false, 0, (k + 1) * 4096));
  }
  const u = dashboardUpdate({ history: h, contexts: [], historyLength: 25, heatmap: {} });
  // Held: snapshots 5..29; past warm-up: 20..29, WSS 21..30 pages. n = 10: p25 → [2], p50 → [5], p75 → [7], p100 → [9].
  assert.equal(u.wssPercentiles.snapshots, 10);
  assert.deepEqual(u.wssPercentiles.bytes, [21, 23, 26, 28, 30].map((pages) => pages * 4096));
});

test('the host packs regions as the webview unpacks them: REGION_STRIDE is the protocol REGION_FIELDS', () => {
  assert.equal(REGION_STRIDE, REGION_FIELDS);
  assert.deepEqual([...packRegions([{ start: 0, end: 4096, nr: 3, age: 7 }], (r) => r.nr)], [0, 4096, 3, 7]);
});
