// schemes/<S>/tried_regions after update_schemes_tried_regions: names 0..N-1 on 6.12 and 7.2+,
// non-contiguous and shifting on 6.18–7.1 (transcripts §F; FINDINGS §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_GENERATIONS, atLeast } from '../../../../src/damon/sysfs-layout';
import { PADDR_STAT_ON, RAM_END, RAM_START, simulated } from './fixtures';
import { replay, sh } from './shell';

const T = 'kdamonds/0/contexts/0/schemes/0/tried_regions';

async function names(fs: ReturnType<typeof simulated>['fs']): Promise<number[]> {
  return (await fs.list(T)).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
}

for (const gen of KERNEL_GENERATIONS) {
  const shifting = atLeast(gen, '6.18') && !atLeast(gen, '7.2');
  test(`${gen}: three successive updates name the region dirs ${shifting ? 'base, base+2, … with base growing by the count (§F)' : '0..N-1 (§F)'}`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    kernel.advance(1e6);
    let base = 0;
    for (let k = 0; k < 3; k++) {
      assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
      const got = await names(fs);
      assert.ok(got.length >= 3, `try ${k + 1}: ${got.length} regions`);
      const want = got.map((_, i) => (shifting ? base + 2 * i : i));
      assert.deepEqual(got, want, `try ${k + 1}`);
      base += got.length;
      kernel.advance(300e3);
    }
  });

  test(`${gen}: tried region files describe the regions, total_bytes sums them; tried_bytes and clear`, async () => {
    const { fs, kernel } = simulated(gen);
    await replay(fs, PADDR_STAT_ON);
    kernel.advance(1e6);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
    const dirs = (await fs.list(T)).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
    let sum = 0;
    let prevEnd = RAM_START;
    for (const d of dirs) {
      const files = await fs.list(`${T}/${d}`);
      assert.deepEqual(files, atLeast(gen, '6.18') ? ['age', 'end', 'nr_accesses', 'start', 'sz_filter_passed'] : ['age', 'end', 'nr_accesses', 'start']);
      const start = Number(await sh(fs, `cat ${T}/${d}/start`));
      const end = Number(await sh(fs, `cat ${T}/${d}/end`));
      assert.ok(start >= prevEnd && end > start && end <= RAM_END, `${d}: ${start}-${end}`);
      prevEnd = end;
      sum += end - start;
    }
    assert.equal(Number(await sh(fs, `cat ${T}/total_bytes`)), sum);
    assert.equal(await sh(fs, 'echo update_schemes_tried_bytes > kdamonds/0/state'), 'ok');
    assert.deepEqual(await fs.list(T), ['total_bytes']);
    assert.ok(Number(await sh(fs, `cat ${T}/total_bytes`)) > 0);
    assert.equal(await sh(fs, 'echo update_schemes_tried_regions > kdamonds/0/state'), 'ok');
    assert.equal(await sh(fs, 'echo clear_schemes_tried_regions > kdamonds/0/state'), 'ok');
    assert.deepEqual(await fs.list(T), ['total_bytes']);
  });
}
