// Pause and resume through sysfs (7.2+), as checked on a real 7.3.4 kernel
// (../shared/damon/real-kernel-pause-7.3.4.txt) and §A step 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PADDR_STAT_ON, PADDR_STAT_SETUP, PAUSE_GENERATIONS, TARGET_EXIT_S, VADDR_STAT_ON, simulated } from './fixtures';
import { replay, sh } from './shell';

const C = 'kdamonds/0/contexts/0';

async function stats(fs: ReturnType<typeof simulated>['fs']): Promise<string> {
  assert.equal(await sh(fs, 'echo update_schemes_stats > kdamonds/0/state'), 'ok');
  return `${await sh(fs, `cat ${C}/schemes/0/stats/nr_tried`)}/${await sh(fs, `cat ${C}/schemes/0/stats/sz_tried`)}`;
}

for (const gen of PAUSE_GENERATIONS) {
  test(`${gen}: while paused stats freeze and tried-regions updates are ECANCELED; commits work; resume advances`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    kernel.advance(1.5e6);
    assert.notEqual(await stats(fs), '0/0');
    assert.equal(await sh(fs, `echo Y > ${C}/pause`), 'ok');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), 'ok');
    const paused = await stats(fs);
    kernel.advance(1.5e6);
    assert.equal(await stats(fs), paused, 'FROZEN');
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ECANCELED');
    assert.deepEqual(await fs.list(`${C}/schemes/0/tried_regions`), ['total_bytes']);
    assert.equal(await sh(fs, 'echo update_schemes_tried_bytes > kdamonds/0/state'), 'ECANCELED');
    assert.equal(await sh(fs, `echo 10000 > ${C}/monitoring_attrs/intervals/sample_us`), 'ok');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), 'ok');
    assert.equal(await sh(fs, `cat ${C}/pause`), 'Y');
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'on');
    assert.equal(kernel.kdamonds[0].paused, true);
    assert.equal(await sh(fs, `echo N > ${C}/pause`), 'ok');
    assert.equal(await sh(fs, 'echo commit > kdamonds/0/state'), 'ok');
    kernel.advance(1.5e6);
    assert.notEqual(await stats(fs), paused);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
    assert.ok(Number(await sh(fs, `cat ${C}/schemes/0/tried_regions/total_bytes`)) > 0);
    assert.equal(await sh(fs, 'echo off > kdamonds/0/state'), 'ok');
  });

  test(`${gen}: a paused vaddr kdamond still stops when its target exits; resuming it then is ECANCELED`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, `${VADDR_STAT_ON}$ echo Y > ${C}/pause   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
`);
    kernel.runUntil(TARGET_EXIT_S * 1e6 + 1e5);
    await replay(fs, `
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
$ echo N > ${C}/pause   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Operation canceled
$ echo off > kdamonds/0/state   -> ${gen === '7.3' ? 'ok' : 'FAIL: Operation not permitted'}
$ echo 0 > kdamonds/nr_kdamonds   -> ok
`);
  });

  test(`${gen}: pause written before on starts the kdamond paused (KERNEL-NOTES §2.2)`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, `${PADDR_STAT_SETUP}
$ echo Y > ${C}/pause   -> ok
$ echo on > kdamonds/0/state   -> ok
`);
    kernel.advance(1e6);
    assert.equal(kernel.kdamonds[0].paused, true);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ECANCELED');
  });
}
