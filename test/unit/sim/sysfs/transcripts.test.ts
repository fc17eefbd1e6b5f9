// The exercise of ../shared/damon/real-kernel-transcripts.txt, replayed line by line against the
// simulated sysfs of each generation: §A (7.3.4) and §C (6.12.117) verbatim, 7.2 and 6.18 as the
// §D and §E diffs change §A. 7.0 and 7.1 were only probed for files (§G) and tried_regions
// names (§F); they get §E's pre-7.2 answers with their own files. Lines whose answers are the
// real guest's numbers (pids, stats, region addresses) are left out; other tests cover them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, type KernelGeneration } from '../../../../src/damon/sysfs-layout';
import { DAEMON_PID, TARGET_EXIT_S, TARGET_PID, simulated } from './fixtures';
import { replay, sh } from './shell';

const ctx = 'kdamonds/0/contexts/0';

/** §A step 1 (no regions yet, so the stats stay 0 as on the real paddr kdamond). */
function step1(gen: KernelGeneration): string {
  const has = (since: KernelGeneration, line: string): string => (atLeast(gen, since) ? line : '');
  return `
$ cat kdamonds/nr_kdamonds   -> 0
$ echo 1 > kdamonds/nr_kdamonds   -> ok
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
$ echo 1 > kdamonds/0/contexts/nr_contexts   -> ok
$ cat kdamonds/0/contexts/0/avail_operations   -> vaddr|fvaddr|paddr
$ cat kdamonds/0/contexts/0/operations   -> vaddr
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo 5000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 100000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo 1000000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/update_us   -> ok
$ echo 10 > kdamonds/0/contexts/0/monitoring_attrs/nr_regions/min   -> ok
$ echo 1000 > kdamonds/0/contexts/0/monitoring_attrs/nr_regions/max   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/nr_targets   -> ok
$ cat kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> 0
$ echo 1 > kdamonds/0/contexts/0/schemes/nr_schemes   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/action   -> stat
$ cat kdamonds/0/contexts/0/schemes/0/apply_interval_us   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/target_nid   -> -1
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/sz/min   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/nr_accesses/min   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/nr_accesses/max   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/age/min   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/age/max   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/quotas/ms   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/quotas/bytes   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/quotas/reset_interval_ms   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/watermarks/metric   -> none
$ echo stat > kdamonds/0/contexts/0/schemes/0/action   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/action   -> stat
$ echo 18446744073709551615 > kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max   -> ok
$ echo 4294967295 > kdamonds/0/contexts/0/schemes/0/access_pattern/nr_accesses/max   -> ok
$ echo 4294967295 > kdamonds/0/contexts/0/schemes/0/access_pattern/age/max   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max   -> 18446744073709551615
$ echo 18446744073709551616 > kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max   -> FAIL: Numerical result out of range
$ echo 10 > kdamonds/0/contexts/0/schemes/0/access_pattern/sz/min   -> ok
$ echo 0 > kdamonds/0/contexts/0/schemes/0/access_pattern/sz/min   -> ok
$ echo on > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo update_schemes_stats > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_tried   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/sz_tried   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_applied   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/sz_applied   -> 0
${has('6.18', '$ cat kdamonds/0/contexts/0/schemes/0/stats/sz_ops_filter_passed   -> 0')}
$ cat kdamonds/0/contexts/0/schemes/0/stats/qt_exceeds   -> 0
${has('7.0', '$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_snapshots   -> 0')}
${has('7.0', '$ cat kdamonds/0/contexts/0/schemes/0/stats/max_nr_snapshots   -> 0')}
$ echo update_schemes_tried_bytes > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/tried_regions/total_bytes   -> 0
$ echo update_schemes_tried_regions > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/tried_regions/total_bytes   -> 0
$ echo clear_schemes_tried_regions > kdamonds/0/state   -> ok
$ echo update_schemes_effective_quotas > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/quotas/effective_bytes   -> 0
$ echo update_tuned_intervals > kdamonds/0/state   -> ${atLeast(gen, '6.18') ? 'ok' : 'FAIL: Invalid argument'}
$ cat kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> 5000
$ cat kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> 100000
$ cat kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> 0
`;
}

