// Who advances the simulated kernel while a write waits for the kdamond (as a real writer blocks
// in damon_call()/damos_walk()): the provider itself ('self'), or a Runner ('external').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Runner } from '../../../../src/sim/runner';
import { createSimulatedDamon } from '../../../../src/sim/sysfs';
import { PADDR_STAT_ON, guestWorkload } from './fixtures';
import { replay, sh } from './shell';

const S = 'kdamonds/0/contexts/0/schemes/0';

test("'external': a request completes when someone else advances the kernel", async () => {
  const { fs, kernel } = createSimulatedDamon({ generation: '7.3', workload: guestWorkload(), drive: 'external' });
  await replay(fs, PADDR_STAT_ON);
  let done = false;
  const pending = fs.write('kdamonds/0/state', 'update_schemes_stats\n').then(() => {
    done = true;
  });
  await new Promise<void>((r) => setImmediate(r));
  assert.equal(done, false);
  kernel.advance(20e3);
  await pending;
  assert.equal(done, true);
});

test("'external' with a Runner: tried regions come back once the walk's apply interval has passed", async () => {
  const { fs, kernel } = createSimulatedDamon({ generation: '7.3', workload: guestWorkload(), drive: 'external' });
  const runner = new Runner(kernel, { speed: 'max' });
  runner.start();
  try {
    await replay(fs, PADDR_STAT_ON);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
    assert.ok((await fs.list(`${S}/tried_regions`)).length > 1);
  } finally {
    runner.stop();
  }
});

test("'self': a walk the kdamond cannot finish in 600 virtual seconds gives ETIMEDOUT; the kdamond runs on", async () => {
  const { fs, kernel } = createSimulatedDamon({ generation: '7.3', workload: guestWorkload() });
  await replay(fs, `${PADDR_STAT_ON.replace('$ echo on > kdamonds/0/state   -> ok', '')}
$ echo 1000000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 10000000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo 3600000000 > ${S}/apply_interval_us   -> ok
$ echo on > kdamonds/0/state   -> ok
`);
  assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ETIMEDOUT');
  assert.ok(kernel.kdamonds[0].nowUs >= 600e6);
  assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'on');
});

test('a state command waiting for its kdamond holds damon_sysfs_lock: state, pid and nr_* answer EBUSY meanwhile (KERNEL-NOTES §1.2-1.3)', async () => {
  const { fs, kernel } = createSimulatedDamon({ generation: '7.3', workload: guestWorkload(), drive: 'external' });
  await replay(fs, PADDR_STAT_ON);
  const pending = fs.write('kdamonds/0/state', 'update_schemes_tried_regions\n');
  await replay(fs, `
$ cat kdamonds/0/state   -> FAIL: Device or resource busy
$ cat kdamonds/0/pid   -> FAIL: Device or resource busy
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo 2 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 1 > ${S}/quotas/goals/nr_goals   -> FAIL: Device or resource busy
$ echo 10000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ cat kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> 10000
`);
  const [state] = await fs.readMany(['kdamonds/0/state']);
  assert.ok(state instanceof Error && 'code' in state && state.code === 'EBUSY');
  kernel.advance(300e3);
  await pending;
  assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'on');
  assert.equal(await sh(fs, `echo 1 > ${S}/quotas/goals/nr_goals`), 'ok');
});
