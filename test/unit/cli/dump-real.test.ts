// `damon-lens dump --pause` against a real kernel's DAMON, inside the throwaway qemu guest only:
//   node test/kernel/run.mjs --kernels 6.12,7.3 out/test/unit/cli/dump-real.test.js
// Everywhere else every case is skipped: nothing here writes to a host's sysfs.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { release } from 'node:os';
import { after, before, test } from 'node:test';
import { runDump } from '../../../src/cli/dump';
import type { CliIo } from '../../../src/cli/io';
import { defaultContext, defaultKdamond, defaultScheme, defaultTarget } from '../../../src/damon/params';
import { takeDump, type StatusDump } from '../../../src/investigation/dumps/dump';
import { diffDumps } from '../../../src/investigation/dumps/diff';
import { holdPause } from '../../../src/investigation/dumps/pauseAndDump';
import { DamonClient } from '../../../src/sysfs/client';
import { RealFs } from '../../../src/sysfs/real-fs';
import { requireDamonTestVm, skipUnlessTestVm } from '../../kernel/vm-guard';

const skip = skipUnlessTestVm();
let client: DamonClient;
let child: ChildProcess;

const io = (): CliIo & { out: (t: string) => void; text: string; errs: string } => {
  const o = { text: '', errs: '', out: (t: string) => void (o.text += t), err: (t: string) => void (o.errs += t), onInterrupt: () => () => undefined };
  return o;
};

before(async () => {
  if (skip) return;
  requireDamonTestVm();
  client = new DamonClient(new RealFs(), { release: release() });
  await client.checkRoot();
  child = spawn('/bin/sleep', ['600'], { stdio: 'ignore' });
  const k = defaultKdamond();
  const c = defaultContext('vaddr');
  c.targets = [defaultTarget(child.pid ?? 0)];
  c.schemes = [defaultScheme('stat')];
  k.contexts = [c];
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, k);
  await client.start(0);
  await new Promise((r) => setTimeout(r, 1000));
});

after(async () => {
  if (skip || !client) return;
  await client.stop(0).catch(() => undefined);
  await client.setNrKdamonds(0).catch(() => undefined);
  child.kill();
});

test('dump --pause restores the pause state after a failed dump (or says pause is missing)', { skip }, async () => {
  const out = io();
  if (!(await client.supportsPause(0))) {
    assert.equal(await runDump(['--pause'], out), 0);
    assert.match(out.errs, /no pause file \(pause needs Linux 7\.2 or later\)/);
    return;
  }
  const failing = async (): Promise<StatusDump> => {
    assert.equal(await client.isPaused(0), true, 'paused during the dump');
    throw new Error('injected failure');
  };
  await assert.rejects(runDump(['--pause'], out, { take: failing }), /injected failure/);
  assert.equal(await client.isPaused(0), false, 'resumed after the failure');
  assert.equal(await runDump(['--pause'], out), 0);
  const d = JSON.parse(out.text) as StatusDump;
  assert.equal(d.contexts[0].pause, true);
  assert.equal(await client.isPaused(0), false);
});

test('two dumps taken while paused are identical apart from the timestamp', { skip }, async (t) => {
  if (!(await client.supportsPause(0))) return t.skip('no pause on this kernel');
  const hold = await holdPause(client, 0);
  try {
    const a = await takeDump(client, 0);
    await new Promise((r) => setTimeout(r, 1500));
    const b = await takeDump(client, 0);
    assert.deepEqual(diffDumps(a, b), []);
    assert.ok(a.contexts[0].schemes[0].stats.nr_tried > 0, 'the stat scheme ran before the pause');
    assert.match(a.contexts[0].schemes[0].tried_regions_error ?? '', /ECANCELED|cancel/i, 'walks are cancelled while paused');
  } finally {
    await hold.restore();
  }
  const c = await takeDump(client, 0);
  assert.ok((c.contexts[0].schemes[0].tried_regions?.regions.length ?? 0) > 0, 'tried regions again once resumed');
});
