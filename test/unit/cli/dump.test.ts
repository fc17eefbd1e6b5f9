import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimulation, loadWorkload } from '../../../src/cli/simSource';
import { takeDump, type StatusDump } from '../../../src/investigation/dumps/dump';
import { diffDumps, formatDumpDiff } from '../../../src/investigation/dumps/diff';
import { holdPause } from '../../../src/investigation/dumps/pauseAndDump';

async function started(generation: '7.3' | '6.18', seconds: number) {
  const sim = await startSimulation(loadWorkload('hot-cold'), generation);
  sim.kernel.advance(seconds * 1e6);
  return sim;
}

const live = (kernel: { kdamonds: { status(): import('../../../src/damon/status').KdamondStatus }[] }) => (k: number) => kernel.kdamonds[k]?.status();

test('a dump holds parameters, tuned intervals, quotas, stats, regions and tried regions', async () => {
  const { kernel, client } = await started('7.3', 5);
  const d = await takeDump(client, 0, { liveStatus: live(kernel) });
  assert.equal(d.format, 'damon-lens-status-dump');
  assert.equal(d.state, 'on');
  assert.equal(d.params.contexts[0].operations, 'vaddr');
  const c = d.contexts[0];
  assert.equal(c.pause, false);
  assert.ok(c.tuned_intervals.sample_us > 0);
  assert.ok((c.passed_sample_intervals ?? 0) > 0);
  const regions = c.targets[0].regions ?? [];
  assert.ok(regions.length >= 10, 'the monitoring regions');
  assert.ok(regions.some((r) => r.nr_accesses > 0 || r.last_nr_accesses > 0), 'some region was accessed');
  assert.equal(c.schemes.length, 2);
  assert.ok(c.schemes[0].stats.nr_tried > 0, 'the stat scheme tried regions');
  assert.ok((c.schemes[0].tried_regions?.regions.length ?? 0) > 0, 'tried regions of the stat scheme');
  assert.ok(c.schemes[1].effective_bytes > 0, 'the pageout quota is effective');
});

test('two dumps taken while paused are identical apart from the timestamp; tried regions are cancelled', async () => {
  const { kernel, client } = await started('7.3', 3);
  const hold = await holdPause(client, 0);
  assert.equal(hold.outcome, 'paused');
  const a = await takeDump(client, 0, { liveStatus: live(kernel), now: () => new Date(1) });
  kernel.advance(2e6);
  const b = await takeDump(client, 0, { liveStatus: live(kernel), now: () => new Date(2) });
  assert.notEqual(a.taken_at, b.taken_at);
  assert.deepEqual(diffDumps(a, b), []);
  assert.equal(formatDumpDiff([]), 'no changes (timestamps ignored)');
  assert.equal(a.contexts[0].pause, true);
  assert.match(a.contexts[0].schemes[0].tried_regions_error ?? '', /ECANCELED|cancel/i);
  await hold.restore();
  assert.equal(await client.isPaused(0), false, 'restored');
});

test('the diff names what a commit and running changed, old → new', async () => {
  const { kernel, client } = await started('7.3', 2);
  const a = await takeDump(client, 0, { liveStatus: live(kernel), triedRegions: false });
  const snap = await client.readKdamond(0);
  snap.params.contexts[0].monitoring_attrs.nr_regions.max = 500;
  await client.writeKdamond(0, snap.params);
  await client.commit(0);
  kernel.advance(1e6);
  const b = await takeDump(client, 0, { liveStatus: live(kernel), triedRegions: false });
  const changes = diffDumps(a, b);
  const text = formatDumpDiff(changes);
  assert.match(text, /^params\/contexts\/0\/monitoring_attrs\/nr_regions\/max: 1000 → 500$/m);
  assert.ok(changes.some((c) => c.path === 'contexts/0/passed_sample_intervals'), 'the sample counter moved');
  assert.ok(!changes.some((c) => c.path.includes('taken_at')));
});

test('arrays of different lengths show the length and the absent elements', () => {
  const base: StatusDump = { format: 'damon-lens-status-dump', version: 1, taken_at: 'x', kdamond: 0, state: 'on', pid: 1, params: { refresh_ms: 0, contexts: [] }, contexts: [] };
  const a = base;
  const b = { ...base, contexts: [{ tuned_intervals: { sample_us: 1, aggr_us: 2 }, targets: [], schemes: [] }] };
  const text = formatDumpDiff(diffDumps(a, b));
  assert.match(text, /^contexts\/length: 0 → 1$/m);
  assert.match(text, /^contexts\/0: \(absent\) → \{"tuned_intervals"/m);
});

test('holding the pause on a kernel without pause dumps unpaused and restores nothing', async () => {
  const { client } = await started('6.18', 1);
  const hold = await holdPause(client, 0);
  assert.equal(hold.outcome, 'unsupported');
  const d = await takeDump(client, 0, { triedRegions: false });
  assert.equal(d.contexts[0].pause, undefined);
  assert.equal(d.contexts[0].targets[0].regions, undefined, 'no live view: regions unknown');
  await hold.restore();
});
