// `damon-lens sim --record`: the simulator's monitoring results as a damo record that the reader
// (and damo) can read back, in the format the file name asks for.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseRecords, serializeRecords } from '../../../src/damo/record/record';
import { runCli } from '../damo/capture';

test('sim writes json_compressed or json by extension, with one snapshot per aggregation', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-sim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [file, first] of [['rec.data', 0x78], ['rec.json', '['.charCodeAt(0)]] as const) {
    const path = join(dir, file);
    const r = await runCli(['sim', '--workload', 'hot-cold', '--seconds', '3', '--record', path]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /simulated 3 s of hot-cold on Linux 7\.3: \d+ snapshots of 1 target/);
    const bytes = readFileSync(path);
    assert.equal(bytes[0], first);
    const [rec] = parseRecords(bytes);
    assert.equal(rec.target_id, 0);
    assert.equal(rec.intervals?.sample_us, 5000);
    assert.equal(rec.intervals?.goal.aggrs, 3, 'intervals tuning of the default simulated kdamond');
    assert.ok(rec.snapshots.length >= 20, `${rec.snapshots.length} snapshots`);
    for (let i = 1; i < rec.snapshots.length; i++) assert.equal(rec.snapshots[i].start_time, rec.snapshots[i - 1].end_time);
    const s = rec.snapshots.at(-1);
    assert.ok(s && s.regions.length >= 10 && s.regions.some((g) => g.nr_accesses > 0));
    assert.deepEqual(parseRecords(serializeRecords([rec], 'json')), [rec], 'write and read back');
  }
});

test('sim --json prints a machine-readable summary; report wss reads the record', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-sim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'stairs.data');
  const r = await runCli(['sim', '--workload', 'stairs', '--seconds', '5', '--record', path, '--json']);
  assert.equal(r.code, 0, r.err);
  const summary = JSON.parse(r.out) as { snapshots: number; format: string };
  assert.equal(summary.format, 'json_compressed');
  const w = await runCli(['report', 'wss', '--input', path, '--json']);
  assert.equal(w.code, 0, w.err);
  const [t0] = JSON.parse(w.out) as { target_id: number; wss: number[]; all: number[] }[];
  assert.equal(t0.target_id, 0);
  assert.equal(t0.all.length, summary.snapshots - 20, 'the first 20 snapshots excluded, as damo');
  assert.ok(t0.wss.every((x) => x > 0));
});

test('sim takes a workload file; a bad one is named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'damon-lens-sim-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'w.json');
  writeFileSync(file, JSON.stringify({ name: 'two-areas', memory: { size: '1 GiB' }, processes: [{ pid: 77, areas: [{ size: '64 MiB', access_hz: 100 }, { size: '64 MiB', access_hz: 0 }] }] }));
  const r = await runCli(['sim', '--workload', file, '--seconds', '2', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal((JSON.parse(r.out) as { workload: string }).workload, 'two-areas');
  writeFileSync(file, JSON.stringify({ memory: { size: '1 GiB' }, processes: [{ pid: 77, areas: [{ size: 'lots' }] }] }));
  const bad = await runCli(['sim', '--workload', file, '--seconds', '2']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /processes\[0\]\.areas\[0\]\.size/);
});
