// vaddr targets and the machine's processes (§A/§C steps 6-7): a pid with no process is EINVAL
// on `on`; when the target process exits the kdamond stops by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { PADDR_STAT_SETUP, TARGET_EXIT_S, VADDR_STAT_ON, simulated } from './fixtures';
import { replay, sh } from './shell';

const C = 'kdamonds/0/contexts/0';

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: vaddr on a pid with no process is EINVAL; the kdamond stays off (§A/§C 7)`, async () => {
    const { fs } = simulated(gen);
    await replay(fs, `${PADDR_STAT_SETUP}
$ echo vaddr > ${C}/operations   -> ok
$ echo 0 > ${C}/targets/0/regions/nr_regions   -> ok
$ echo 99999 > ${C}/targets/0/pid_target   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
`);
  });

  test(`${gen}: when the target process exits the kdamond stops by itself (state off, pid -1; §A/§C 6)`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, `${VADDR_STAT_ON}$ echo update_schemes_tried_regions > kdamonds/0/state   -> ok
`);
    assert.ok((await fs.list(`${C}/schemes/0/tried_regions`)).length > 1);
    kernel.runUntil(TARGET_EXIT_S * 1e6 - 1e5);
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'on');
    kernel.runUntil(TARGET_EXIT_S * 1e6 + 1e5);
    assert.equal(await sh(fs, 'cat kdamonds/0/state'), 'off');
    assert.equal(await sh(fs, 'cat kdamonds/0/pid'), '-1');
    assert.equal(await sh(fs, 'echo off > kdamonds/0/state'), atLeast(gen, '7.3') ? 'ok' : 'EPERM');
    assert.equal(await sh(fs, 'echo 0 > kdamonds/nr_kdamonds'), 'ok');
  });
}