/** §A/§C step 2: bad writes while running (identical on every kernel). */
const STEP2 = `
$ echo 2 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 0 > kdamonds/nr_kdamonds   -> FAIL: Device or resource busy
$ echo 2 > kdamonds/0/contexts/nr_contexts   -> FAIL: Invalid argument
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo bogus > kdamonds/0/state   -> FAIL: Invalid argument
$ echo  > kdamonds/0/state   -> ok
$ echo bogus > kdamonds/0/contexts/0/operations   -> FAIL: Invalid argument
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo abc > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> FAIL: Invalid argument
$ echo -1 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> 5000
$ echo abc > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> FAIL: Invalid argument
$ echo notanaction > kdamonds/0/contexts/0/schemes/0/action   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/schemes/0/action   -> stat
$ echo 1 > kdamonds/0/contexts/0/schemes/0/quotas/goals/nr_goals   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/quotas/goals/0/target_metric   -> user_input
$ echo bogus > kdamonds/0/contexts/0/schemes/0/quotas/goals/0/target_metric   -> FAIL: Invalid argument
$ echo 0 > kdamonds/0/contexts/0/schemes/0/quotas/goals/nr_goals   -> ok
`;

/** §A step 3 (6.18+): an invalid online commit is refused and the kdamond keeps running. */
const STEP3 = `
$ echo 200000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo 100000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 50000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ echo 5000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 100000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> ok
`;

/** §A step 4 (7.2+): pause. */
const STEP4_PAUSE = `
$ cat kdamonds/0/contexts/0/pause   -> N
$ echo Y > kdamonds/0/contexts/0/pause   -> ok
$ cat kdamonds/0/contexts/0/pause   -> Y
$ cat kdamonds/0/state   -> on
$ echo commit > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/pause   -> Y
$ echo N > kdamonds/0/contexts/0/pause   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/pause   -> N
$ echo 1 > kdamonds/0/contexts/0/pause   -> ok
$ echo 0 > kdamonds/0/contexts/0/pause   -> ok
$ echo maybe > kdamonds/0/contexts/0/pause   -> FAIL: Invalid argument
`;

/** §A steps 4 (refresh_ms), 4b and 4c, running. */
const STEP4BC = `
$ cat kdamonds/0/refresh_ms   -> 0
$ echo 100 > kdamonds/0/refresh_ms   -> ok
$ echo update_schemes_stats > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_tried   -> 0
$ echo update_schemes_tried_regions > kdamonds/0/state   -> ok
$ cat kdamonds/0/contexts/0/schemes/0/tried_regions/total_bytes   -> 0
$ cat kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> 0
$ echo 1 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo 1048576 > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo 1073610752 > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ echo update_schemes_stats > kdamonds/0/state   -> ok
$ echo update_schemes_tried_regions > kdamonds/0/state   -> ok
`;

const STEP4C_BAD = `
$ echo 1073610752 > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo 1048576 > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
`;

/** §A step 5; §D/§E: `off` while off is EPERM before 7.3; calls on a stopped kdamond are EINVAL before 7.2. */
function step5(gen: KernelGeneration): string {
  const offAgain = atLeast(gen, '7.3') ? 'ok' : 'FAIL: Operation not permitted';
  const stopped = atLeast(gen, '7.2') ? 'FAIL: Operation canceled' : 'FAIL: Invalid argument';
  return `
$ echo off > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
$ echo off > kdamonds/0/state   -> ${offAgain}
$ echo update_schemes_stats > kdamonds/0/state   -> ${stopped}
$ echo commit > kdamonds/0/state   -> ${stopped}
`;
}

