import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamonClient, DamonSysfsError, UnsupportedFeatureError } from '../../../src/sysfs/client';
import { defaultContext, defaultFilter, defaultKdamond, defaultQuotaGoal, defaultScheme, defaultTarget, ULONG_MAX, type KdamondParams } from '../../../src/damon/params';
import { formatNum, parseNum } from '../../../src/sysfs/format';
import { mapLimit, readPaths } from '../../../src/sysfs/tree';
import type { KernelGeneration } from '../../../src/damon/sysfs-layout';
import { FakeKernel } from './fake-kernel';
import { MemFs } from './memfs';
import { toFsError, type DamonFs } from '../../../src/damon/fs';

function paddrConfig(gen: KernelGeneration): KdamondParams {
  const k = defaultKdamond();
  const c = defaultContext('paddr');
  c.monitoring_attrs.nr_regions = { min: 10, max: 1000 };
  c.targets = [defaultTarget(0)];
  c.targets[0].regions = [{ start: 1048576, end: 1073610752 }];
  const s = defaultScheme('stat');
  s.quotas.goals = [{ ...defaultQuotaGoal(), target_value: 100, current_value: 5 }];
  s.ops_filters = [{ ...defaultFilter('anon'), matching: true }];
  s.core_filters = [{ ...defaultFilter('addr'), addr_start: 4096, addr_end: 8192 }];
  c.schemes = [s, defaultScheme('pageout')];
  if (gen !== '6.12') k.refresh_ms = 0;
  k.contexts = [c];
  return k;
}

async function setup(gen: KernelGeneration): Promise<{ fs: FakeKernel; client: DamonClient }> {
  const fs = new FakeKernel(gen);
  const client = new DamonClient(fs, { release: `${gen}.1` });
  await client.setNrKdamonds(1);
  return { fs, client };
}

test('formatNum writes ULONG_MAX exactly and parseNum reads it back', () => {
  assert.equal(formatNum(ULONG_MAX), '18446744073709551615');
  assert.equal(parseNum('18446744073709551615\n'), ULONG_MAX);
  assert.equal(formatNum(4294967295), '4294967295');
  assert.equal(formatNum(-1), '-1');
  assert.equal(formatNum(2 ** 60), '1152921504606846976');
  assert.ok(Number.isNaN(parseNum('abc')));
});

test('writeKdamond writes nr_* first, then values, and reads back equal (7.3)', async () => {
  const { fs, client } = await setup('7.3');
  const want = paddrConfig('7.3');
  const writes = await client.writeKdamond(0, want);
  const order = writes.map((w) => w.path);
  const before = (a: string, b: string): void => assert.ok(order.indexOf(a) >= 0 && order.indexOf(a) < order.indexOf(b), `${a} before ${b}`);
  before('kdamonds/0/contexts/nr_contexts', 'kdamonds/0/contexts/0/operations');
  before('kdamonds/0/contexts/0/targets/nr_targets', 'kdamonds/0/contexts/0/targets/0/regions/nr_regions');
  before('kdamonds/0/contexts/0/targets/0/regions/nr_regions', 'kdamonds/0/contexts/0/targets/0/regions/0/start');
  before('kdamonds/0/contexts/0/schemes/nr_schemes', 'kdamonds/0/contexts/0/schemes/1/action');
  before('kdamonds/0/contexts/0/schemes/0/core_filters/nr_filters', 'kdamonds/0/contexts/0/schemes/0/core_filters/0/type');
  assert.equal(fs.files.get('kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max'), '18446744073709551615\n');
  // Defaults already in place are not written.
  assert.ok(!order.includes('kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us'));
  assert.ok(!order.includes('kdamonds/0/contexts/0/schemes/0/filters/nr_filters'));
  const snap = await client.readKdamond(0);
  assert.deepEqual(snap.params, want);
  assert.equal(snap.state, 'off');
  assert.equal(snap.pid, -1);
  assert.deepEqual(snap.contexts[0].avail_operations, ['vaddr', 'fvaddr', 'paddr']);
  assert.equal(snap.contexts[0].schemes.length, 2);
});

test('writing the same configuration again writes nothing; one change writes one file', async () => {
  const { fs, client } = await setup('7.3');
  const want = paddrConfig('7.3');
  await client.writeKdamond(0, want);
  const n = fs.writes.length;
  assert.deepEqual(await client.writeKdamond(0, want), []);
  assert.equal(fs.writes.length, n);
  want.contexts[0].monitoring_attrs.intervals.aggr_us = 200000;
  assert.deepEqual(await client.writeKdamond(0, want), [{ path: 'kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us', value: '200000' }]);
  // dryRun plans without writing.
  want.contexts[0].schemes[1].action = 'cold';
  const plan = await client.writeKdamond(0, want, { dryRun: true });
  assert.deepEqual(plan, [{ path: 'kdamonds/0/contexts/0/schemes/1/action', value: 'cold' }]);
  assert.equal(fs.files.get('kdamonds/0/contexts/0/schemes/1/action'), 'pageout\n');
});

