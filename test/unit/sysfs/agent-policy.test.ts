import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { checkPath, DEFAULT_POLICY, resolvePolicy, type AgentPolicy } from '../../../src/sysfs/agent-policy';
import { FsError } from '../../../src/damon/fs';
import { makeTmpTree, type TmpTree } from './tmptree';

let t: TmpTree;
let policy: AgentPolicy;

before(async () => {
  t = makeTmpTree({
    'admin/kdamonds/nr_kdamonds': '1\n',
    'admin/kdamonds/0/state': 'off\n',
    'tracing/events/damon/damon_aggregated/enable': '0\n',
    'tracing/trace_pipe': '',
    'tracing/trace': '',
    'secret': 'top secret\n',
    'admin-evil/x': 'x\n',
  });
  symlinkSync(join(t.dir, 'secret'), join(t.admin, 'kdamonds/link-out')); // file symlink leaving the root
  symlinkSync(t.dir, join(t.admin, 'kdamonds/dir-out')); // directory symlink leaving the root
  symlinkSync(join(t.admin, 'kdamonds/0/state'), join(t.admin, 'kdamonds/link-in')); // stays inside
  symlinkSync(join(t.dir, 'secret'), join(t.tracing, 'events/damon/sneaky'));
  mkdirSync(join(t.dir, 'outside-dir'));
  symlinkSync(join(t.dir, 'outside-dir'), join(t.admin, 'kdamonds/dangling-dir'));
  policy = await resolvePolicy({
    roots: [t.admin, join(t.tracing, 'events/damon')],
    files: [join(t.tracing, 'trace_pipe')],
  });
});

after(() => t.cleanup());

async function refused(path: unknown, op: 'read' | 'write' | 'list' | 'exists' = 'read'): Promise<void> {
  await assert.rejects(checkPath(path, policy, op), (e: unknown) => e instanceof FsError && e.code === 'EACCES' && /refused by the DAMON Lens agent/.test(e.message));
}

test('the default allow-list is the DAMON admin tree, the DAMON trace events and the trace pipe', () => {
  assert.deepEqual(DEFAULT_POLICY.roots, ['/sys/kernel/mm/damon/admin', '/sys/kernel/tracing/events/damon', '/sys/kernel/debug/tracing/events/damon']);
  assert.deepEqual(DEFAULT_POLICY.files, ['/sys/kernel/tracing/trace_pipe', '/sys/kernel/debug/tracing/trace_pipe']);
});

test('paths inside the allowed trees are allowed', async () => {
  assert.equal(await checkPath(join(t.admin, 'kdamonds/nr_kdamonds'), policy, 'write'), join(t.admin, 'kdamonds/nr_kdamonds'));
  assert.equal(await checkPath(t.admin, policy, 'list'), t.admin);
  assert.equal(await checkPath(`${t.admin}/`, policy, 'list'), t.admin);
  assert.equal(await checkPath(join(t.tracing, 'events/damon/damon_aggregated/enable'), policy, 'write'), join(t.tracing, 'events/damon/damon_aggregated/enable'));
  assert.equal(await checkPath(join(t.tracing, 'trace_pipe'), policy, 'read'), join(t.tracing, 'trace_pipe'));
  // ".." that stays inside is fine.
  assert.equal(await checkPath(`${t.admin}/kdamonds/0/../nr_kdamonds`, policy), join(t.admin, 'kdamonds/nr_kdamonds'));
  // A symlink that stays inside resolves to its target.
  assert.equal(await checkPath(join(t.admin, 'kdamonds/link-in'), policy), join(t.admin, 'kdamonds/0/state'));
});

test('a missing path inside a tree is allowed (the operation then answers ENOENT)', async () => {
  assert.equal(await checkPath(join(t.admin, 'kdamonds/1/state'), policy, 'write'), join(t.admin, 'kdamonds/1/state'));
});

test('".." escapes are refused', async () => {
  await refused(`${t.admin}/../secret`);
  await refused(`${t.admin}/kdamonds/../../secret`);
  await refused(`${t.admin}/../../../../etc/passwd`);
  await refused(`${t.tracing}/events/damon/../../trace`, 'read');
  await refused(`${t.admin}/..`, 'list');
});

test('symlinks that lead outside are refused', async () => {
  await refused(join(t.admin, 'kdamonds/link-out'));
  await refused(join(t.admin, 'kdamonds/link-out'), 'write');
  await refused(join(t.admin, 'kdamonds/dir-out/secret'));
  await refused(join(t.admin, 'kdamonds/dir-out'), 'list');
  await refused(join(t.tracing, 'events/damon/sneaky'));
  // A missing file under a symlinked directory that leaves the tree.
  await refused(join(t.admin, 'kdamonds/dangling-dir/newfile'), 'write');
});

test('absolute paths elsewhere are refused', async () => {
  await refused('/etc/passwd');
  await refused('/etc/shadow', 'write');
  await refused('/sys/kernel/mm/damon/admin'); // not in this test policy
  await refused('/proc/self/mem', 'write');
  await refused(join(t.dir, 'admin-evil/x')); // shares a prefix with the root, but is a sibling
  await refused(join(t.tracing, 'trace'));
  await refused(t.dir, 'list');
  await refused('/');
});

test('relative paths, empty paths, NULs and non-strings are refused', async () => {
  await refused('admin/kdamonds/nr_kdamonds');
  await refused('');
  await refused(`${t.admin}/kdamonds\0/x`);
  await refused(undefined);
  await refused(42);
});

test('the trace pipe may be read but not written', async () => {
  await refused(join(t.tracing, 'trace_pipe'), 'write');
  await refused(join(t.tracing, 'trace_pipe'), 'list');
});