/** §A step 6 up to "killing target"; the guest's pid is the workload's. */
const STEP6 = `
$ echo vaddr > kdamonds/0/contexts/0/operations   -> ok
$ echo ${TARGET_PID} > kdamonds/0/contexts/0/targets/0/pid_target   -> ok
$ echo 0 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo stat > kdamonds/0/contexts/0/schemes/0/action   -> ok
$ echo on > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo update_schemes_tried_regions > kdamonds/0/state   -> ok
$ echo update_schemes_stats > kdamonds/0/state   -> ok
`;

/** §A step 6 after the target exited, then steps 7, 8 and 8b. */
function step6to8(gen: KernelGeneration): string {
  return `
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
$ echo off > kdamonds/0/state   -> ${atLeast(gen, '7.3') ? 'ok' : 'FAIL: Operation not permitted'}
$ echo 99999 > kdamonds/0/contexts/0/targets/0/pid_target   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/state   -> off
$ echo fvaddr > kdamonds/0/contexts/0/operations   -> ok
$ echo ${DAEMON_PID} > kdamonds/0/contexts/0/targets/0/pid_target   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo 4096 > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo 8192 > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo on > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo off > kdamonds/0/state   -> ok
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo 0 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo on > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo 0 > kdamonds/0/contexts/nr_contexts   -> ok
$ cat kdamonds/0/state   -> on
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ echo off > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> off
`;
}

/** §A step 9 (6.18+; damon_stat enabled makes `on` EBUSY). */
const STEP9 = `
$ echo Y > /sys/module/damon_stat/parameters/enabled   -> ok
$ echo 1 > kdamonds/nr_kdamonds   -> ok
$ echo 1 > kdamonds/0/contexts/nr_contexts   -> ok
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/nr_targets   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo N > /sys/module/damon_stat/parameters/enabled   -> ok
$ echo on > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo off > kdamonds/0/state   -> ok
$ echo Y > /sys/module/damon_reclaim/parameters/enabled   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo N > /sys/module/damon_reclaim/parameters/enabled   -> ok
$ cat /sys/module/damon_reclaim/parameters/enabled   -> N
$ cat /sys/module/damon_stat/parameters/enabled   -> N
$ echo 0 > kdamonds/nr_kdamonds   -> ok
$ cat kdamonds/nr_kdamonds   -> 0
`;

async function nrTried(fs: Parameters<typeof sh>[0]): Promise<number> {
  assert.equal(await sh(fs, 'echo update_schemes_stats > kdamonds/0/state'), 'ok');
  return Number(await sh(fs, `cat ${ctx}/schemes/0/stats/nr_tried`));
}

for (const gen of ['7.3', '7.2', '7.1', '7.0', '6.18'] as const) {
  const source = { '7.3': '§A', '7.2': '§A with §D', '7.1': 'inferred: §E answers, §G files', '7.0': 'inferred: §E answers, §G files', '6.18': '§A with §E' }[gen];
  test(`${gen}: the transcript exercise, steps 1-9 (${source})`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, step1(gen) + STEP2 + STEP3);
    if (atLeast(gen, '7.2')) await replay(fs, STEP4_PAUSE);
    await replay(fs, STEP4BC);
    // 4c: with the RAM region committed the stat scheme tries regions (§A: nr_tried 190 after ~2 s).
    kernel.advance(2e6);
    assert.ok((await nrTried(fs)) > 0);
    assert.ok(Number(await sh(fs, `cat ${ctx}/schemes/0/stats/sz_tried`)) > 0);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
    assert.ok((await fs.list(`${ctx}/schemes/0/tried_regions`)).length > 1);
    assert.ok(Number(await sh(fs, `cat ${ctx}/schemes/0/tried_regions/total_bytes`)) > 0);
    await replay(fs, STEP4C_BAD + step5(gen) + STEP6);
    // "killing target": the process exits; the kdamond notices at its next iteration.
    kernel.runUntil(TARGET_EXIT_S * 1e6 + 1e5);
    await replay(fs, step6to8(gen) + STEP9);
  });
}