test('a changed nr_schemes rebuilds the schemes: every scheme value is written again', async () => {
  const { client } = await setup('7.3');
  const want = paddrConfig('7.3');
  await client.writeKdamond(0, want);
  want.contexts[0].schemes.push(defaultScheme('cold'));
  const writes = await client.writeKdamond(0, want);
  assert.equal(writes[0].path, 'kdamonds/0/contexts/0/schemes/nr_schemes');
  assert.equal(writes[0].value, '3');
  assert.ok(writes.some((w) => w.path === 'kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max'));
  assert.ok(writes.some((w) => w.path === 'kdamonds/0/contexts/0/schemes/0/quotas/goals/0/target_value'));
  assert.ok(!writes.some((w) => w.path.includes('/targets/')), 'targets untouched');
  assert.deepEqual((await client.readKdamond(0)).params, want);
});

test('on 6.12 the filters go to filters/, optional files are skipped, and missing features refuse before writing', async () => {
  const { fs, client } = await setup('6.12');
  const want = paddrConfig('6.12');
  const writes = await client.writeKdamond(0, want);
  assert.ok(writes.some((w) => w.path === 'kdamonds/0/contexts/0/schemes/0/filters/nr_filters' && w.value === '2'));
  assert.ok(!writes.some((w) => /refresh_ms|addr_unit|pause|core_filters|goal_tuner|\/nid$/.test(w.path)));
  assert.equal(fs.files.get('kdamonds/0/contexts/0/schemes/0/filters/0/type'), 'addr\n');
  assert.equal(fs.files.get('kdamonds/0/contexts/0/schemes/0/filters/1/type'), 'anon\n');
  assert.deepEqual((await client.readKdamond(0)).params, want);
  const n = fs.writes.length;
  for (const change of [
    (k: KdamondParams) => (k.contexts[0].pause = true),
    (k: KdamondParams) => (k.refresh_ms = 100),
    (k: KdamondParams) => (k.contexts[0].monitoring_attrs.intervals.intervals_goal.aggrs = 3),
    (k: KdamondParams) => (k.contexts[0].schemes[0].quotas.goal_tuner = 'temporal'),
  ]) {
    const bad = paddrConfig('6.12');
    change(bad);
    await assert.rejects(client.writeKdamond(0, bad), UnsupportedFeatureError);
  }
  assert.equal(fs.writes.length, n, 'nothing written');
});

test('pause writes pause then commit while on; 6.12 reports pause unsupported and writes nothing', async () => {
  const { fs, client } = await setup('7.3');
  await client.writeKdamond(0, paddrConfig('7.3'));
  assert.equal(await client.isPaused(0), false);
  assert.equal(await client.pause(0), false, 'off: staged only');
  assert.deepEqual(fs.writes.at(-1), ['kdamonds/0/contexts/0/pause', 'Y']);
  await client.resume(0);
  await client.start(0);
  const n = fs.writes.length;
  assert.equal(await client.pause(0), true);
  assert.deepEqual(fs.writes.slice(n), [
    ['kdamonds/0/contexts/0/pause', 'Y'],
    ['kdamonds/0/state', 'commit'],
  ]);
  assert.equal(await client.isPaused(0), true);
  await client.resume(0);
  assert.equal(await client.isPaused(0), false);

  const old = await setup('6.12');
  await old.client.writeKdamond(0, paddrConfig('6.12'));
  await old.client.start(0);
  const m = old.fs.writes.length;
  await assert.rejects(old.client.pause(0), (e: unknown) => e instanceof UnsupportedFeatureError && /6\.12\) has no .*pause.*7\.2 or later/.test(e.message));
  assert.equal(await old.client.isPaused(0), undefined);
  assert.equal(old.fs.writes.length, m, 'nothing written');
});

test('tried regions are listed and sorted numerically, whatever their names', async () => {
  const { fs, client } = await setup('7.0');
  await client.writeKdamond(0, paddrConfig('7.0'));
  await client.start(0);
  fs.triedRegions = [
    [21, 3 * 4096, 4 * 4096, 1, 9],
    [1, 0, 4096, 5, 2],
    [11, 2 * 4096, 3 * 4096, 0, 7],
    [3, 4096, 2 * 4096, 3, 4],
  ];
  const [[s0, s1]] = await client.updateTriedRegions(0);
  assert.deepEqual(
    s0.regions.map((r) => [r.start, r.nr_accesses, r.age]),
    [
      [0, 5, 2],
      [4096, 3, 4],
      [8192, 0, 7],
      [12288, 1, 9],
    ],
  );
  assert.equal(s0.total_bytes, 4 * 4096);
  assert.equal(s1.regions.length, 4);
});

