// `damon-lens workload --from-record` and `damon-lens whatif`: a record's workload, and its
// replays under other parameters, from the command line.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseWorkload } from '../../../src/sim/workload';
import { runCli } from '../damo/capture';

const FIXTURES = join(__dirname, '../../../../test/fixtures/damo');

test('workload --from-record prints a workload the simulator takes, and what a record cannot tell', async () => {
  const r = await runCli(['workload', '--from-record', join(FIXTURES, 'stairs.data')]);
  assert.equal(r.code, 0, r.err);
  const w = parseWorkload(JSON.parse(r.out));
  assert.equal(w.processes[0].areas.length, 12);
  assert.match(r.err, /# 12 areas, 5 phase\(s\) over 3\.0 s, laid out for vaddr/);
  assert.match(r.err, /a record cannot tell: detail inside a region/);
});

test('whatif compares the record with its replays: the record\'s own parameters and each kdamonds JSON', async () => {
  const r = await runCli(['whatif', '--record', join(FIXTURES, 'stairs.data'), '--params', join(FIXTURES, 'kdamonds.json')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ +recorded +replay \(recorded params\) +kdamonds\.json$/m);
  assert.match(r.out, /^WSS p50 +2\.000 MiB +[\d.]+ MiB +[\d.]+ MiB$/m);
  assert.match(r.out, /^scheme 0 action +- +- +pageout$/m);
  assert.match(r.out, /^# kdamonds\.json: the context was paused in the JSON: it runs in the replay$/m);
  const j = await runCli(['whatif', '--record', join(FIXTURES, 'stairs.data'), '--params', join(FIXTURES, 'kdamonds.json'), '--json']);
  const parsed = JSON.parse(j.out) as { columns: { name: string; schemes?: { action: string }[] }[] };
  assert.deepEqual(parsed.columns.map((c) => c.name), ['recorded', 'replay (recorded params)', 'kdamonds.json']);
  assert.equal(parsed.columns[2].schemes?.[0].action, 'pageout');
});

test('whatif refuses bad input before replaying anything', async () => {
  const noParams = await runCli(['whatif', '--record', join(FIXTURES, 'stairs.data')]);
  assert.equal(noParams.code, 2);
  assert.match(noParams.err, /give at least one --params/);
  const notJson = await runCli(['whatif', '--record', join(FIXTURES, 'stairs.data'), '--params', join(FIXTURES, 'stairs.data')]);
  assert.equal(notJson.code, 2);
  assert.match(notJson.err, /--params .*stairs\.data is not damo's kdamonds JSON/);
  const noTarget = await runCli(['workload', '--from-record', join(FIXTURES, 'stairs.data'), '--target', '7']);
  assert.equal(noTarget.code, 2);
  assert.match(noTarget.err, /no target 7 with snapshots; targets: 0/);
});

test('sim --params runs a damo kdamonds JSON over the workload and prints its schemes\' stats', async () => {
  const r = await runCli(['sim', '--workload', 'hot-cold', '--seconds', '10', '--params', join(FIXTURES, 'kdamonds.json')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^scheme 0 pageout: nr_tried \d+ sz_tried \d+ nr_applied \d+ sz_applied [1-9]\d* qt_exceeds \d+$/m);
});