/** §C verbatim (6.12.117), with the guest's pids replaced by the workload's (713 -> 742, 162 -> 108). */
const SECTION_C_3_TO_5 = `
$ echo 200000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ cat kdamonds/0/state   -> on
$ echo 100000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 50000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> ok
$ echo 5000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us   -> ok
$ echo 100000 > kdamonds/0/contexts/0/monitoring_attrs/intervals/aggr_us   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/refresh_ms   -> cat: /sys/kernel/mm/damon/admin/kdamonds/0/refresh_ms: No such file or directory
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_tried   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/sz_tried   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_applied   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/sz_applied   -> 0
$ cat kdamonds/0/contexts/0/schemes/0/stats/qt_exceeds   -> 0
$ echo update_schemes_tried_regions > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/schemes/0/tried_regions/total_bytes   -> 0
$ cat kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> 0
$ echo 1 > kdamonds/0/contexts/0/targets/0/regions/nr_regions   -> ok
$ echo 1048576 > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo 2147352576 > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/schemes/0/stats/nr_tried   -> 0
$ echo update_schemes_tried_regions > kdamonds/0/state   -> FAIL: Invalid argument
$ cat kdamonds/0/contexts/0/schemes/0/tried_regions/total_bytes   -> 0
$ echo 2147352576 > kdamonds/0/contexts/0/targets/0/regions/0/start   -> ok
$ echo 1048576 > kdamonds/0/contexts/0/targets/0/regions/0/end   -> ok
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
$ echo off > kdamonds/0/state   -> FAIL: Operation not permitted
$ cat kdamonds/0/state   -> off
$ cat kdamonds/0/pid   -> -1
$ echo off > kdamonds/0/state   -> FAIL: Operation not permitted
$ echo update_schemes_stats > kdamonds/0/state   -> FAIL: Invalid argument
$ echo commit > kdamonds/0/state   -> FAIL: Invalid argument
`;

const SECTION_C_9 = `
$ echo Y > /sys/module/damon_stat/parameters/enabled   -> FAIL: No such file or directory
$ echo 1 > kdamonds/nr_kdamonds   -> ok
$ echo 1 > kdamonds/0/contexts/nr_contexts   -> ok
$ echo paddr > kdamonds/0/contexts/0/operations   -> ok
$ echo 1 > kdamonds/0/contexts/0/targets/nr_targets   -> ok
$ echo on > kdamonds/0/state   -> ok
$ echo N > /sys/module/damon_stat/parameters/enabled   -> FAIL: No such file or directory
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ cat kdamonds/0/state   -> on
$ echo off > kdamonds/0/state   -> ok
$ echo Y > /sys/module/damon_reclaim/parameters/enabled   -> ok
$ echo on > kdamonds/0/state   -> FAIL: Device or resource busy
$ echo N > /sys/module/damon_reclaim/parameters/enabled   -> ok
$ cat /sys/module/damon_reclaim/parameters/enabled   -> N
$ echo 0 > kdamonds/nr_kdamonds   -> ok
$ cat kdamonds/nr_kdamonds   -> 0
`;

test('6.12: the transcript exercise, steps 1-9 (§C; an invalid commit "succeeds" and kills the kdamond)', async () => {
  const { fs, kernel } = simulated('6.12');
  await replay(fs, step1('6.12') + STEP2 + SECTION_C_3_TO_5);
  // §C: `echo 100 > refresh_ms` got EACCES from the shell's O_CREAT; without O_CREAT (as RealFs opens) it is ENOENT.
  assert.equal(await sh(fs, 'echo 100 > kdamonds/0/refresh_ms'), 'ENOENT');
  await replay(fs, STEP6);
  kernel.runUntil(TARGET_EXIT_S * 1e6 + 1e5);
  await replay(fs, step6to8('6.12') + SECTION_C_9);
});
