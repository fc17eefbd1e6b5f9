// The privileged agent end to end: dist/agent.js spawned as a child over a temporary tree
// (--root/--file replace the allow-list; as root in production nothing but the DAMON trees is allowed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { AgentFs, agentRuntime, splitCommand } from '../../../src/sysfs/agent-client';
import { FsError } from '../../../src/damon/fs';
import { makeTmpTree, type TmpTree } from './tmptree';

// The agent entry point, bundled for this run into the temporary tree (not dist/, which a
// concurrent build may be replacing).
let AGENT = '';
let t: TmpTree;
let args: string[];

before(async () => {
  const { build } = await import('esbuild');
  t = makeTmpTree({
    'admin/kdamonds/nr_kdamonds': '0\n',
    'admin/kdamonds/0/state': 'off\n',
    'admin/kdamonds/0/pid': '-1\n',
    'tracing/events/damon/damon_aggregated/enable': '0\n',
    'tracing/trace_pipe': 'kdamond.0-285 [001] 12.3: damon_aggregated: target_id=0 nr_regions=10 4096-8192: 0 3\n',
    'secret': 'top secret\n',
  });
  symlinkSync(join(t.dir, 'secret'), join(t.admin, 'kdamonds/link-out'));
  AGENT = join(t.dir, 'agent.js');
  await build({ entryPoints: [resolve(__dirname, '../../../../src/sysfs/agent-main.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: AGENT, logLevel: 'warning' });
  assert.ok(existsSync(AGENT));
  args = ['--root', t.admin, '--root', join(t.tracing, 'events/damon'), '--file', join(t.tracing, 'trace_pipe')];
});

after(() => t.cleanup());

function agentFs(extra: Partial<ConstructorParameters<typeof AgentFs>[0]> = {}): { fs: AgentFs; log: string[] } {
  const log: string[] = [];
  const fs = new AgentFs({ command: '', agentScript: AGENT, nodePath: process.execPath, agentArgs: args, root: t.admin, log: (l) => log.push(l), ...extra });
  return { fs, log };
}

/** Talks the raw protocol, to send paths the AgentFs itself would never produce. */
async function raw(lines: object[], agentArgs = args, env: NodeJS.ProcessEnv = process.env): Promise<{ out: Record<string, unknown>[]; err: string; code: number | null }> {
  const child = spawn(process.execPath, [AGENT, ...agentArgs], { stdio: 'pipe', env });
  const out: Record<string, unknown>[] = [];
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (l) => out.push(JSON.parse(l) as Record<string, unknown>));
  for (const l of lines) child.stdin.write(`${JSON.stringify(l)}\n`);
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  return { out, err, code };
}

test('splitCommand splits agent command prefixes', () => {
  assert.deepEqual(splitCommand('sudo -n'), ['sudo', '-n']);
  assert.deepEqual(splitCommand('  pkexec  '), ['pkexec']);
  assert.deepEqual(splitCommand(''), []);
  assert.deepEqual(splitCommand(`sudo -n -u 'root user' "a b"\\ c`), ['sudo', '-n', '-u', 'root user', 'a b c']);
  assert.throws(() => splitCommand('sudo "oops'));
});

test('the agent runs on node, or on Electron as node', () => {
  assert.deepEqual(agentRuntime('/usr/bin/node'), ['/usr/bin/node']);
  assert.deepEqual(agentRuntime(undefined, { ...process.versions }, '/usr/bin/node'), ['/usr/bin/node']);
  assert.deepEqual(agentRuntime(undefined, { ...process.versions, electron: '37.0.0' } as NodeJS.ProcessVersions, '/usr/share/code/code'), [
    '/usr/bin/env',
    'ELECTRON_RUN_AS_NODE=1',
    '/usr/share/code/code',
  ]);
});

test('read, write, list and exists go through the agent', async () => {
  const { fs, log } = agentFs();
  try {
    assert.equal(await fs.read('kdamonds/nr_kdamonds'), '0\n');
    await fs.write('kdamonds/nr_kdamonds', '1');
    assert.equal(readFileSync(join(t.admin, 'kdamonds/nr_kdamonds'), 'utf8'), '1');
    assert.deepEqual((await fs.list('kdamonds')).sort(), ['0', 'link-out', 'nr_kdamonds']);
    assert.deepEqual((await fs.list('')).sort(), ['kdamonds']);
    assert.equal(await fs.exists('kdamonds/0/state'), true);
    assert.equal(await fs.exists('kdamonds/7/state'), false);
    await assert.rejects(fs.read('kdamonds/7/state'), (e: unknown) => e instanceof FsError && e.code === 'ENOENT' && e.path === 'kdamonds/7/state');
    // The write needs an existing file: no O_CREAT.
    await assert.rejects(fs.write('kdamonds/7/state', 'on'), (e: unknown) => e instanceof FsError && e.code === 'ENOENT' && e.value === 'on');
    assert.equal(existsSync(join(t.admin, 'kdamonds/7')), false);
    // The agent refuses the symlink out of the tree.
    await assert.rejects(fs.read('kdamonds/link-out'), (e: unknown) => e instanceof FsError && e.code === 'EACCES');
    // One round trip for many reads; refused and missing paths fail item by item.
    const many = await fs.readMany(['kdamonds/0/state', 'kdamonds/link-out', 'kdamonds/9/pid', 'kdamonds/0/pid']);
    assert.equal(many[0], 'off\n');
    assert.ok(many[1] instanceof FsError && many[1].code === 'EACCES');
    assert.ok(many[2] instanceof FsError && many[2].code === 'ENOENT');
    assert.equal(many[3], '-1\n');
    // The client refuses to build escaping paths at all.
    await assert.rejects(fs.read('../secret'), TypeError);
    assert.equal(fs.startCount, 1);
    assert.ok(log.some((l) => /agent: ready \(pid \d+/.test(l)), log.join('\n'));
  } finally {
    await fs.close();
  }
});

test('the agent refuses paths outside the allow-list, over the raw protocol', async () => {
  const { out, code } = await raw([
    { id: 1, op: 'read', path: join(t.dir, 'secret') },
    { id: 2, op: 'read', path: `${t.admin}/../secret` },
    { id: 3, op: 'write', path: '/etc/hostname', value: 'pwned' },
    { id: 4, op: 'read', path: join(t.admin, 'kdamonds/link-out') },
    { id: 5, op: 'list', path: '/' },
    { id: 6, op: 'read', path: 'kdamonds/nr_kdamonds' },
    { id: 7, op: 'write', path: join(t.tracing, 'trace_pipe'), value: 'x' },
    { id: 8, op: 'read', path: join(t.admin, 'kdamonds/0/pid') },
    { id: 9, op: 'bogus' },
    { id: 10, op: 'ping' },
    { id: 11, op: 'readMany', paths: [join(t.admin, 'kdamonds/0/pid'), join(t.dir, 'secret'), `${t.admin}/../secret`] },
  ]);
  assert.equal(code, 0);
  const byId = new Map(out.filter((m) => 'id' in m).map((m) => [m.id, m]));
  for (const id of [1, 2, 3, 4, 5, 6, 7]) {
    assert.equal(byId.get(id)?.ok, false, `request ${id}`);
    assert.equal(byId.get(id)?.code, 'EACCES', `request ${id}`);
  }
  assert.deepEqual(byId.get(8), { id: 8, ok: true, result: '-1\n' });
  assert.equal(byId.get(9)?.code, 'EINVAL');
  assert.deepEqual(byId.get(10), { id: 10, ok: true, result: 'pong' });
  const many = byId.get(11)?.result as unknown[];
  assert.equal(many[0], '-1\n');
  assert.equal((many[1] as { code: string }).code, 'EACCES');
  assert.equal((many[2] as { code: string }).code, 'EACCES');
  assert.ok('hello' in out[0]);
  assert.equal(readFileSync('/etc/hostname', 'utf8').includes('pwned'), false);
});

test('the default allow-list cannot be widened when elevated by sudo or pkexec', async () => {
  for (const v of ['SUDO_UID', 'PKEXEC_UID']) {
    const { out, err, code } = await raw([{ id: 1, op: 'ping' }], args, { ...process.env, [v]: '1000' });
    assert.equal(code, 2);
    assert.equal(out.length, 0);
    assert.match(err, /refused when elevated/);
  }
  // Without --root the agent allows only the real DAMON trees.
  const { out } = await raw([{ id: 1, op: 'read', path: join(t.admin, 'kdamonds/nr_kdamonds') }], []);
  const hello = out[0].hello as { roots: string[] };
  assert.ok(hello.roots.includes('/sys/kernel/mm/damon/admin'));
  assert.equal(out[1].code, 'EACCES');
});

test('the agent is restarted when it dies; requests in flight fail with ENOTCONN', async () => {
  const { fs, log } = agentFs();
  try {
    assert.equal(await fs.read('kdamonds/0/state'), 'off\n');
    const firstPid = fs.pid;
    fs.kill('SIGKILL');
    const inFlight = fs.read('kdamonds/0/state');
    await assert.rejects(inFlight, (e: unknown) => e instanceof FsError && e.code === 'ENOTCONN');
    // The next request starts a new agent.
    assert.equal(await fs.read('kdamonds/0/state'), 'off\n');
    assert.equal(fs.startCount, 2);
    assert.notEqual(fs.pid, firstPid);
    assert.ok(log.some((l) => /exited \(SIGKILL\)/.test(l)), log.join('\n'));
    assert.ok(log.some((l) => /restart 1/.test(l)), log.join('\n'));
  } finally {
    await fs.close();
  }
});

test('an agent that keeps dying is not restarted forever', async () => {
  const { fs } = agentFs({ agentArgs: ['--bogus'], maxRestarts: 2 });
  const codes: string[] = [];
  for (let i = 0; i < 5; i++) {
    try {
      await fs.read('kdamonds/0/state');
    } catch (e) {
      codes.push((e as FsError).code);
    }
  }
  assert.deepEqual(codes, ['ENOTCONN', 'ENOTCONN', 'ENOTCONN', 'ENOTCONN', 'ENOTCONN']);
  assert.equal(fs.startCount, 3);
  await fs.close();
});

test("the agent's stderr goes to the log", async () => {
  const { fs, log } = agentFs({ agentArgs: ['--bogus'] });
  await assert.rejects(fs.read('kdamonds/0/state'));
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(log.some((l) => l === 'agent stderr: damon-lens agent: unknown argument --bogus'), log.join('\n'));
  assert.ok(log.some((l) => /exited \(code 2\)/.test(l)), log.join('\n'));
  await fs.close();
});

test('a request that blocks gets ETIMEDOUT from the agent', async () => {
  // Opening a FIFO for writing blocks until a reader comes: a stand-in for a kernel write that hangs.
  execFileSync('mkfifo', [join(t.admin, 'kdamonds/0/fifo')]);
  const { fs } = agentFs({ timeoutMs: 300 });
  try {
    const started = Date.now();
    // The agent's own answer ("no answer within ..."), not the client-side fallback a second later.
    await assert.rejects(fs.write('kdamonds/0/fifo', 'on'), (e: unknown) => e instanceof FsError && e.code === 'ETIMEDOUT' && /^no answer within 300 ms/.test(e.detail ?? ''));
    assert.ok(Date.now() - started < 5000);
    // The agent still answers other requests.
    assert.equal(await fs.read('kdamonds/0/state'), 'off\n');
  } finally {
    fs.kill();
    await fs.close();
  }
});

test('a command that cannot start gives ENOTCONN and a log line', async () => {
  const { fs, log } = agentFs({ command: '/nonexistent/sudo -n' });
  await assert.rejects(fs.read('kdamonds/0/state'), (e: unknown) => e instanceof FsError && e.code === 'ENOTCONN');
  assert.ok(log.some((l) => /could not start/.test(l)), log.join('\n'));
  await fs.close();
});

test('the trace pipe streams through the agent', async () => {
  const { fs } = agentFs();
  try {
    let data = '';
    const s = fs.streamAbsolute(join(t.tracing, 'trace_pipe'), (c) => (data += c));
    await s.done; // a regular file ends; the real trace_pipe streams until stop()
    assert.match(data, /damon_aggregated: target_id=0 nr_regions=10 4096-8192: 0 3/);
    let refused: unknown;
    await fs.streamAbsolute(join(t.dir, 'secret'), () => undefined).done.catch((e: unknown) => (refused = e));
    assert.ok(refused instanceof FsError && refused.code === 'EACCES');
  } finally {
    await fs.close();
  }
});
