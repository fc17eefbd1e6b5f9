// A damo record file shaped for the dashboard: the same numbers damo's reports print for the same
// files (test/fixtures/damo/expects), and clear errors for what is not a damo record.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { percentileIndex } from '../../../src/damo/report/dist';
import { formatOf, parseRecords, parseRecordsAsync, RecordFormatError } from '../../../src/damo/record/record';
import { REGION_FIELDS } from '../../../src/protocol';
import { recordFile, recordHeatmap, recordUpdate, type RecordFile } from '../../../src/ui/recordFeed';
import { FIXTURES } from '../damo/capture';

const MiB = 2 ** 20;

function open(name: string): RecordFile {
  const data = readFileSync(join(FIXTURES, name));
  return recordFile(name, formatOf(data), parseRecords(data));
}

test('stairs.data: one target, 30 snapshots, and the WSS percentiles of `damo report wss`', () => {
  const file = open('stairs.data');
  assert.equal(file.format, 'json_compressed');
  assert.equal(file.snapshots, 30);
  assert.ok(Math.abs(file.spanS - 3) < 1e-9);
  assert.deepEqual(file.sources.map((s) => s.label), ['kdamond 0 · context 0 · target 0']);
  const u = recordUpdate(file, file.sources[0], {});
  assert.equal(u.rows.t.length, 30);
  assert.deepEqual(u.rows.nrRegions, new Array(30).fill(12));
  assert.deepEqual(u.rows.sampleUs.slice(0, 2), [5000, 5000]);
  assert.deepEqual(u.rows.aggrUs.slice(0, 2), [100_000, 100_000]);
  // expects/wss-default.txt and wss-raw.txt: 2.000 MiB at every percentile, every snapshot.
  assert.deepEqual(u.wssPercentiles, { percentiles: [0, 25, 50, 75, 100], bytes: new Array(5).fill(2 * MiB), snapshots: 10, warmUp: 20 });
  assert.deepEqual(u.rows.wss, new Array(30).fill(2 * MiB));
  assert.deepEqual(u.rows.schemes, [], 'a record has no DAMOS stats');
  assert.equal(u.pausedNow, false);
  assert.deepEqual(u.record, { file: 'stairs.data', format: 'json_compressed', targets: 1, snapshots: 30, spanS: file.spanS, snapshot: 29 });
});

test('a region snapshot is picked by index; out of range shows the last one', () => {
  const file = open('stairs.data');
  const first = recordUpdate(file, file.sources[0], { snapshot: 0 });
  assert.equal(first.record?.snapshot, 0);
  assert.equal(first.snapshot?.timeUs, 100_000, 'the first 100 ms snapshot ends 0.1 s in');
  assert.equal(first.snapshot?.regions.length, 12 * REGION_FIELDS);
  assert.equal(first.snapshot?.maxNrAccesses, 20);
  const hot = [...Array(12).keys()].map((i) => first.snapshot?.regions[i * REGION_FIELDS + 2]);
  assert.equal(hot.filter((n) => n === 18).length, 2, 'one hot region in each run (18 of 20 samples)');
  const last = recordUpdate(file, file.sources[0], { snapshot: 99 });
  assert.equal(last.record?.snapshot, 29);
  assert.equal(last.snapshot?.timeUs, 3_000_000);
  const bytes = (h: readonly number[]): number => h.reduce((a, b) => a + b, 0);
  assert.equal(bytes(last.ageHistogram.bytes), 6 * MiB, 'every monitored byte is in the age histogram');
  assert.equal(bytes(last.frequencyHistogram.bytes), 6 * MiB);
});

test('real-7.3.data: WSS over time is what `damo report wss --exclude_samples 0` sorts into its percentiles', () => {
  const file = open('real-7.3.data');
  assert.deepEqual(file.sources.map((s) => s.label), ['target 0'], 'no kdamond or context index in a perf-converted record');
  const u = recordUpdate(file, file.sources[0], {});
  assert.equal(u.rows.t.length, 37);
  const sorted = [...u.rows.wss].sort((a, b) => a - b);
  // expects/real-wss.txt: 0 B, 0 B, 180.000 KiB, 8.898 MiB, 50.129 MiB.
  const at = (p: number): number => sorted[percentileIndex(p, sorted.length)];
  assert.deepEqual([at(0), at(25), at(50)], [0, 0, 180 * 1024]);
  assert.equal((at(75) / MiB).toFixed(3), '8.898');
  assert.equal((at(100) / MiB).toFixed(3), '50.129');
  assert.equal(u.wssPercentiles.snapshots, 17, '37 snapshots past the 20 damo skips');
});

