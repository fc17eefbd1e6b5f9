// What-if: a workload derived from a damo record, and its replay in the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultContext, defaultKdamond, defaultScheme, defaultTarget } from '../../../src/damon/params';
import { parseRecords, type DamoRecord, type DamoSnapshot } from '../../../src/damo/record/record';
import { heatmapOf } from '../../../src/damo/report/heatmap';
import { percentileIndex } from '../../../src/damo/report/dist';
import { WSS_DEFAULTS, wssDists } from '../../../src/damo/report/wss';
import { formatWhatIf, recordedColumn, replayColumn } from '../../../src/investigation/whatif/compare';
import { deriveWorkload } from '../../../src/investigation/whatif/derive';
import { bindParams, recordedParams } from '../../../src/investigation/whatif/params';
import { replay } from '../../../src/investigation/whatif/replay';
import { parseWorkload } from '../../../src/sim/workload';

const FIXTURES = join(__dirname, '../../../../test/fixtures/damo');
const MiB = 2 ** 20;
const BASE = 0x600000000000;

/** A record of `n` snapshots, 5 ms / 100 ms, whose regions each snapshot are given by `regions(k)`. */
function record(n: number, regions: (k: number) => [number, number, number][]): DamoRecord {
  const snapshots: DamoSnapshot[] = Array.from({ length: n }, (_, k) => ({
    start_time: k * 1e8,
    end_time: (k + 1) * 1e8,
    sample_interval_us: null,
    regions: regions(k).map(([start, end, nr]) => ({ start, end, nr_accesses: nr, age: 0, sz_filter_passed: 0 })),
  }));
  return { kdamond_idx: 0, context_idx: 0, scheme_idx: null, target_id: 0, intervals: { sample_us: 5000, aggr_us: 100_000, ops_update_us: 1_000_000, goal: { access_bp: 0, aggrs: 0, min_sample_us: 0, max_sample_us: 0 } }, snapshots };
}

test('derivation: areas at the boundaries the kernel kept, rates per phase, coherent where the kernel kept one region', () => {
  // 0..8 MiB: one region, 10 of 20 samples, then idle after 3 s. 8..16 MiB: cut at another place
  // in each snapshot (no boundary inside it lasts), 2 of 20 samples throughout.
  const r = record(60, (k) => {
    const cut = BASE + 8 * MiB + (1 + ((k * 5) % 59)) * 128 * 1024;
    return [[BASE, BASE + 8 * MiB, k < 30 ? 10 : 0], [BASE + 8 * MiB, cut, 2], [cut, BASE + 16 * MiB, 2]];
  });
  const d = deriveWorkload(r);
  assert.deepEqual(d.areas.map((a) => [a.range.start - BASE, a.range.end - BASE]), [[0, 8 * MiB], [8 * MiB, 16 * MiB]]);
  assert.deepEqual(d.phases, [0, 3]);
  assert.equal(d.seconds, 6);
  // p = 10/20 per 5 ms sample: hz = -ln(1 - 0.5) / 0.005.
  assert.ok(Math.abs(d.areas[0].hz[0] - Math.log(2) / 0.005) < 1e-6, String(d.areas[0].hz[0]));
  assert.equal(d.areas[0].hz[1], 0);
  assert.ok(Math.abs(d.areas[1].hz[1] - -Math.log(1 - 0.1) / 0.005) < 1e-6);
  assert.equal(d.areas[0].pattern, 'coherent', 'kept as one region');
  assert.equal(d.areas[1].pattern, 'independent', 'cut into two regions every time');
  const w = parseWorkload(d.spec);
  assert.equal(w.processes[0].areas.length, 2);
  assert.deepEqual(w.processes[0].areas[0].phases.map((p) => p.durationUs / 1e6), [3, 3]);
  assert.ok(d.notes.some((n) => /inside a region/.test(n)));
});

test('derivation for paddr lays the areas at their physical addresses, idle memory below and between', () => {
  const r = record(10, () => [[64 * MiB, 96 * MiB, 20], [128 * MiB, 160 * MiB, 0]]);
  const d = deriveWorkload(r, { physical: true });
  const areas = parseWorkload(d.spec).processes[0].areas;
  assert.deepEqual(areas.map((a) => a.size / MiB), [64, 32, 32, 32]);
  assert.deepEqual(areas.map((a) => a.phases[0].hz > 0), [false, true, false, false]);
});

