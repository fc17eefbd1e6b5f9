import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FsError, toFsError } from '../../../src/damon/fs';
import { DamonError } from '../../../src/damon/errno';
import { describeError, explainError } from '../../../src/sysfs/errors';

const w = (code: ConstructorParameters<typeof FsError>[0], path: string, value: string): FsError => new FsError(code, 'write', path, value);

test('every message names the file and the value', () => {
  const cases: [FsError, RegExp][] = [
    [w('EINVAL', 'kdamonds/0/contexts/0/operations', 'bogus'), /"bogus".*kdamonds\/0\/contexts\/0\/operations.*avail_operations/],
    [w('ERANGE', 'kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max', '18446744073709551616'), /"18446744073709551616".*sz\/max.*out of range.*18446744073709551615/],
    [w('EINVAL', 'kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us', 'abc'), /"abc".*sample_us.*non-negative decimal integer/],
    [w('EINVAL', 'kdamonds/0/contexts/0/pause', 'maybe'), /"maybe".*pause.*Y, N, 1, 0, on or off/],
    [w('EINVAL', 'kdamonds/0/contexts/nr_contexts', '2'), /"2".*nr_contexts.*0 or 1/],
    [w('EBUSY', 'kdamonds/nr_kdamonds', '2'), /"2".*nr_kdamonds.*turn every kdamond off/],
  ];
  for (const [err, re] of cases) assert.match(describeError(err), re);
});

test('EBUSY on "on" names damon_stat, damon_reclaim and damon_lru_sort and how to free DAMON', () => {
  const m = describeError(w('EBUSY', 'kdamonds/0/state', 'on'));
  assert.match(m, /kdamond 0 could not start/);
  assert.match(m, /damon_stat/);
  assert.match(m, /damon_reclaim/);
  assert.match(m, /damon_lru_sort/);
  assert.match(m, /echo N \| sudo tee \/sys\/module\/damon_stat\/parameters\/enabled/);
  assert.match(m, /damon_stat\.enabled=N/);
});

test('EACCES and EPERM suggest the agent setting', () => {
  for (const code of ['EACCES', 'EPERM'] as const) {
    const m = describeError(w(code, 'kdamonds/nr_kdamonds', '1'));
    assert.match(m, /"1" to \/sys\/kernel\/mm\/damon\/admin\/kdamonds\/nr_kdamonds/);
    assert.match(m, /damonLens\.agentCommand/);
    assert.match(m, /sudo -n/);
  }
  assert.match(describeError(w('EACCES', 'kdamonds/nr_kdamonds', '1'), { viaAgent: true }), /agent runs without the rights/);
  assert.match(describeError(new FsError('EACCES', 'read', 'kdamonds/0/pid')), /reading .*kdamonds\/0\/pid.*damonLens\.agentCommand/);
});

test('EPERM for "off" while off is explained as the pre-7.3 answer, not as a permission problem', () => {
  const m = describeError(w('EPERM', 'kdamonds/1/state', 'off'));
  assert.match(m, /kdamond 1 is not running/);
  assert.doesNotMatch(m, /agentCommand/);
});

test('a missing root means no DAMON sysfs', () => {
  for (const path of ['', 'kdamonds', 'kdamonds/nr_kdamonds']) {
    const m = describeError(new FsError('ENOENT', path === '' ? 'list' : 'read', path));
    assert.match(m, /this kernel has no DAMON sysfs \(CONFIG_DAMON_SYSFS\)/);
  }
  assert.match(describeError(new FsError('ENOENT', 'list', ''), { root: '/x/admin' }), /\/x\/admin does not exist/);
});

test('ENOENT of a file a newer kernel has names the version', () => {
  const m = describeError(w('ENOENT', 'kdamonds/0/contexts/0/pause', 'Y'), { generation: '6.18' });
  assert.match(m, /this kernel \(6\.18\) has no kdamonds\/0\/contexts\/0\/pause/);
  assert.match(m, /needs Linux 7\.2 or later/);
  // 6.12 answers a shell's write to the missing refresh_ms with EACCES.
  assert.match(describeError(w('EACCES', 'kdamonds/0/refresh_ms', '100'), { generation: '6.12' }), /6\.12\) has no kdamonds\/0\/refresh_ms.*6\.18 or later/);
  // Other ENOENTs: the tree changed.
  assert.match(describeError(new FsError('ENOENT', 'read', 'kdamonds/3/state'), { generation: '7.3' }), /no such file.*reload the tree/);
});

test('ECANCELED explains stopped and paused kdamonds', () => {
  assert.match(describeError(w('ECANCELED', 'kdamonds/0/state', 'update_schemes_tried_regions')), /cancelled.*is paused.*resume it first/);
  assert.match(describeError(w('ECANCELED', 'kdamonds/0/state', 'update_schemes_stats')), /kdamond 0 has stopped/);
  assert.match(describeError(w('ECANCELED', 'kdamonds/0/contexts/0/schemes/0/stats/nr_tried', '1')), /cancelled/);
});

test('EINVAL on commit and on lists what the kernel validates', () => {
  const m = describeError(w('EINVAL', 'kdamonds/0/state', 'commit'));
  assert.match(m, /rejected the staged configuration of kdamond 0/);
  assert.match(m, /sample_us <= aggr_us/);
  assert.match(m, /needs kdamond 0 to be running/);
  assert.match(describeError(w('EINVAL', 'kdamonds/0/state', 'update_tuned_intervals'), { generation: '6.12' }), /needs Linux 6\.18/);
  assert.match(describeError(w('EINVAL', 'kdamonds/0/state', 'update_schemes_stats')), /not running/);
  assert.match(describeError(w('EINVAL', 'kdamonds/0/state', 'bogus')), /"bogus".*not a state command/);
});

test('EBUSY on other state commands is lock contention or a pending walk', () => {
  assert.match(describeError(w('EBUSY', 'kdamonds/0/state', 'update_schemes_tried_regions')), /walk is still pending/);
  assert.match(describeError(w('EBUSY', 'kdamonds/0/state', 'commit')), /sysfs lock/);
});

test('agent timeouts and a dead agent have their own messages', () => {
  assert.match(describeError(new FsError('ETIMEDOUT', 'read', 'kdamonds/0/state')), /timed out.*agent/);
  assert.match(describeError(new FsError('ENOTCONN', 'read', 'kdamonds/0/state')), /agent is not running.*agentCommand/);
});

test('Node fs errors and DamonErrors are normalised to FsError', () => {
  const node = Object.assign(new Error("EBUSY: resource busy or locked, write"), { code: 'EBUSY', errno: -16 });
  const e = toFsError(node, 'write', 'kdamonds/nr_kdamonds', '2');
  assert.equal(e.code, 'EBUSY');
  assert.equal(e.errno, -16);
  const d = toFsError(new DamonError('EINVAL', 'sample_us > aggr_us'), 'write', 'kdamonds/0/state', 'commit');
  assert.equal(d.code, 'EINVAL');
  assert.equal(d.errno, -22);
  assert.match(d.message, /sample_us > aggr_us/);
  assert.equal(toFsError(new Error('weird'), 'read', 'x').code, 'EIO');
  const x = explainError(node, { op: 'write', path: 'kdamonds/nr_kdamonds', value: '2' });
  assert.equal(x.code, 'EBUSY');
  assert.equal(x.path, 'kdamonds/nr_kdamonds');
  assert.equal(x.value, '2');
  assert.equal(x.message, `${x.summary}. ${x.hint}`);
});
