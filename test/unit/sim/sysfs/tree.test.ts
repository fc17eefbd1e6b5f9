// The simulated tree against the per-generation file sets probed on real kernels (§G), and the
// filesystem answers a DamonFs gives (as RealFs: ENOENT, ENOTDIR, EISDIR, EACCES for 0400 files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FsError, type DamonFs } from '../../../../src/damon/fs';
import { KERNEL_GENERATIONS, detectFeatures, featuresOf, layoutOf, patternOf } from '../../../../src/damon/sysfs-layout';
import { simulated } from './fixtures';
import { sh } from './shell';

const S = 'kdamonds/0/contexts/0/schemes/0';

/** One of every index directory, as §G's probe created them. */
const ONE_OF_EACH = [
  'kdamonds/nr_kdamonds', 'kdamonds/0/contexts/nr_contexts', 'kdamonds/0/contexts/0/targets/nr_targets',
  'kdamonds/0/contexts/0/targets/0/regions/nr_regions', 'kdamonds/0/contexts/0/schemes/nr_schemes',
  `${S}/quotas/goals/nr_goals`, `${S}/filters/nr_filters`, `${S}/core_filters/nr_filters`, `${S}/ops_filters/nr_filters`, `${S}/dests/nr_dests`,
];

async function walk(fs: DamonFs, dir: string, out: string[]): Promise<string[]> {
  for (const name of await fs.list(dir)) {
    const path = dir ? `${dir}/${name}` : name;
    out.push(path);
    try {
      await fs.list(path);
      await walk(fs, path, out);
    } catch (e) {
      assert.ok(e instanceof FsError && e.code === 'ENOTDIR', `${path}: ${String(e)}`);
    }
  }
  return out;
}

for (const gen of KERNEL_GENERATIONS) {
  test(`${gen}: the tree has exactly the files and directories of §G`, async () => {
    const { fs } = simulated(gen);
    for (const path of ONE_OF_EACH) if (await fs.exists(path)) await fs.write(path, '1');
    const seen = new Set((await walk(fs, '', [])).map(patternOf));
    // tried_regions/N only appears after a walk (tried-regions.test.ts); §G had none either.
    const want = new Set(layoutOf(gen).map((e) => e.pattern).filter((p) => !p.includes('tried_regions/N')));
    assert.deepEqual([...seen].filter((p) => !want.has(p)), [], 'files the kernel does not have');
    assert.deepEqual([...want].filter((p) => !seen.has(p)), [], 'files the kernel has');
  });

  test(`${gen}: feature detection on the simulated tree matches the generation`, async () => {
    const { fs } = simulated(gen);
    for (const path of ONE_OF_EACH) if (await fs.exists(path)) await fs.write(path, '1');
    const detected = await detectFeatures(fs);
    assert.deepEqual(detected.features, featuresOf(gen));
    assert.ok(detected.candidates.includes(gen));
  });
}

test('listing a directory gives its names in `ls` order (callers sort index dirs numerically)', async () => {
  const { fs } = simulated('7.3');
  assert.deepEqual(await fs.list(''), ['kdamonds']);
  assert.deepEqual(await fs.list('kdamonds'), ['nr_kdamonds']);
  await fs.write('kdamonds/nr_kdamonds', '12\n');
  assert.deepEqual(await fs.list('kdamonds'), ['0', '1', '10', '11', '2', '3', '4', '5', '6', '7', '8', '9', 'nr_kdamonds']);
});

test('filesystem errors: ENOENT, ENOTDIR, EISDIR, and EACCES for read-only files', async () => {
  const { fs } = simulated('7.3');
  await fs.write('kdamonds/nr_kdamonds', '1');
  await fs.write('kdamonds/0/contexts/nr_contexts', '1');
  await fs.write('kdamonds/0/contexts/0/schemes/nr_schemes', '1');
  const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof FsError ? `${e.code} ${e.syscall} ${e.path}` : String(e)));
  assert.equal(await code(fs.read('kdamonds/1/state')), 'ENOENT read kdamonds/1/state');
  assert.equal(await code(fs.write('kdamonds/0/nope', '1')), 'ENOENT write kdamonds/0/nope');
  assert.equal(await code(fs.list('kdamonds/nr_kdamonds')), 'ENOTDIR list kdamonds/nr_kdamonds');
  assert.equal(await code(fs.read('kdamonds/nr_kdamonds/x')), 'ENOTDIR read kdamonds/nr_kdamonds/x');
  assert.equal(await code(fs.read('kdamonds/0')), 'EISDIR read kdamonds/0');
  assert.equal(await code(fs.write('kdamonds/0', '1')), 'EISDIR write kdamonds/0');
  for (const ro of ['kdamonds/0/pid', 'kdamonds/0/contexts/0/avail_operations', `${S}/stats/nr_tried`, `${S}/quotas/effective_bytes`, `${S}/tried_regions/total_bytes`]) {
    assert.equal(await code(fs.write(ro, '1')), `EACCES write ${ro}`);
  }
  // stats/max_nr_snapshots is the one writable stats file (7.0+).
  assert.equal(await sh(fs, `echo 5 > ${S}/stats/max_nr_snapshots`), 'ok');
  assert.equal(await sh(fs, `cat ${S}/stats/max_nr_snapshots`), '5');
  assert.equal(await fs.exists(''), true);
  assert.equal(await fs.exists('kdamonds/0/contexts/0/pause'), true);
  assert.equal(await fs.exists('kdamonds/0/contexts/0/pause/x'), false);
  assert.equal(await fs.exists('kdamonds/7'), false);
});

test('avail_operations lists the registered operations sets one per line', async () => {
  const { fs } = simulated('6.12');
  await fs.write('kdamonds/nr_kdamonds', '1');
  await fs.write('kdamonds/0/contexts/nr_contexts', '1');
  assert.equal(await fs.read('kdamonds/0/contexts/0/avail_operations'), 'vaddr\nfvaddr\npaddr\n');
});

test('readMany answers each path in order, with an FsError in place of a failed read', async () => {
  const { fs } = simulated('7.3');
  await fs.write('kdamonds/nr_kdamonds', '1');
  const got = await fs.readMany(['kdamonds/nr_kdamonds', 'kdamonds/0/state', 'kdamonds/9/state', 'kdamonds']);
  assert.deepEqual(got.slice(0, 2), ['1\n', 'off\n']);
  assert.ok(got[2] instanceof FsError && got[2].code === 'ENOENT' && got[2].path === 'kdamonds/9/state');
  assert.ok(got[3] instanceof FsError && got[3].code === 'EISDIR');
});

test('readdir of a kdamond and a context as Node saw them on 7.3.4 (§B) and 6.12.117 (§C node-damon.js)', async () => {
  for (const [gen, kdamond, context] of [
    ['7.3', ['contexts', 'pid', 'refresh_ms', 'state'], ['addr_unit', 'avail_operations', 'monitoring_attrs', 'operations', 'pause', 'schemes', 'targets']],
    ['6.12', ['contexts', 'pid', 'state'], ['avail_operations', 'monitoring_attrs', 'operations', 'schemes', 'targets']],
  ] as const) {
    const { fs } = simulated(gen);
    assert.deepEqual(await fs.list(''), ['kdamonds']);
    assert.deepEqual(await fs.list('kdamonds'), ['nr_kdamonds']);
    await fs.write('kdamonds/nr_kdamonds', '1');
    assert.deepEqual(await fs.list('kdamonds/0'), kdamond);
    await fs.write('kdamonds/0/contexts/nr_contexts', '1');
    assert.deepEqual(await fs.list('kdamonds/0/contexts/0'), context);
  }
});
