// The sysfs client against a real kernel's DAMON, inside the throwaway qemu guest:
//   node test/kernel/run.mjs out/test/kernel/client.test.js
// Outside the guest every case is skipped; nothing here writes to a host's sysfs.
import { RecordingFs } from '../support/recordingFs';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { release } from 'node:os';
import { resolve } from 'node:path';
import { DamonClient, DamonSysfsError, UnsupportedFeatureError } from '../../src/sysfs/client';
import { RealFs } from '../../src/sysfs/real-fs';
import { AgentFs } from '../../src/sysfs/agent-client';
import { readTree } from '../../src/sysfs/tree';
import { defaultContext, defaultFilter, defaultKdamond, defaultQuotaGoal, defaultScheme, defaultTarget } from '../../src/damon/params';
import { atLeast, featuresFromPaths, featuresOf, generationOfRelease, layoutOf, patternOf, type KernelGeneration } from '../../src/damon/sysfs-layout';
import { guestClient, paddrStat, resetGuest } from './guest';
import { skipUnlessTestVm } from './vm-guard';

const skip = skipUnlessTestVm();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const gen = (generationOfRelease(release()) ?? '6.12') as KernelGeneration;

let fs: RecordingFs;
let client: DamonClient;

before(async () => {
  if (skip) return;
  ({ fs, client } = await guestClient());
  assert.equal(await client.nrKdamonds(), 0, 'a fresh guest has no kdamond');
});

after(async () => {
  if (!skip) await resetGuest(client);
});

test('feature detection matches the files the kernel really has', { skip }, async () => {
  await client.setNrKdamonds(1);
  // One of everything, so that every feature's directory exists.
  const k = paddrStat();
  const s = k.contexts[0].schemes[0];
  s.quotas.goals = [{ ...defaultQuotaGoal(), target_value: 100 }];
  s.ops_filters = [defaultFilter('anon')];
  s.core_filters = [{ ...defaultFilter('addr'), addr_start: 0, addr_end: 4096 }];
  await client.writeKdamond(0, k);
  if (!atLeast(gen, '6.18')) {
    // 6.12 has only filters/: make sure filters/N exists there as well (the client put both filters in it).
    assert.ok(existsSync('/sys/kernel/mm/damon/admin/kdamonds/0/contexts/0/schemes/0/filters/1/type'));
  }
  const d = await client.detect(true);
  assert.equal(d.generation, gen);
  const tree = await readTree(new RealFs(), 'kdamonds/0');
  const seen = [...tree.files.keys(), ...tree.dirs.keys()];
  const patterns = new Set(seen.map(patternOf));
  const layout = new Set(layoutOf(gen).map((e) => e.pattern));
  const unknown = [...patterns].filter((p) => !layout.has(p));
  assert.deepEqual(unknown, [], `files the layout of ${gen} lacks`);
  const missing = [...layout].filter((p) => p.startsWith('kdamonds/N/') && !p.includes('tried_regions/N') && !patterns.has(p) && !p.includes('/filters/N') && !p.includes('/dests/N'));
  assert.deepEqual(missing, [], `files of the ${gen} layout the kernel lacks`);
  const fromFiles = featuresFromPaths(seen);
  for (const [id, present] of Object.entries(fromFiles)) {
    if (present !== undefined) assert.equal(present, featuresOf(gen)[id as keyof typeof fromFiles], id);
    if (d.features[id as keyof typeof fromFiles] !== undefined) assert.equal(d.features[id as keyof typeof fromFiles], featuresOf(gen)[id as keyof typeof fromFiles], id);
  }
  console.log(`kernel ${release()}: generation ${d.generation}, features ${JSON.stringify(d.features)}`);
});

test('paddr over the largest System RAM range: stats grow and tried regions appear', { skip }, async () => {
  const want = paddrStat();
  await client.writeKdamond(0, want);
  const snap0 = await client.readKdamond(0);
  assert.deepEqual(snap0.params, want);
  await client.start(0);
  const snap = await client.readKdamond(0);
  assert.equal(snap.state, 'on');
  assert.ok(snap.pid > 0);
  let tried = 0;
  for (let i = 0; i < 20 && tried === 0; i++) {
    await sleep(500);
    tried = (await client.updateStats(0))[0][0].nr_tried;
  }
  assert.ok(tried > 0, 'nr_tried grows');
  const [[regions]] = await client.updateTriedRegions(0);
  assert.ok(regions.regions.length > 0, 'tried regions appear');
  assert.ok(regions.total_bytes > 0);
  const starts = regions.regions.map((r) => r.start);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'sorted by address');
  const status = await client.refreshStatus(0);
  assert.ok(status.stats[0][0].nr_tried >= tried);
  assert.equal(status.stopped, undefined);
});

