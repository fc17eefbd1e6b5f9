// The incremental heatmap gives the same cells as binning everything again (the review finding:
// the dashboard used to rebin the whole history on every refresh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binSnapshots, heatmapGrid, type HeatSnapshot } from '../../../src/investigation/history/heatmap';
import { HeatLog } from '../../../src/investigation/history/heatLog';
import { ContextHistory, type HistorySample } from '../../../src/investigation/history/history';
import { LiveHeatmap } from '../../../src/investigation/history/liveHeatmap';
import { Prng } from '../../../src/sim/prng';

const randomSource = (seed: number): (() => number) => {
  const p = new Prng(seed);
  return () => p.u32() / 4294967296;
};

function randomShots(rand: () => number, n: number, t0 = 0): HeatSnapshot[] {
  const shots: HeatSnapshot[] = [];
  let t = t0;
  for (let k = 0; k < n; k++) {
    const dt = 0.05 + rand() * 1.5;
    const nr = 1 + Math.floor(rand() * 40);
    const flat = new Float64Array(nr * 4);
    let a = Math.floor(rand() * 4) * 4096;
    for (let r = 0; r < nr; r++) {
      const size = (1 + Math.floor(rand() * 64)) * 4096;
      // Sometimes a gap between regions, as between a heap and an mmap area.
      if (rand() < 0.1) a += Math.floor(rand() * 1024) * 4096;
      flat.set([a, a + size, Math.floor(rand() * 21), Math.floor(rand() * 100)], r * 4);
      a += size;
    }
    // Now and then a snapshot covers no time of the range, or overlaps its start.
    shots.push({ start: t, end: t + dt, regions: flat });
    t += dt;
  }
  return shots;
}

test('binning snapshots in batches into the same grid equals binning them all at once, bit for bit (random inputs)', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const rand = randomSource(seed);
    const shots = randomShots(rand, 1 + Math.floor(rand() * 120));
    const end = shots.at(-1)!.end;
    const time = { start: rand() * end * 0.3, end: end * (0.7 + rand() * 0.6) };
    const addr = { start: Math.floor(rand() * 64) * 4096, end: (256 + Math.floor(rand() * 4096)) * 4096 };
    const [tc, ac] = [1 + Math.floor(rand() * 300), 1 + Math.floor(rand() * 200)];
    const full = heatmapGrid(shots, time, addr, tc, ac);
    const grid = new Float32Array(tc * ac);
    for (let i = 0; i < shots.length;) {
      const n = 1 + Math.floor(rand() * 5);
      binSnapshots(grid, shots.slice(i, i + n), time, addr, tc, ac);
      i += n;
    }
    assert.deepEqual(grid, full, `seed ${seed}`);
  }
});

function row(t: number, psi: number): HistorySample {
  return { t, paused: false, passedSampleIntervals: psi, sampleUs: 5000, aggrUs: 100_000, nrRegions: 0, maxNrAccesses: 20, wss: 0, schemes: [] };
}

test('the live heatmap, refresh by refresh, equals a full rebin of the same snapshots, and rebuilds rarely', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const rand = randomSource(100 + seed);
    const shots = randomShots(rand, 300);
    const h = new ContextHistory({ backendId: 'b', kdamond: 0, context: 0 }, 'ctx', 0, 600);
    h.samples.push(row(0, 0));
    const live = new LiveHeatmap(300, 200);
    const zoomed = new LiveHeatmap(300, 200);
    const zoom = { time: { start: shots[50].start, end: shots[120].end }, addr: { start: 0, end: 2 ** 24 } };
    shots.forEach((s, k) => {
      h.heat.push(s);
      h.latestRegions = s.regions;
      h.samples.push(row(s.end, k + 1));
      // Following the time; the address range fixed (random layouts would move damo's default range every refresh).
      const cells = live.cells(h, { addr: zoom.addr });
      assert.ok(cells);
      const window = live.binnedTime!;
      const full = heatmapGrid(h.heat.all(), window, cells.addr, 300, 200);
      assert.deepEqual(cells.heat, full.slice(0, cells.timeCells * 200), `seed ${seed}, refresh ${k}`);
      assert.ok(Math.abs(cells.time.end - s.end) <= (window.end - window.start) / 300 + 1e-9, 'the shown cells end at the newest data');
      const z = zoomed.cells(h, zoom);
      assert.deepEqual(z?.heat, heatmapGrid(h.heat.all(), zoom.time, zoom.addr, 300, 200));
    });
    assert.ok(live.rebuilds < 40, `${live.rebuilds} rebuilds in 300 refreshes`);
    assert.equal(zoomed.rebuilds, 1);
  }
});

test('the heat log keeps the newest snapshots within its byte budget', () => {
  const log = new HeatLog(10 * 32, 1000);
  for (let k = 0; k < 25; k++) log.push({ start: k, end: k + 1, regions: new Float64Array(8) }); // 64 B each
  assert.equal(log.bytes, 5 * 64);
  assert.deepEqual(log.all().map((s) => s.start), [20, 21, 22, 23, 24]);
  assert.deepEqual(log.since(23).map((s) => s.start), [23, 24]);
  assert.deepEqual(log.since(3).map((s) => s.start), [20, 21, 22, 23, 24], 'what was dropped is gone');
  assert.equal(log.oldestSeq, 20);
});
