// kdamonds/<K>/refresh_ms (6.17+): a non-zero value makes the kdamond refresh the stats,
// effective quotas and tuned intervals files by itself (KERNEL-NOTES §1.2); 6.12 has no file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { PADDR_STAT_ON, simulated } from './fixtures';
import { replay, sh } from './shell';

const S = 'kdamonds/0/contexts/0/schemes/0';

for (const gen of KERNEL_GENERATIONS.filter((g) => atLeast(g, '6.18'))) {
  test(`${gen}: refresh_ms refreshes the stats without update_schemes_stats; 0 stops it (read live)`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    kernel.advance(1e6);
    assert.equal(await sh(fs, `cat ${S}/stats/nr_tried`), '0');
    assert.equal(await sh(fs, 'echo 100 > kdamonds/0/refresh_ms'), 'ok');
    kernel.advance(500e3);
    const first = Number(await sh(fs, `cat ${S}/stats/nr_tried`));
    assert.ok(first > 0);
    kernel.advance(500e3);
    const second = Number(await sh(fs, `cat ${S}/stats/nr_tried`));
    assert.ok(second > first);
    assert.equal(await sh(fs, 'echo 0 > kdamonds/0/refresh_ms'), 'ok');
    kernel.advance(500e3);
    assert.equal(Number(await sh(fs, `cat ${S}/stats/nr_tried`)), second);
  });
}

test('6.12: there is no refresh_ms (§C: No such file or directory)', async () => {
  const { fs } = simulated('6.12');
  await replay(fs, PADDR_STAT_ON);
  assert.equal(await fs.exists('kdamonds/0/refresh_ms'), false);
});
