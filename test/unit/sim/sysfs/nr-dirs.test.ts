// nr_* files rebuild their index directories (KERNEL-NOTES §1.2: staged values are lost);
// nr_kdamonds is EBUSY while a kdamond runs, nr_contexts takes only 0 or 1 (FINDINGS §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { PADDR_STAT_ON, simulated } from './fixtures';
import { replay, sh } from './shell';

const C = 'kdamonds/0/contexts/0';
const S = `${C}/schemes/0`;

const indexDirs = async (fs: ReturnType<typeof simulated>['fs'], dir: string): Promise<string[]> =>
  (await fs.list(dir)).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: every nr_* file creates and removes its index directories`, async () => {
    const { fs } = simulated(gen);
    const counts = [
      ['kdamonds', 'nr_kdamonds'], ['kdamonds/0/contexts', 'nr_contexts'], [`${C}/targets`, 'nr_targets'], [`${C}/targets/0/regions`, 'nr_regions'],
      [`${C}/schemes`, 'nr_schemes'], [`${S}/quotas/goals`, 'nr_goals'], [`${S}/filters`, 'nr_filters'],
      ...(atLeast(gen, '6.18') ? [[`${S}/core_filters`, 'nr_filters'], [`${S}/ops_filters`, 'nr_filters'], [`${S}/dests`, 'nr_dests']] : []),
    ];
    for (const [dir, file] of counts) {
      const n = file === 'nr_contexts' ? 1 : 3;
      assert.equal(await sh(fs, `echo ${n} > ${dir}/${file}`), 'ok', `${dir}/${file}`);
      assert.deepEqual(await indexDirs(fs, dir), Array.from({ length: n }, (_, i) => String(i)), dir);
      assert.equal(await sh(fs, `cat ${dir}/${file}`), String(n));
    }
    for (const [dir, file] of [...counts].reverse()) {
      if (file === 'nr_kdamonds' || file === 'nr_contexts') continue;
      assert.equal(await sh(fs, `echo 1 > ${dir}/${file}`), 'ok');
      assert.deepEqual(await indexDirs(fs, dir), ['0'], dir);
    }
    assert.equal(await sh(fs, 'echo 0 > kdamonds/nr_kdamonds'), 'ok');
    assert.deepEqual(await fs.list('kdamonds'), ['nr_kdamonds']);
  });

  test(`${gen}: rewriting an nr_* file drops the staged values below it; negatives and text are EINVAL`, async () => {
    const { fs } = simulated(gen);
    await fs.write('kdamonds/nr_kdamonds', '1');
    await fs.write('kdamonds/0/contexts/nr_contexts', '1');
    await fs.write(`${C}/monitoring_attrs/intervals/sample_us`, '1000');
    await fs.write('kdamonds/0/contexts/nr_contexts', '1');
    assert.equal(await sh(fs, `cat ${C}/monitoring_attrs/intervals/sample_us`), '5000');
    assert.equal(await sh(fs, 'echo -1 > kdamonds/nr_kdamonds'), 'EINVAL');
    assert.equal(await sh(fs, `echo -1 > ${C}/targets/nr_targets`), 'EINVAL');
    assert.equal(await sh(fs, `echo abc > ${C}/schemes/nr_schemes`), 'EINVAL');
    assert.equal(await sh(fs, 'echo 2 > kdamonds/0/contexts/nr_contexts'), 'EINVAL');
    // Past what the simulator allocates, as a kernel out of memory would answer.
    assert.equal(await sh(fs, `echo 2147483647 > ${C}/targets/nr_targets`), 'ENOMEM');
    assert.equal(await sh(fs, 'cat kdamonds/0/contexts/nr_contexts'), '1');
  });

  test(`${gen}: nr_kdamonds while a kdamond runs is EBUSY; nr_contexts 0 while on is accepted and commit is then EINVAL (§A/§C 2, 8b)`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    await replay(fs, `
$ echo 2 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 0 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 1 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 2 > kdamonds/0/contexts/nr_contexts   -> FAIL: Invalid argument
$ echo 0 > kdamonds/0/contexts/nr_contexts   -> ok
$ cat kdamonds/0/state   -> on
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/state   -> on
$ echo off > kdamonds/0/state   -> ok
$ echo 2 > kdamonds/nr_kdamonds   -> ok
$ cat kdamonds/1/state   -> off
`);
  });
}