test('a kdamonds JSON is bound to the derived process, and says so', () => {
  const k = defaultKdamond();
  const c = defaultContext('vaddr');
  c.targets = [defaultTarget(1234)];
  c.schemes = [defaultScheme('pageout')];
  c.pause = true;
  k.contexts = [c];
  const bound = bindParams([k, k], 4242, { virtual: [{ start: BASE, end: BASE + MiB }], physical: [] });
  assert.equal(bound.params.contexts[0].targets[0].pid_target, 4242);
  assert.equal(bound.params.contexts[0].pause, false);
  assert.match(bound.notes.join('\n'), /target pid 1234 is not in the workload: bound to the workload's process 4242/);
  assert.match(bound.notes.join('\n'), /only kdamond 0 of 2/);
  assert.equal(c.targets[0].pid_target, 1234, 'the input is not changed');
});

/** Pearson correlation of two grids; cells no region covered count as 0. */
function correlation(a: (number | null)[][], b: (number | null)[][]): number {
  const x = a.flat().map((v) => v ?? 0);
  const y = b.flat().map((v) => v ?? 0);
  const mean = (v: number[]): number => v.reduce((s, q) => s + q, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[percentileIndex(50, xs.length)];

for (const file of ['stairs.data', 'real-7.3.data', 'two-targets.json']) {
  test(`round trip on ${file}: the derived workload replayed with the record's parameters looks like the record`, async () => {
    const records = parseRecords(readFileSync(join(FIXTURES, file)));
    const r = records[0];
    const d = deriveWorkload(r);
    const ranges = d.areas.map((a) => a.range);
    const result = await replay(d.spec, recordedParams(d, 'vaddr'), d.seconds, { seed: 1 });
    const t0 = r.snapshots[0].start_time;
    // The replay's clock starts at 0: put it on the record's, for one heatmap over both.
    const replayed = result.records.map((x) => ({ ...x, snapshots: x.snapshots.map((s) => ({ ...s, start_time: s.start_time + t0, end_time: s.end_time + t0 })) }));
    // `damo report wss` and `report nr_regions` skip the first 20 snapshots; a record not much
    // longer than that (two-targets.json has 12) is taken whole.
    const skip = r.snapshots.length > 30 ? 20 : 0;
    const wss = (rs: DamoRecord[]): number => p50(wssDists(rs, { ...WSS_DEFAULTS, excludeSamples: skip }).get(0) ?? []);
    const nr = (rs: DamoRecord[]): number => p50(rs.flatMap((x) => x.snapshots.slice(skip).map((s) => s.regions.length)));
    const lo = Math.min(...ranges.map((x) => x.start));
    const hi = Math.max(...ranges.map((x) => x.end));
    const end = r.snapshots[r.snapshots.length - 1].end_time;
    const spec = { time: [t0, end] as [number, number], addr: [lo, hi] as [number, number], timeResol: 40, addrResol: 80, dfPassed: false };
    const corr = correlation(heatmapOf([r], spec).heats, heatmapOf(replayed, spec).heats);
    const [wr, ws] = [wss([r]), wss(replayed)];
    const [nrr, nrs] = [nr([r]), nr(replayed)];
    console.log(`${file}: ${d.areas.length} areas, ${d.phases.length} phases; wss p50 ${(wr / MiB).toFixed(2)} vs ${(ws / MiB).toFixed(2)} MiB; nr_regions p50 ${nrr} vs ${nrs}; heatmap correlation ${corr.toFixed(3)}`);
    assert.ok(Math.abs(ws - wr) <= 0.15 * wr, `wss p50 within 15%: recorded ${wr}, replayed ${ws}`);
    assert.ok(nrs <= 2 * nrr && nrs >= nrr / 2, `nr_regions within 2x: recorded ${nrr}, replayed ${nrs}`);
    assert.ok(corr >= 0.8, `heatmap grids (40 x 80) correlate at ${corr.toFixed(3)}`);
  });
}

test('the comparison table has the record and each replay, with the schemes of those that have them', async () => {
  const r = record(30, (k) => [[BASE, BASE + 8 * MiB, 18], [BASE + 8 * MiB, BASE + 16 * MiB, k < 0 ? 1 : 0], [BASE + 32 * MiB, BASE + 40 * MiB, 0], [BASE + 64 * MiB, BASE + 72 * MiB, 0]]);
  const d = deriveWorkload(r);
  const ranges = d.areas.map((a) => a.range);
  const k = defaultKdamond();
  const c = defaultContext('vaddr');
  const pageout = defaultScheme('pageout');
  pageout.access_pattern.nr_accesses = { min: 0, max: 0 };
  pageout.access_pattern.age = { min: 5, max: 2 ** 32 - 1 };
  c.schemes = [pageout];
  k.contexts = [c];
  const bound = bindParams([k], 4242, { virtual: ranges, physical: ranges });
  const result = await replay(d.spec, bound.params, d.seconds, { seed: 1 });
  assert.ok(result.pagedOutBytes > 0, 'the cold ranges were paged out');
  assert.equal(result.schemes[0].action, 'pageout');
  const text = formatWhatIf([recordedColumn([r]), replayColumn('pageout.json', result, bound.notes)]);
  assert.match(text, /^ +recorded +pageout\.json$/m);
  assert.match(text, /^scheme 0 sz_applied +- +\d/m);
  assert.match(text, /^paged out +- +[\d.]+ MiB$/m);
  assert.match(text, /^region samples\/s +[\d,]+ +[\d,]+$/m);
});
