// The kernel's damon_sysfs_lock is only ever tried (mutex_trylock): a `state` write, a `pid` read
// or an `nr_*` write that meets it held answers EBUSY, and a state command holds it until the
// kdamond has served the request. These tests put that rule in front of the simulated sysfs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FsError, type DamonFs } from '../../../src/damon/fs';
import { SysfsBackend } from '../../../src/investigation/backends/sysfsBackend';
import { PRESETS } from '../../../src/sim';
import { createSimulatedDamon } from '../../../src/sim/sysfs';
import { DamonClient } from '../../../src/sysfs/client';
import { takesSysfsLock } from '../../../src/sysfs/sysfs-lock';
import { paddrStat } from '../../support/damonSetup';

/** A DamonFs whose lock-taking operations hold a global lock for `holdMs`, and answer EBUSY when it is held. */
class TrylockFs implements DamonFs {
  private held = false;
  busy = 0;
  constructor(private readonly inner: DamonFs, private readonly holdMs = 3) {}

  private async locked<T>(path: string, op: 'read' | 'write', run: () => Promise<T>, value?: string): Promise<T> {
    if (!takesSysfsLock(path, op)) return run();
    if (this.held) {
      this.busy++;
      throw new FsError('EBUSY', op, path, value);
    }
    this.held = true;
    try {
      await new Promise((r) => setTimeout(r, this.holdMs));
      return await run();
    } finally {
      this.held = false;
    }
  }

  read(p: string): Promise<string> {
    return this.locked(p, 'read', () => this.inner.read(p));
  }
  write(p: string, v: string): Promise<void> {
    return this.locked(p, 'write', () => this.inner.write(p, v), v);
  }
  list(p: string): Promise<string[]> {
    return this.inner.list(p);
  }
  exists(p: string): Promise<boolean> {
    return this.inner.exists(p);
  }
}

async function twoKdamonds() {
  const { fs, kernel } = createSimulatedDamon({ workload: PRESETS['hot-cold'](), generation: '7.3' });
  const locking = new TrylockFs(fs);
  const client = new DamonClient(locking);
  await client.setNrKdamonds(2);
  await client.writeKdamond(0, paddrStat({ start: 0, end: 2 ** 28 }));
  await client.writeKdamond(1, paddrStat({ start: 2 ** 30, end: 2 ** 30 + 2 ** 28 }));
  await client.start(0);
  await client.start(1);
  kernel.advance(2e6);
  return { raw: fs, locking, client };
}

test('which operations take damon_sysfs_lock', () => {
  assert.equal(takesSysfsLock('kdamonds/0/state', 'write'), true);
  assert.equal(takesSysfsLock('kdamonds/0/state', 'read'), true);
  assert.equal(takesSysfsLock('kdamonds/3/pid', 'read'), true);
  assert.equal(takesSysfsLock('kdamonds/nr_kdamonds', 'write'), true);
  assert.equal(takesSysfsLock('kdamonds/0/contexts/0/schemes/nr_schemes', 'write'), true);
  assert.equal(takesSysfsLock('kdamonds/nr_kdamonds', 'read'), false);
  assert.equal(takesSysfsLock('kdamonds/0/contexts/0/monitoring_attrs/nr_regions/min', 'write'), false);
  assert.equal(takesSysfsLock('kdamonds/0/contexts/0/pause', 'write'), false);
});

test('the rule bites: two state commands at once, unserialized, meet EBUSY', async () => {
  const { raw } = await twoKdamonds();
  const locking = new TrylockFs(raw);
  const results = await Promise.allSettled([locking.write('kdamonds/0/state', 'update_schemes_stats'), locking.write('kdamonds/1/state', 'update_schemes_stats')]);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
});

test('the client never races itself for the lock: a snapshot refreshes both kdamonds without EBUSY', async () => {
  const { locking, client } = await twoKdamonds();
  const backend = new SysfsBackend({ id: 'lock', label: 'lock', kind: 'system', client, readOnly: false });
  for (let i = 0; i < 3; i++) {
    const snap = await backend.snapshot();
    assert.deepEqual(snap.kdamonds.map((k) => k.state), ['on', 'on']);
    for (const k of snap.kdamonds) assert.ok(k.status!.contexts[0].schemes[0].stats.nr_tried > 0, `kdamond ${k.index} stats refreshed`);
  }
  await Promise.all([client.updateStats(0), client.updateStats(1), client.pid(0), client.pid(1), client.state(0)]);
  assert.equal(locking.busy, 0, 'no operation met the lock held');
});

test('another holder of the lock for a moment costs a retry, not an error', async () => {
  const { locking, client } = await twoKdamonds();
  // Someone else (damo, say) holds the lock for a few milliseconds.
  const other = locking.write('kdamonds/0/state', 'update_schemes_stats');
  const stats = await client.updateStats(1);
  await other;
  assert.ok(stats[0][0].nr_tried > 0);
  assert.ok(locking.busy >= 1, 'the client met EBUSY and retried');
});
