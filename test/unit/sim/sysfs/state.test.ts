// kdamonds/<K>/state: every keyword with each generation's errno answers (transcripts §A, §C,
// §D, §E; FINDINGS §3). 7.0 and 7.1 take §E's pre-7.2 answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { STATE_KEYWORDS } from '../../../../src/sim/sysfs';
import { PADDR_STAT_ON, PADDR_STAT_SETUP, simulated } from './fixtures';
import { replay, sh } from './shell';

const CALLS = STATE_KEYWORDS.filter((k) => k !== 'on' && k !== 'off');
const IV = 'kdamonds/0/contexts/0/monitoring_attrs/intervals';

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: every keyword is accepted while running (update_tuned_intervals is EINVAL on 6.12, §C 1)`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    for (const word of CALLS) {
      const want = word === 'update_tuned_intervals' && !atLeast(gen, '6.18') ? 'EINVAL' : 'ok';
      assert.equal(await sh(fs, `echo ${word} > kdamonds/0/state`), want, word);
    }
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'on');
  });

  test(`${gen}: on while on EBUSY, bogus EINVAL, empty write ok; state and pid read back (§A/§C 2)`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    const pid = Number(await sh(fs, 'cat kdamonds/0/pid'));
    assert.ok(pid > 0 && kernel.kdamonds[0].pid === pid);
    await replay(fs, `
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo bogus > kdamonds/0/state   -> FAIL: Invalid argument
$ echo  > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo off > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
`);
  });

  test(`${gen}: a stopped kdamond: off is ${atLeast(gen, '7.3') ? 'ok' : 'EPERM'}, calls are ${atLeast(gen, '7.2') ? 'ECANCELED' : 'EINVAL'} (§A/§C 5, §D, §E)`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    assert.equal(await sh(fs, 'echo off > kdamonds/0/state'), 'ok');
    assert.equal(await sh(fs, 'echo off > kdamonds/0/state'), atLeast(gen, '7.3') ? 'ok' : 'EPERM');
    for (const word of CALLS) {
      let want = atLeast(gen, '7.2') ? 'ECANCELED' : 'EINVAL';
      // Clearing is done in sysfs alone since damon_call() (6.14); 6.12 hands it to the kdamond.
      if (word === 'clear_schemes_tried_regions' && atLeast(gen, '6.18')) want = 'ok';
      if (word === 'update_tuned_intervals' && !atLeast(gen, '6.18')) want = 'EINVAL';
      assert.equal(await sh(fs, `echo ${word} > kdamonds/0/state`), want, word);
    }
    assert.equal(await sh(fs, 'echo on > kdamonds/0/state'), 'ok');
  });

  test(`${gen}: a kdamond never started: off and calls are EINVAL (no damon_ctx); on needs exactly one context`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, PADDR_STAT_SETUP);
    for (const word of ['off', ...CALLS.filter((w) => w !== 'clear_schemes_tried_regions')]) {
      assert.equal(await sh(fs, `echo ${word} > kdamonds/0/state`), 'EINVAL', word);
    }
    assert.equal(await sh(fs, 'echo 0 > kdamonds/0/contexts/nr_contexts'), 'ok');
    assert.equal(await sh(fs, 'echo on > kdamonds/0/state'), 'EINVAL');
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'off');
  });

  const kills = !atLeast(gen, '6.18');
  test(`${gen}: an invalid online commit ${kills ? '"succeeds" and kills the kdamond (§C 3)' : 'is EINVAL and the kdamond keeps running (§A 3)'}`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    const pid = await sh(fs, 'cat kdamonds/0/pid');
    await fs.write(`${IV}/sample_us`, '100000\n');
    await fs.write(`${IV}/aggr_us`, '50000\n');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), kills ? 'ok' : 'EINVAL');
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), kills ? 'off' : 'on');
    assert.equal(await sh(fs, 'cat kdamonds/0/pid'), kills ? '-1' : pid);
    await fs.write(`${IV}/sample_us`, '5000\n');
    await fs.write(`${IV}/aggr_us`, '100000\n');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), kills ? 'EINVAL' : 'ok');
  });

  test(`${gen}: files are staged: the running kdamond sees a value only after commit`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    const running = (): number | undefined => kernel.kdamonds[0].ctx?.attrs.aggr_us;
    await fs.write(`${IV}/aggr_us`, '200000\n');
    kernel.advance(500e3);
    assert.equal(running(), 100000);
    assert.equal(await sh(fs, `cat ${IV}/aggr_us`), '200000');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), 'ok');
    assert.equal(running(), 200000);
  });

  if (atLeast(gen, '6.18')) {
    test(`${gen}: update_tuned_intervals writes the running intervals over the staged ones`, async () => {
      const { fs } = simulated(gen);
      await replay(fs, PADDR_STAT_ON);
      await fs.write(`${IV}/aggr_us`, '300000\n');
      assert.equal(await sh(fs, 'echo update_tuned_intervals > kdamonds/0/state'), 'ok');
      assert.equal(await sh(fs, `cat ${IV}/aggr_us`), '100000');
    });
  }
}

test('a failed `on` drops the previous context, so `off` is then EINVAL (damon_sysfs_turn_damon_on())', async () => {
  const { fs } = simulated('7.3');
  await replay(fs, `${PADDR_STAT_ON}
$ echo off > kdamonds/0/state   -> ok
$ echo 2 > kdamonds/0/contexts/0/monitoring_attrs/nr_regions/min   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Invalid argument
$ echo off > kdamonds/0/state   -> FAIL: Invalid argument
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Invalid argument
`);
});

test('commit_schemes_quota_goals commits the user_input goal values to the running schemes', async () => {
  const { fs, kernel } = simulated('7.3');
  await replay(fs, `${PADDR_STAT_ON}
$ echo 1 > kdamonds/0/contexts/0/schemes/0/quotas/goals/nr_goals   -> ok
$ echo commit_schemes_quota_goals > kdamonds/0/state   -> FAIL: Invalid argument
$ echo 100 > kdamonds/0/contexts/0/schemes/0/quotas/goals/0/target_value   -> ok
$ echo 42 > kdamonds/0/contexts/0/schemes/0/quotas/goals/0/current_value   -> ok
$ echo commit_schemes_quota_goals > kdamonds/0/state   -> ok
`);
  assert.equal(kernel.kdamonds[0].ctx?.schemes[0].goals[0].current_value, 42);
});

test('two kdamonds run side by side and answer for themselves', async () => {
  const { fs } = simulated('7.3');
  await fs.write('kdamonds/nr_kdamonds', '2');
  const setup = PADDR_STAT_SETUP.replace(/^\$ echo 1 > kdamonds\/nr_kdamonds.*$/m, '');
  await replay(fs, setup);
  await replay(fs, setup.replaceAll('kdamonds/0/', 'kdamonds/1/'));
  await replay(fs, `
$ echo on > kdamonds/1/state   -> ok
$ cat kdamonds/0/state   -> off
$ cat kdamonds/1/state   -> on
$ echo on > kdamonds/0/state   -> ok
$ echo off > kdamonds/1/state   -> ok
$ echo 1 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ cat kdamonds/0/state   -> on
`);
  assert.notEqual(await sh(fs, 'cat kdamonds/0/pid'), '-1');
});
