import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealFs, DAMON_SYSFS_ROOT } from '../../../src/sysfs/real-fs';
import { FsError } from '../../../src/damon/fs';
import { makeTmpTree, type TmpTree } from './tmptree';

let t: TmpTree;
before(() => {
  t = makeTmpTree({ 'admin/kdamonds/nr_kdamonds': '0\n', 'admin/kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us': '5000\n' });
});
after(() => t.cleanup());

test('defaults to the kernel DAMON sysfs root', () => {
  assert.equal(new RealFs().root, DAMON_SYSFS_ROOT);
  assert.equal(new RealFs('/x/y/').resolve('kdamonds/0'), '/x/y/kdamonds/0');
  assert.equal(new RealFs('/x/y').resolve(''), '/x/y');
});

test('reads, writes (replacing the value), lists and checks existence under the root', async () => {
  const fs = new RealFs(t.admin);
  assert.equal(await fs.read('kdamonds/nr_kdamonds'), '0\n');
  await fs.write('kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us', '42');
  assert.equal(readFileSync(join(t.admin, 'kdamonds/0/contexts/0/monitoring_attrs/intervals/sample_us'), 'utf8'), '42');
  assert.deepEqual((await fs.list('kdamonds')).sort(), ['0', 'nr_kdamonds']);
  assert.equal(await fs.exists('kdamonds/0'), true);
  assert.equal(await fs.exists('kdamonds/1'), false);
  assert.equal(await fs.exists('kdamonds/nr_kdamonds/x'), false);
});

test('errors carry the errno name, the path and the value', async () => {
  const fs = new RealFs(t.admin);
  await assert.rejects(fs.write('kdamonds/1/state', 'on'), (e: unknown) => e instanceof FsError && e.code === 'ENOENT' && e.path === 'kdamonds/1/state' && e.value === 'on' && e.errno === -2);
  await assert.rejects(fs.list('kdamonds/nr_kdamonds'), (e: unknown) => e instanceof FsError && e.code === 'ENOTDIR');
  await assert.rejects(fs.read('kdamonds'), (e: unknown) => e instanceof FsError && e.code === 'EISDIR');
  await assert.rejects(new RealFs(join(t.dir, 'nope')).list(''), (e: unknown) => e instanceof FsError && e.code === 'ENOENT' && e.path === '');
});

test('paths that leave the root are rejected before touching the filesystem', async () => {
  const fs = new RealFs(t.admin);
  await assert.rejects(fs.read('../secret'), TypeError);
  await assert.rejects(fs.read('/etc/passwd'), TypeError);
  await assert.rejects(fs.write('kdamonds/../../x', '1'), TypeError);
});

test('readMany reads in order and puts an FsError in place of a failed read', async () => {
  const fs = new RealFs(t.admin);
  const r = await fs.readMany(['kdamonds/nr_kdamonds', 'kdamonds/9/state', 'kdamonds']);
  assert.equal(r[0], '0\n');
  assert.ok(r[1] instanceof FsError && r[1].code === 'ENOENT' && r[1].path === 'kdamonds/9/state');
  assert.ok(r[2] instanceof FsError && r[2].code === 'EISDIR');
  assert.deepEqual(await fs.readMany([]), []);
});