test("the heatmap spans damo's default ranges: the guide's time span and its hottest run of addresses", () => {
  // expects/heatmap-default.txt: time [1 m 40 s, 1 m 43 s), space 2.000 MiB from 127 TiB.
  const stairs = open('stairs.data');
  const h = recordHeatmap(stairs, stairs.sources[0], {});
  assert.ok(h);
  assert.deepEqual(h.time, { start: 0, end: 3 });
  // damo's cells are whole bytes (2 MiB / 200 rounded down): the range ends within a cell of the run's end.
  assert.ok(2 * MiB - (h.addr.end - h.addr.start) < 200, `${h.addr.end - h.addr.start}`);
  assert.equal(Math.floor(h.addr.start / 2 ** 40), 127);
  assert.match(h.heatUnit ?? '', /Hz/);
  assert.ok(h.heat.some((v) => v > 0));
  // expects/real-heatmap.txt: time [12.007 s, 20.718 s) (8.711 s), space 70.109 MiB.
  const real = open('real-7.3.data');
  const r = recordHeatmap(real, real.sources[0], {});
  assert.ok(r);
  assert.equal(r.time.start, 0, 't = 0 is the oldest observation');
  assert.ok(Math.abs(r.time.end - 8.711) < 0.001, `${r.time.end}`);
  assert.equal(((r.addr.end - r.addr.start) / MiB).toFixed(1), '70.1');
  const zoomed = recordHeatmap(real, real.sources[0], { time: { start: 4, end: 6 } });
  assert.ok(zoomed && Math.abs(zoomed.time.start - 4) < 1e-6 && Math.abs(zoomed.time.end - 6) < 1e-3);
});

test('what is not a damo record is refused with what it is', async () => {
  const stairs = readFileSync(join(FIXTURES, 'stairs.data'));
  const truncated = stairs.subarray(0, stairs.length / 2);
  assert.throws(() => parseRecords(truncated), (e: unknown) => e instanceof RecordFormatError && e.problem === 'corrupt');
  await assert.rejects(parseRecordsAsync(truncated), (e: unknown) => e instanceof RecordFormatError && e.problem === 'corrupt' && /does not inflate/.test(e.message));
  const perf = Buffer.concat([Buffer.from('PERFILE2'), Buffer.alloc(64)]);
  await assert.rejects(parseRecordsAsync(perf), (e: unknown) => e instanceof RecordFormatError && e.problem === 'perf_data');
  await assert.rejects(parseRecordsAsync(Buffer.from('hello')), (e: unknown) => e instanceof RecordFormatError && e.problem === 'not-json');
  assert.deepEqual(await parseRecordsAsync(stairs), parseRecords(stairs));
  assert.throws(() => recordFile('empty.json', 'json', parseRecords(Buffer.from('[]'))), /no snapshot/);
  assert.equal(formatOf(deflateSync(Buffer.from('[]'))), 'json_compressed');
  assert.equal(formatOf(Buffer.from('[]')), 'json');
});

test('two-targets.json: each target is a source of its own, with its own rows, snapshot and heatmap', () => {
  const file = open('two-targets.json');
  assert.equal(file.format, 'json');
  assert.equal(file.sources.length, 2);
  assert.equal(file.snapshots, 24);
  const [a, b] = file.sources.map((s) => recordUpdate(file, s, { heatmap: recordHeatmap(file, s, {}) }));
  assert.deepEqual(a.contexts, b.contexts, 'both list every source');
  assert.notEqual(a.context.key, b.context.key);
  assert.deepEqual([a.rows.t.length, b.rows.t.length], [12, 12]);
  assert.deepEqual([a.rows.nrRegions[0], b.rows.nrRegions[0]].sort(), [2, 3]);
  assert.ok(a.heatmap && b.heatmap && a.heatmap.addr.start !== b.heatmap.addr.start, 'each heatmap covers its own target');
  // Intervals tuning was on: each snapshot's own sample_interval_us, and damo's aggregation interval from it.
  assert.equal(a.rows.sampleUs[0], 5_000_000);
  assert.equal(a.rows.aggrUs[0], 5_000_000 * 20);
});
