// A module holding DAMON exclusively makes sysfs `on` EBUSY (FINDINGS §3; §A/§C step 9):
// damon_stat (6.17+, on by default in Debian) and damon_reclaim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { PADDR_STAT_SETUP, simulated } from './fixtures';
import { replay, sh } from './shell';

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: ${atLeast(gen, '6.18') ? 'damon_stat' : 'damon_reclaim'} holding DAMON makes \`on\` EBUSY until it lets go`, async () => {
    const user = atLeast(gen, '6.18') ? 'damon_stat' : 'damon_reclaim';
    const { fs } = simulated(gen, user);
    await replay(fs, PADDR_STAT_SETUP);
    await assert.rejects(fs.write('kdamonds/0/state', 'on\n'), (e: unknown) => e instanceof Error && 'code' in e && e.code === 'EBUSY' && e.message.includes(user));
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'off');
    fs.exclusiveUser = null;
    assert.equal(await sh(fs, 'echo on > kdamonds/0/state'), 'ok');
    // A build error still comes first: the kernel builds the context before damon_start().
    assert.equal(await sh(fs, 'echo off > kdamonds/0/state'), 'ok');
    fs.exclusiveUser = user;
    assert.equal(await sh(fs, 'echo 2 > kdamonds/0/contexts/0/monitoring_attrs/nr_regions/min'), 'ok');
    assert.equal(await sh(fs, 'echo on > kdamonds/0/state'), 'EINVAL');
  });
}

test('6.12 has no damon_stat module (§C 9)', () => {
  assert.throws(() => simulated('6.12', 'damon_stat'), RangeError);
});
