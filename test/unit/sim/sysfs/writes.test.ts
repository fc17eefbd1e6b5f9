// Writes parse as the kernel's store() functions do (kstrto*, kstrtobool, sysfs_streq keywords);
// answers from §A/§C step 1-2 and FINDINGS §3, identical on every generation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { simulated } from './fixtures';
import { sh } from './shell';

const C = 'kdamonds/0/contexts/0';
const S = `${C}/schemes/0`;

async function withScheme(gen: (typeof KERNEL_GENERATIONS)[number]): Promise<ReturnType<typeof simulated>['fs']> {
  const { fs } = simulated(gen);
  for (const [path, v] of [['kdamonds/nr_kdamonds', 1], ['kdamonds/0/contexts/nr_contexts', 1], [`${C}/schemes/nr_schemes`, 1], [`${C}/targets/nr_targets`, 1],
    [`${S}/quotas/goals/nr_goals`, 1], [`${S}/filters/nr_filters`, 1]] as const) {
    await fs.write(path, `${v}\n`);
  }
  return fs;
}

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: numbers parse with kstrtoul: text and negatives EINVAL, past 2^64-1 ERANGE, the old value kept (§A/§C 1-2)`, async () => {
    const fs = await withScheme(gen);
    const sample = `${C}/monitoring_attrs/intervals/sample_us`;
    assert.equal(await sh(fs, `echo abc > ${sample}`), 'EINVAL');
    assert.equal(await sh(fs, `echo -1 > ${sample}`), 'EINVAL');
    assert.equal(await sh(fs, `echo 18446744073709551616 > ${sample}`), 'ERANGE');
    assert.equal(await sh(fs, `cat ${sample}`), '5000');
    assert.equal(await sh(fs, `echo 0x10 > ${sample}`), 'ok');
    assert.equal(await sh(fs, `cat ${sample}`), '16');
    assert.equal(await sh(fs, `echo 18446744073709551615 > ${S}/access_pattern/sz/max`), 'ok');
    assert.equal(await sh(fs, `cat ${S}/access_pattern/sz/max`), '18446744073709551615');
    assert.equal(await sh(fs, `echo 18446744073709551616 > ${S}/access_pattern/sz/max`), 'ERANGE');
    // int files take negatives (target_nid defaults to NUMA_NO_NODE).
    assert.equal(await sh(fs, `cat ${S}/target_nid`), '-1');
    assert.equal(await sh(fs, `echo -1 > ${C}/targets/0/pid_target`), 'ok');
    assert.equal(await sh(fs, `echo 2147483648 > ${C}/targets/0/pid_target`), 'ERANGE');
    // unsigned int files stop at 2^32-1.
    assert.equal(await sh(fs, `echo 4294967296 > ${S}/quotas/weights/sz_permil`), 'ERANGE');
  });

  test(`${gen}: bogus keywords are EINVAL: operations, action, target_metric, watermarks metric, filter type (§A/§C 2)`, async () => {
    const fs = await withScheme(gen);
    assert.equal(await sh(fs, `echo bogus > ${C}/operations`), 'EINVAL');
    assert.equal(await sh(fs, `echo notanaction > ${S}/action`), 'EINVAL');
    assert.equal(await sh(fs, `cat ${S}/action`), 'stat');
    assert.equal(await sh(fs, `echo bogus > ${S}/quotas/goals/0/target_metric`), 'EINVAL');
    assert.equal(await sh(fs, `echo bogus > ${S}/watermarks/metric`), 'EINVAL');
    assert.equal(await sh(fs, `echo free_mem_rate > ${S}/watermarks/metric`), 'ok');
    assert.equal(await sh(fs, `echo bogus > ${S}/filters/0/type`), 'EINVAL');
    for (const action of ['pageout', 'lru_prio', 'migrate_cold', 'stat']) assert.equal(await sh(fs, `echo ${action} > ${S}/action`), 'ok');
    for (const ops of ['vaddr', 'fvaddr', 'paddr']) assert.equal(await sh(fs, `echo ${ops} > ${C}/operations`), 'ok');
    assert.equal(await sh(fs, `cat ${C}/operations`), 'paddr');
  });

  test(`${gen}: booleans take y/n/1/0/on/off, read back Y/N; other text is EINVAL`, async () => {
    const fs = await withScheme(gen);
    const matching = `${S}/filters/0/matching`;
    for (const [v, read] of [['Y', 'Y'], ['n', 'N'], ['1', 'Y'], ['0', 'N'], ['on', 'Y'], ['off', 'N']]) {
      assert.equal(await sh(fs, `echo ${v} > ${matching}`), 'ok');
      assert.equal(await sh(fs, `cat ${matching}`), read);
    }
    assert.equal(await sh(fs, `echo maybe > ${matching}`), 'EINVAL');
  });

  test(`${gen}: pause exists from 7.2 on: Y/N/1/0 accepted, \`maybe\` EINVAL, reads Y/N (§A 4; absent in §E and §C)`, async () => {
    const fs = await withScheme(gen);
    if (!atLeast(gen, '7.2')) {
      assert.equal(await fs.exists(`${C}/pause`), false);
      assert.equal(await sh(fs, `echo Y > ${C}/pause`), 'ENOENT');
      return;
    }
    assert.equal(await sh(fs, `cat ${C}/pause`), 'N');
    assert.equal(await sh(fs, `echo Y > ${C}/pause`), 'ok');
    assert.equal(await sh(fs, `cat ${C}/pause`), 'Y');
    assert.equal(await sh(fs, `echo 0 > ${C}/pause`), 'ok');
    assert.equal(await sh(fs, `cat ${C}/pause`), 'N');
    assert.equal(await sh(fs, `echo 1 > ${C}/pause`), 'ok');
    assert.equal(await sh(fs, `echo maybe > ${C}/pause`), 'EINVAL');
    assert.equal(await sh(fs, `cat ${C}/pause`), 'Y');
  });

  test(`${gen}: files of later generations are absent, the present ones check their values`, async () => {
    const fs = await withScheme(gen);
    const has = async (path: string): Promise<boolean> => fs.exists(path);
    assert.equal(await has(`${C}/addr_unit`), atLeast(gen, '6.18'));
    if (atLeast(gen, '6.18')) {
      assert.equal(await sh(fs, `echo 0 > ${C}/addr_unit`), 'EINVAL');
      assert.equal(await sh(fs, `cat ${C}/addr_unit`), '1');
      // core_filters/ takes only core-handled types, ops_filters/ only ops-handled ones.
      await fs.write(`${S}/core_filters/nr_filters`, '1');
      await fs.write(`${S}/ops_filters/nr_filters`, '1');
      assert.equal(await sh(fs, `echo anon > ${S}/core_filters/0/type`), 'EINVAL');
      assert.equal(await sh(fs, `echo addr > ${S}/core_filters/0/type`), 'ok');
      assert.equal(await sh(fs, `echo addr > ${S}/ops_filters/0/type`), 'EINVAL');
      assert.equal(await sh(fs, `echo hugepage_size > ${S}/ops_filters/0/type`), 'ok');
    }
    // hugepage_size, unmapped and active filters came with 6.15.
    assert.equal(await sh(fs, `echo hugepage_size > ${S}/filters/0/type`), atLeast(gen, '6.18') ? 'ok' : 'EINVAL');
    assert.equal(await sh(fs, `echo target > ${S}/filters/0/type`), 'ok');
    assert.equal(await sh(fs, `echo node_mem_used_bp > ${S}/quotas/goals/0/target_metric`), atLeast(gen, '6.18') ? 'ok' : 'EINVAL');
    assert.equal(await has(`${C}/targets/0/obsolete_target`), atLeast(gen, '7.0'));
    assert.equal(await has(`${S}/quotas/goal_tuner`), atLeast(gen, '7.1'));
    if (atLeast(gen, '7.1')) {
      assert.equal(await sh(fs, `cat ${S}/quotas/goal_tuner`), 'consist');
      assert.equal(await sh(fs, `echo temporal > ${S}/quotas/goal_tuner`), 'ok');
      assert.equal(await sh(fs, `echo bogus > ${S}/quotas/goal_tuner`), 'EINVAL');
    }
    if (atLeast(gen, '7.2')) {
      assert.equal(await sh(fs, `echo 5 > ${C}/monitoring_attrs/probes/nr_probes`), 'EINVAL');
      assert.equal(await sh(fs, `echo 4 > ${C}/monitoring_attrs/probes/nr_probes`), 'ok');
    }
    assert.equal(await sh(fs, `echo /app > ${S}/filters/0/memcg_path`), 'ok');
    assert.equal(await sh(fs, `cat ${S}/filters/0/memcg_path`), '/app');
  });
}

test('a zero-length write stores nothing; "\\n" alone is not a number (§A 2: `echo  > state` -> ok)', async () => {
  const fs = await withScheme('7.3');
  await fs.write(`${C}/monitoring_attrs/intervals/sample_us`, '');
  assert.equal(await sh(fs, `cat ${C}/monitoring_attrs/intervals/sample_us`), '5000');
  await assert.rejects(fs.write(`${C}/monitoring_attrs/intervals/sample_us`, '\n'), { code: 'EINVAL' });
});
