// Pause semantics of Linux 7.2+ (KERNEL-NOTES §2.1), step by step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamonError } from '../../../src/damon/errno';
import { defaultScheme, type ContextParams } from '../../../src/damon/params';
import type { TraceEvent } from '../../../src/sim/trace';
import type { Kdamond } from '../../../src/sim/kdamond';
import { boot, certainWorkload, fvaddrCtx, steps } from './fixtures';

const withStat = (c: ContextParams): void => {
  c.schemes.push(defaultScheme('stat'));
};

/** Commits `edit`ed params and runs the step that serves the request. */
async function commitNow(kd: Kdamond, edit: (c: ContextParams) => void): Promise<void> {
  const p = structuredClone(kd.ctx?.params);
  assert.ok(p);
  edit(p);
  const done = kd.commit(p);
  kd.step();
  await done;
}

const errno = (e: unknown): string => (e instanceof DamonError ? e.errno : String(e));

test('while paused for N samples, regions, counters, ages, tuned intervals and the sample counter stay bit-identical, and no trace fires', async () => {
  const { kd } = boot(fvaddrCtx(withStat));
  steps(kd, 30);
  await commitNow(kd, (c) => (c.pause = true));
  assert.equal(kd.paused, true);
  const before = JSON.stringify(kd.status());
  const t0 = kd.nowUs;
  const events: TraceEvent[] = [];
  kd.trace.on((e) => events.push(e));
  steps(kd, 50);
  assert.equal(JSON.stringify(kd.status()), before);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 31);
  assert.deepEqual(events, []);
  assert.equal(kd.nowUs - t0, 50 * 5000, 'each paused iteration still sleeps one sample interval');
});

test('a tried-regions walk while paused is ECANCELED; after resume it completes', async () => {
  const { kd } = boot(fvaddrCtx(withStat));
  steps(kd, 5);
  await commitNow(kd, (c) => (c.pause = true));
  const walk = kd.updateSchemesTriedRegions();
  kd.step();
  await assert.rejects(walk, (e) => errno(e) === 'ECANCELED');
  const bytes = kd.updateSchemesTriedBytes();
  kd.step();
  await assert.rejects(bytes, (e) => errno(e) === 'ECANCELED');
  await commitNow(kd, (c) => (c.pause = false));
  const ok = kd.updateSchemesTriedRegions();
  let settled = false;
  void ok.then(() => (settled = true));
  for (let i = 0; i < 40 && !settled; i++) {
    kd.step();
    await Promise.resolve();
  }
  const [tried] = await ok;
  assert.equal(tried.total_bytes, 8 * 2 ** 20, 'the stat scheme tried every byte of both ranges');
});

test('an online commit while paused (new intervals) takes effect without resuming', async () => {
  const { kd } = boot(fvaddrCtx());
  steps(kd, 30); // one aggregation done at 20; mid-window at 31 after the commit step
  await commitNow(kd, (c) => (c.pause = true));
  const hotAge = kd.status().contexts[0].targets[0].regions[0].age;
  await commitNow(kd, (c) => {
    c.monitoring_attrs.intervals.sample_us = 10000;
    c.monitoring_attrs.intervals.aggr_us = 400000;
  });
  const st = kd.status().contexts[0];
  assert.equal(kd.paused, true);
  assert.equal(st.pause, true);
  assert.deepEqual(st.tuned_intervals, { sample_us: 10000, aggr_us: 400000 });
  assert.equal(st.passed_sample_intervals, 31);
  const hot = st.targets[0].regions[0];
  // Mid-window: nr_accesses reset; last 20 of 20 samples -> 10000 bp -> 40 of 40 samples.
  assert.equal(hot.nr_accesses, 0);
  assert.equal(hot.last_nr_accesses, 40);
  assert.equal(hot.age, Math.floor((hotAge * 100000) / 400000));
  const t0 = kd.nowUs;
  kd.step();
  assert.equal(kd.nowUs - t0, 10000, 'the pause loop sleeps the new sample interval');
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 31);
});

test('off while paused stops the kdamond', async () => {
  const { kd } = boot(fvaddrCtx());
  steps(kd, 3);
  await commitNow(kd, (c) => (c.pause = true));
  kd.stop();
  assert.equal(kd.running, false);
  assert.equal(kd.status().state, 'off');
  assert.equal(kd.pid, -1);
  await assert.rejects(kd.commit(fvaddrCtx()), (e) => errno(e) === 'ECANCELED', 'commit on a stopped kdamond');
});

test('a paused kdamond stops when its target process exits', async () => {
  const { kd } = boot(fvaddrCtx(), certainWorkload({ exit_s: 1 }));
  steps(kd, 10);
  await commitNow(kd, (c) => (c.pause = true));
  while (kd.running && kd.nowUs < 2e6) kd.step();
  assert.equal(kd.running, false);
  assert.ok(kd.nowUs >= 1e6 && kd.nowUs < 1e6 + 10000);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 11);
});

test('on resume DAMOS applies in the same iteration, before any new sample', async () => {
  const { kd } = boot(fvaddrCtx((c) => {
    c.pause = true;
    c.schemes.push({ ...defaultScheme('stat'), apply_interval_us: 5000 });
  }));
  steps(kd, 3);
  let st = kd.status().contexts[0];
  assert.equal(st.passed_sample_intervals, 1);
  assert.equal(st.schemes[0].stats.nr_tried, 0);
  await commitNow(kd, (c) => (c.pause = false));
  st = kd.status().contexts[0];
  assert.equal(st.passed_sample_intervals, 1, 'no new sample yet');
  assert.equal(st.schemes[0].stats.nr_tried, st.targets[0].regions.length);
  assert.equal(st.schemes[0].stats.sz_tried, 8 * 2 ** 20);
});

test('starting with pause set samples once and then pauses', () => {
  const { kd } = boot(fvaddrCtx((c) => (c.pause = true)));
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 0);
  kd.step();
  const st = kd.status().contexts[0];
  assert.equal(st.passed_sample_intervals, 1);
  assert.equal(kd.paused, true);
  const regions = st.targets[0].regions;
  assert.ok(regions.filter((r) => r.start < 0x20000000).every((r) => r.nr_accesses === 1), 'hot regions saw the one sample');
  assert.ok(regions.filter((r) => r.start >= 0x20000000).every((r) => r.nr_accesses === 0));
  steps(kd, 10);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 1);
  assert.equal(kd.nowUs, 11 * 5000);
});

test('a rejected commit leaves the running kdamond unchanged', async () => {
  const { kd } = boot(fvaddrCtx(withStat));
  steps(kd, 25);
  const params = JSON.stringify(kd.ctx?.params);
  const attrs = JSON.stringify(kd.ctx?.attrs);
  await assert.rejects(commitNow(kd, (c) => (c.monitoring_attrs.nr_regions.min = 2)), (e) => errno(e) === 'EINVAL');
  assert.equal(JSON.stringify(kd.ctx?.params), params);
  assert.equal(JSON.stringify(kd.ctx?.attrs), attrs);
  assert.equal(kd.running, true);
  // Paused, nothing else moves: the whole dump is unchanged.
  await commitNow(kd, (c) => (c.pause = true));
  const before = JSON.stringify(kd.status());
  await assert.rejects(commitNow(kd, (c) => (c.monitoring_attrs.intervals.sample_us = 200000)), (e) => errno(e) === 'EINVAL');
  await assert.rejects(commitNow(kd, (c) => (c.targets[0].pid_target = 999)), (e) => errno(e) === 'EINVAL');
  assert.equal(JSON.stringify(kd.status()), before);
});