test('stats, effective quotas and tuned intervals refresh; 6.12 has no tuned intervals', async () => {
  const { fs, client } = await setup('7.3');
  await client.writeKdamond(0, paddrConfig('7.3'));
  await client.start(0);
  fs.files.set('kdamonds/0/contexts/0/schemes/0/stats/nr_tried', '190\n');
  fs.files.set('kdamonds/0/contexts/0/schemes/0/stats/sz_tried', '20378681344\n');
  const r = await client.refreshStatus(0);
  assert.equal(r.stats[0][0].nr_tried, 190);
  assert.equal(r.stats[0][0].sz_tried, 20378681344);
  assert.deepEqual(r.effectiveBytes, [[0, 0]]);
  assert.deepEqual(r.intervals, [{ sample_us: 5000, aggr_us: 100000 }]);
  assert.ok(fs.writes.some(([p, v]) => p === 'kdamonds/0/state' && v === 'update_tuned_intervals'));

  const old = await setup('6.12');
  await old.client.writeKdamond(0, paddrConfig('6.12'));
  await old.client.start(0);
  await old.client.detect(true);
  await assert.rejects(old.client.updateTunedIntervals(0), UnsupportedFeatureError);
  const o = await old.client.refreshStatus(0);
  assert.deepEqual(o.intervals, [{ sample_us: 5000, aggr_us: 100000 }]);
  assert.ok(!old.fs.writes.some(([, v]) => v === 'update_tuned_intervals'));
});

test('a kdamond that stops by itself is reported once', async () => {
  const { fs, client } = await setup('7.3');
  await client.writeKdamond(0, paddrConfig('7.3'));
  await client.start(0);
  assert.deepEqual(await client.pollStopped(), []);
  fs.stopByItself(0);
  assert.deepEqual(await client.pollStopped(), [{ index: 0, lastPid: 4242 }]);
  assert.deepEqual(await client.pollStopped(), []);
  // stop() is not "by itself"; and on an off kdamond it writes nothing (pre-7.3 kernels say EPERM).
  await client.start(0);
  assert.equal(await client.stop(0), true);
  assert.deepEqual(await client.pollStopped(), []);
  const n = fs.writes.length;
  assert.equal(await client.stop(0), false);
  assert.equal(fs.writes.length, n);
  // refreshStatus notices it too.
  await client.start(0);
  fs.stopByItself(0);
  const r = await client.refreshStatus(0);
  assert.deepEqual(r.stopped, { index: 0, lastPid: 4242 });
});

test('kdamonds that were already on when first seen are watched too', async () => {
  const { fs, client } = await setup('7.3');
  await client.writeKdamond(0, paddrConfig('7.3'));
  fs.files.set('kdamonds/0/state', 'on\n');
  fs.files.set('kdamonds/0/pid', '77\n');
  const other = new DamonClient(fs);
  assert.deepEqual(await other.pollStopped(), []);
  fs.stopByItself(0);
  assert.deepEqual(await other.pollStopped(), [{ index: 0, lastPid: 77 }]);
});

test('kernel errors come back as actionable DamonSysfsErrors', async () => {
  const { fs, client } = await setup('7.3');
  await client.writeKdamond(0, paddrConfig('7.3'));
  fs.exclusiveHolder = true;
  await assert.rejects(client.start(0), (e: unknown) => e instanceof DamonSysfsError && e.code === 'EBUSY' && /damon_stat/.test(e.message) && e.value === 'on');
  fs.exclusiveHolder = false;
  await client.start(0);
  await assert.rejects(client.setNrKdamonds(2), (e: unknown) => e instanceof DamonSysfsError && /turn every kdamond off/.test(e.message));
  await assert.rejects(client.command(0, 'update_tuned_intervals').then(() => client.command(0, 'bogus' as 'on')), (e: unknown) => e instanceof DamonSysfsError && e.code === 'EINVAL');
  const missing = new DamonClient(new MemFs({}));
  await assert.rejects(missing.checkRoot(), (e: unknown) => e instanceof DamonSysfsError && /CONFIG_DAMON_SYSFS/.test(e.message));
});

test('reads run in parallel, never more than the concurrency bound', async () => {
  const fs = new FakeKernel('7.3');
  const client = new DamonClient(fs, { concurrency: 4 });
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, paddrConfig('7.3'));
  let inFlight = 0;
  let peak = 0;
  const read = fs.read.bind(fs);
  fs.read = async (p: string) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    try {
      return await read(p);
    } finally {
      inFlight--;
    }
  };
  const snap = await client.readKdamond(0);
  assert.equal(snap.params.contexts[0].schemes.length, 2);
  assert.ok(peak > 1, `parallel (peak ${peak})`);
  assert.ok(peak <= 4, `bounded (peak ${peak})`);
});

test('readPaths uses the provider batch read when there is one', async () => {
  const mem = new MemFs({ a: '1\n', b: '2\n' });
  let batches = 0;
  const fs: DamonFs = {
    read: (p) => mem.read(p),
    write: (p, v) => mem.write(p, v),
    list: (p) => mem.list(p),
    exists: (p) => mem.exists(p),
    readMany: async (paths) => {
      batches++;
      return Promise.all(paths.map((p) => mem.read(p).catch((e: unknown) => toFsError(e, 'read', p))));
    },
  };
  const r = await readPaths(fs, ['a', 'b', 'c']);
  assert.equal(batches, 1);
  assert.equal(r[0], '1\n');
  assert.equal(typeof r[2], 'object');
  assert.deepEqual(await mapLimit([3, 1, 2], 2, async (x) => x * 2), [6, 2, 4]);
});
