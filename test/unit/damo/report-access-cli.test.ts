// `damon-lens report access`: bad options are usage errors (exit 2, a message naming the option,
// nothing on stdout); --json gives the regions and numbers of the text report.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli } from './capture';

const STAIRS = join(FIXTURES, 'stairs.data');

const BAD: [string[], RegExp][] = [
  [['--sort_regions_by', 'heat'], /--sort_regions_by heat: choose one of address, access_rate, age, size, temperature/],
  [['--sort_regions_dsc'], /--sort_regions_dsc needs at least one value/],
  [['--temperature_weights', '1', '2'], /--temperature_weights needs 3 values/],
  [['--temperature_weights', '1', '2', 'x'], /--temperature_weights: "x" is not an integer/],
  [['--snapshot_idx', '0'], /--snapshot_idx needs 2 values/],
  [['--address', '200', '100'], /wrong --address input \(start > end/],
  [['--address', '0', '200', '--address', '100', '300'], /wrong --address input \(overlapping range\)/],
  [['--address', '0x0', '1'], /--address 0x0: give a decimal number/],
  [['--access_rate', 'lots', '100'], /--access_rate lots: not a number/],
  [['--snapshot_time', '1 fortnight', 'max'], /--snapshot_time 1 fortnight: not a number of ns/],
  [['--snapshot_heatmap_width', '0'], /--snapshot_heatmap_width 0: give at least 1 column/],
  [['--snapshot_heatmap_colorset', 'neon'], /choose one of gray, flame, emotion/],
  [['--format', 'replace', 'region', '<index>'], /wrong --format action "replace"; choose set or append/],
  [['--format', 'set', 'footer', '<index>'], /wrong --format target area "footer"/],
  [['--format_region', '<box> <size>'], /the region template uses <box>, which damon-lens does not print/],
  [['--region_box'], /unknown argument "--region_box"/],
];

for (const [args, message] of BAD) {
  test(`report access ${args.join(' ')}: a usage error`, async () => {
    const r = await runCli(['report', 'access', '--input', STAIRS, ...args]);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, message);
  });
}

test('report access on a missing file or one that is no record: exit 2 or 1, nothing on stdout', async () => {
  const missing = await runCli(['report', 'access', '--input', join(FIXTURES, 'no-such.data')]);
  assert.equal(missing.code, 2);
  assert.equal(missing.out, '');
  assert.match(missing.err, /cannot read --input .*no-such\.data \(ENOENT\)/);
  const notRecord = await runCli(['report', 'access', '--input', join(FIXTURES, 'README.md')]);
  assert.equal(notRecord.code, 1);
  assert.equal(notRecord.out, '');
  assert.match(notRecord.err, /not a damo record/);
});

interface JsonRecord {
  target_id: number;
  snapshots: { start_time: number; aggr_us: number; total_bytes: number; regions: { start: number; size: number; nr_accesses: number; access_rate_percent: number; access_hz: number; age_us: number; temperature: number }[] }[];
}

test('report access --json: the selected snapshots, regions sorted as asked', async () => {
  const r = await runCli(['report', 'access', '--input', STAIRS, '--json', '--snapshot_idx', '29', '29', '--sort_regions_by', 'temperature', '--sort_regions_dsc', 'temperature']);
  assert.equal(r.code, 0, r.err);
  const [rec] = JSON.parse(r.out) as JsonRecord[];
  assert.equal(rec.snapshots.length, 1);
  const [s] = rec.snapshots;
  assert.equal(s.total_bytes, 6 * 2 ** 20);
  assert.equal(s.aggr_us, 100000);
  assert.equal(s.regions.length, 12);
  // Age weighs as much as the access rate: the warm region accessed for 2.9 s is the hottest.
  const hottest = s.regions[0];
  assert.deepEqual([hottest.nr_accesses, hottest.access_rate_percent, hottest.access_hz, hottest.age_us, hottest.size], [3, 15, 30, 2_900_000, 512 * 1024]);
  for (let i = 1; i < s.regions.length; i++) assert.ok(s.regions[i - 1].temperature >= s.regions[i].temperature);
  // The text report prints the same hottest region first.
  const text = await runCli(['report', 'access', '--input', STAIRS, '--snapshot_idx', '29', '29', '--sort_regions_by', 'temperature', '--sort_regions_dsc', 'temperature', '--format_snapshot_head', '', '--format_snapshot_tail', '', '--format_record_tail', '', '--format_region', '<size> <access hz> <temperature>']);
  assert.equal(text.out.split('\n')[0], `512.000 KiB 30 hz  ${hottest.temperature.toLocaleString('en-US')}`);
});