test('pause and resume (7.2+), or pause unsupported without writing (older)', { skip }, async () => {
  if (!atLeast(gen, '7.2')) {
    const n = fs.writes.length;
    await assert.rejects(client.pause(0), (e: unknown) => e instanceof UnsupportedFeatureError && e.feature === 'pause');
    assert.equal(fs.writes.length, n, 'nothing written');
    assert.equal(await client.isPaused(0), undefined);
    return;
  }
  assert.equal(await client.pause(0), true);
  assert.equal(await client.isPaused(0), true);
  await sleep(300);
  const a = (await client.updateStats(0))[0][0].nr_tried;
  await sleep(1200);
  const b = (await client.updateStats(0))[0][0].nr_tried;
  assert.equal(b, a, 'nr_tried frozen while paused');
  await assert.rejects(client.updateTriedRegions(0), (e: unknown) => e instanceof DamonSysfsError && e.code === 'ECANCELED' && /paused/.test(e.message));
  await client.resume(0);
  let c = b;
  for (let i = 0; i < 20 && c === b; i++) {
    await sleep(300);
    c = (await client.updateStats(0))[0][0].nr_tried;
  }
  assert.ok(c > b, 'nr_tried advances after resume');
});

test('bad writes answer with the errno of this kernel, as actionable errors', { skip }, async () => {
  await assert.rejects(client.setNrKdamonds(2), (e: unknown) => e instanceof DamonSysfsError && e.code === 'EBUSY' && /turn every kdamond off/.test(e.message));
  await assert.rejects(client.start(0), (e: unknown) => e instanceof DamonSysfsError && e.code === 'EBUSY' && /damon_stat/.test(e.message));
  await assert.rejects(fs.write('kdamonds/0/contexts/0/operations', 'bogus'), { code: 'EINVAL' });
  await assert.rejects(fs.write('kdamonds/0/contexts/0/schemes/0/access_pattern/sz/max', '18446744073709551616'), { code: 'ERANGE' });
  await assert.rejects(fs.write('kdamonds/0/contexts/nr_contexts', '2'), { code: 'EINVAL' });
});

test('stop, and stop again writes nothing', { skip }, async () => {
  assert.equal(await client.stop(0), true);
  assert.equal(await client.state(0), 'off');
  const n = fs.writes.length;
  assert.equal(await client.stop(0), false);
  assert.equal(fs.writes.length, n);
});

test('vaddr on a guest process: when it exits, the kdamond stops and the client reports it', { skip }, async () => {
  const child: ChildProcess = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
  try {
    const k = defaultKdamond();
    const c = defaultContext('vaddr');
    c.targets = [defaultTarget(child.pid ?? -1)];
    c.schemes = [defaultScheme('stat')];
    k.contexts = [c];
    await client.writeKdamond(0, k);
    await client.start(0);
    assert.equal(await client.state(0), 'on');
    assert.deepEqual(await client.pollStopped(), []);
    const pid = await client.pid(0);
    child.kill('SIGKILL');
    let stopped: Awaited<ReturnType<DamonClient['pollStopped']>> = [];
    for (let i = 0; i < 40 && stopped.length === 0; i++) {
      await sleep(250);
      stopped = await client.pollStopped();
    }
    assert.deepEqual(stopped, [{ index: 0, lastPid: pid }]);
  } finally {
    child.kill('SIGKILL');
  }
});

test('the privileged agent drives the real sysfs with its default allow-list', { skip }, async () => {
  const agentScript = resolve(__dirname, '../../../dist/agent.js');
  assert.ok(existsSync(agentScript), agentScript);
  const log: string[] = [];
  const agent = new AgentFs({ command: '', agentScript, nodePath: process.execPath, log: (l) => log.push(l) });
  try {
    const viaAgent = new DamonClient(agent, { release: release(), viaAgent: true });
    const direct = await client.readKdamond(0);
    const snap = await viaAgent.readKdamond(0);
    assert.deepEqual(snap, direct);
    await viaAgent.writeKdamond(0, paddrStat());
    await viaAgent.start(0);
    assert.equal(await client.state(0), 'on');
    assert.equal(await viaAgent.stop(0), true);
    // Outside the allow-list, as root, still refused.
    const raw = new AgentFs({ command: '', agentScript, nodePath: process.execPath, root: '/proc/sys/vm' });
    await assert.rejects(raw.read('overcommit_memory'), { code: 'EACCES' });
    await raw.close();
    assert.ok(log.some((l) => /uid 0/.test(l)), log.join('\n'));
  } finally {
    await agent.close();
  }
});
