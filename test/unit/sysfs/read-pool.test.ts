import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { readFilesFast } from '../../../src/sysfs/fast-read';
import { MIN_WORKER_BATCH, ReadPool } from '../../../src/sysfs/read-pool';
import { makeTmpTree, type TmpTree } from './tmptree';

// Built by `node esbuild.mjs` next to the other dist bundles.
const WORKER = resolve(__dirname, '../../../../dist/read-worker.js');

let t: TmpTree;
let paths: string[];
before(() => {
  t = makeTmpTree();
  paths = [];
  for (let i = 0; i < 300; i++) paths.push(t.write(`admin/tried_regions/${i}/nr_accesses`, `${i}\n`));
  // A region the kernel dropped meanwhile, and a directory where a file was expected.
  paths.splice(7, 0, join(t.admin, 'tried_regions/999/nr_accesses'), join(t.admin, 'tried_regions/3'));
});
after(() => t.cleanup());

const shape = (r: (string | Error)[]): unknown[] => r.map((x) => (typeof x === 'string' ? x : (x as NodeJS.ErrnoException).code));

test('worker threads read the same contents and errno codes as the calling thread, in order', async () => {
  const pool = new ReadPool(WORKER, 2);
  try {
    const [a, b, c] = await Promise.all([pool.read(paths), pool.read(paths.slice(100)), pool.read(paths.slice(0, 150))]);
    const here = shape(await readFilesFast(paths));
    assert.deepEqual(here.slice(7, 9), ['ENOENT', 'EISDIR']);
    assert.deepEqual(shape(a), here);
    assert.deepEqual(shape(b), here.slice(100));
    assert.deepEqual(shape(c), here.slice(0, 150));
    const err = a[7] as Error;
    assert.ok(err instanceof Error && err.message.includes('no such file'), err.message);
  } finally {
    await pool.close();
  }
});

test('small batches and a pool without a worker bundle read on the calling thread', async () => {
  const none = new ReadPool(undefined);
  assert.deepEqual(shape(await none.read(paths)), shape(await readFilesFast(paths)));
  const pool = new ReadPool(WORKER, 1);
  assert.deepEqual(shape(await pool.read(paths.slice(0, MIN_WORKER_BATCH - 1))), shape(await readFilesFast(paths.slice(0, MIN_WORKER_BATCH - 1))));
  await pool.close();
});

test('a worker that cannot start or dies costs nothing but speed: the batch is read here', async () => {
  const broken = new ReadPool(join(t.dir, 'no-such-worker.js'), 2);
  assert.deepEqual(shape(await broken.read(paths)), shape(await readFilesFast(paths)));
  assert.deepEqual(shape(await broken.read(paths)), shape(await readFilesFast(paths)), 'and again, with new workers');
  await broken.close();
});

test('a closed pool starts new workers on the next read', async () => {
  const pool = new ReadPool(WORKER, 2);
  await pool.read(paths);
  await pool.close();
  assert.equal((await pool.read(paths)).length, paths.length);
  await pool.close();
});
