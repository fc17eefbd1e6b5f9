// The monitoring loop with certain accesses: counts, ages, moving sum, rescaling, tuning, traces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamonError } from '../../../src/damon/errno';
import { defaultContext, defaultScheme, defaultTarget } from '../../../src/damon/params';
import type { TraceEvent } from '../../../src/sim/trace';
import { formatTrace } from '../../../src/sim/trace';
import { boot, certainWorkload, COLD, fvaddrCtx, HOT, MiB, PID, steps } from './fixtures';

const hotRegions = (c: ReturnType<typeof status>) => c.targets[0].regions.filter((r) => r.end <= HOT.end);
const coldRegions = (c: ReturnType<typeof status>) => c.targets[0].regions.filter((r) => r.start >= COLD.start);
const status = (kd: { status(): { contexts: import('../../../src/damon/status').ContextStatus[] } }) => kd.status().contexts[0];

test('aggregation every aggr/sample samples: last_nr_accesses, reset nr_accesses, age', () => {
  const { kd } = boot(fvaddrCtx());
  steps(kd, 19);
  let c = status(kd);
  assert.ok(hotRegions(c).every((r) => r.nr_accesses === 19 && r.last_nr_accesses === 0));
  kd.step();
  c = status(kd);
  assert.equal(c.next_aggregation_sis, 40);
  // First window: hot went 0 -> 20 (> thres 2): age 0; cold stayed 0: age 1.
  assert.ok(hotRegions(c).every((r) => r.nr_accesses === 0 && r.last_nr_accesses === 20 && r.age === 0));
  assert.ok(coldRegions(c).every((r) => r.last_nr_accesses === 0 && r.age === 1));
  steps(kd, 20);
  c = status(kd);
  assert.ok(hotRegions(c).every((r) => r.last_nr_accesses === 20 && r.age === 1));
  assert.ok(coldRegions(c).every((r) => r.age === 2));
});

test('the moving sum (nr_accesses_bp) follows kernel damon_moving_sum() sample by sample', () => {
  // Hot for the first 20 samples only (samples at 5, 10, ..., 100 ms).
  const w = certainWorkload();
  w.processes[0].areas[0] = { ...w.processes[0].areas[0], access_probability: undefined, loop: false, phases: [{ duration_s: 0.101, access_probability: 1 }, { duration_s: 1, access_probability: 0 }] };
  const { kd } = boot(fvaddrCtx(), w);
  steps(kd, 20);
  assert.ok(hotRegions(status(kd)).every((r) => r.nr_accesses_bp === 200000));
  steps(kd, 10);
  // 10 samples without access: 200000 - 10 * (20 * 10000 / 20) = 100000.
  assert.ok(hotRegions(status(kd)).every((r) => r.nr_accesses === 0 && r.nr_accesses_bp === 100000));
});

test('an online attrs commit at an aggregation boundary converts nr_accesses through bp and scales age', async () => {
  const { kd } = boot(fvaddrCtx());
  steps(kd, 39);
  const ageBefore = hotRegions(status(kd))[0].age; // 1
  const p = fvaddrCtx((c) => (c.monitoring_attrs.intervals.aggr_us = 200000));
  const done = kd.commit(p);
  kd.step(); // sample 40 = boundary: merge, then the commit (not mid-window), then reset
  await done;
  const c = status(kd);
  // nr 20 of 20 -> 10000 bp -> 40 of 40, then reset makes it last_nr_accesses.
  assert.ok(hotRegions(c).every((r) => r.last_nr_accesses === 40 && r.nr_accesses === 0));
  assert.ok(hotRegions(c).every((r) => r.age === Math.floor(((ageBefore + 1) * 100000) / 200000)));
  assert.equal(c.next_aggregation_sis, 80);
});

test('intervals auto-tuning: 50% accessed against a 25% goal halves sample_us and keeps aggr_samples', () => {
  const { kd } = boot(fvaddrCtx((c) => {
    c.monitoring_attrs.intervals.intervals_goal = { access_bp: 2500, aggrs: 1, min_sample_us: 1000, max_sample_us: 10000 };
  }));
  const events: TraceEvent[] = [];
  kd.trace.on((e) => events.push(e));
  steps(kd, 20);
  const c = status(kd);
  // events = 4 MiB * 20, target = 8 MiB * 20 * 2500 / 10000 -> score 20000 -> halve.
  assert.deepEqual(c.tuned_intervals, { sample_us: 2500, aggr_us: 50000 });
  assert.deepEqual(events.filter((e) => e.event === 'damon_monitor_intervals_tune').map((e) => formatTrace(e)), ['damon_monitor_intervals_tune: sample_us=2500']);
  // damon_set_attrs() at the boundary: age * 100 ms / 50 ms.
  assert.ok(coldRegions(c).every((r) => r.age === 2));
  assert.equal(c.next_aggregation_sis, 40);
  const t0 = kd.nowUs;
  kd.step();
  assert.equal(kd.nowUs - t0, 2500);
});

test('damon_aggregated traces every region once per aggregation, before the reset', () => {
  const { kd } = boot(fvaddrCtx());
  const events: TraceEvent[] = [];
  kd.trace.on((e) => events.push(e));
  steps(kd, 20);
  const agg = events.filter((e) => e.event === 'damon_aggregated');
  assert.ok(agg.length >= 2);
  const hot = agg.find((e) => e.event === 'damon_aggregated' && e.start === HOT.start);
  assert.ok(hot && hot.event === 'damon_aggregated' && hot.nr_accesses === 20 && hot.target_id === 0 && hot.nr_regions === agg.length);
  assert.match(formatTrace(agg[0]), /^damon_aggregated: target_id=0 nr_regions=\d+ \d+-\d+: \d+ \d+$/);
});

test('state commands: EBUSY on a second on, EINVAL before the first, stats and tuned intervals via damon_call', async () => {
  const { kernel, kd } = boot(fvaddrCtx((c) => c.schemes.push(defaultScheme('stat'))));
  assert.throws(() => kd.start(fvaddrCtx()), (e: unknown) => e instanceof DamonError && e.errno === 'EBUSY');
  const fresh = kernel.addKdamond();
  assert.throws(() => fresh.stop(), (e: unknown) => e instanceof DamonError && e.errno === 'EINVAL');
  await assert.rejects(fresh.updateSchemesStats(), (e: unknown) => e instanceof DamonError && e.errno === 'EINVAL');
  assert.throws(() => kernel.setNrKdamonds(0), (e: unknown) => e instanceof DamonError && e.errno === 'EBUSY');
  const stats = kd.updateSchemesStats();
  const tuned = kd.updateTunedIntervals();
  steps(kd, 20);
  assert.equal((await stats)[0].nr_tried, 0, 'served at the first kdamond_call, before DAMOS ran');
  assert.deepEqual(await tuned, { sample_us: 5000, aggr_us: 100000 });
  const after = kd.updateSchemesStats();
  kd.step();
  const st = (await after)[0];
  assert.ok(st.nr_tried > 0);
  assert.equal(st.sz_tried, 8 * MiB, 'the stat scheme tried every byte once');
});

test('vaddr: initial regions from the three biggest gaps, refit by ops.update', () => {
  const w = certainWorkload();
  w.processes[0].areas.push({ name: 'late', start: 0x30000000, size: 4 * MiB, access_probability: 1, start_s: 0.5 });
  const c = defaultContext('vaddr');
  c.targets.push(defaultTarget(PID));
  c.monitoring_attrs.intervals.update_us = 1000000;
  const { kd } = boot(c, w);
  let regions = status(kd).targets[0].regions;
  assert.equal(regions[0].start, HOT.start);
  assert.equal(regions[regions.length - 1].end, 0x7fff0000000 + MiB);
  assert.ok(regions.every((r) => r.end <= HOT.end || r.start >= COLD.start));
  steps(kd, 200); // 1 s: the update sees the new mapping
  regions = status(kd).targets[0].regions;
  // With 'late' mapped the biggest gaps are hot->cold and late->stack: [cold, late end) is one region now.
  const covered = regions.reduce((s, r) => s + r.end - r.start, 0);
  assert.ok(covered > 9 * MiB, `covered ${covered}`);
});

test('commit with an obsolete target removes that target and keeps the others (damon_commit_targets)', async () => {
  const w = certainWorkload();
  w.processes.push({ pid: PID + 1, areas: [{ start: 0x40000000, size: 4 * MiB, access_probability: 1 }] });
  const c = fvaddrCtx((x) => x.targets.push({ ...defaultTarget(PID + 1), regions: [{ start: 0x40000000, end: 0x40000000 + 4 * MiB }] }));
  const { kd } = boot(c, w);
  steps(kd, 5);
  const p = structuredClone(c);
  p.targets[0].obsolete_target = true;
  const done = kd.commit(p);
  kd.step();
  await done;
  const targets = kd.status().contexts[0].targets;
  assert.deepEqual(targets.map((t) => t.pid_target), [PID + 1]);
  assert.equal(targets[0].regions[0].start, 0x40000000);
  assert.ok(targets[0].regions.every((r) => r.nr_accesses === 6), 'kept its monitoring results');
});

test('apply_interval_us: a scheme applies on its own schedule (every 10 samples here), not per aggregation', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push({ ...defaultScheme('stat'), apply_interval_us: 50000 })));
  steps(kd, 9);
  assert.equal(kd.status().contexts[0].schemes[0].stats.nr_snapshots, 0);
  kd.step();
  assert.equal(kd.status().contexts[0].schemes[0].stats.nr_snapshots, 1);
  steps(kd, 30);
  assert.equal(kd.status().contexts[0].schemes[0].stats.nr_snapshots, 4);
});

test('kernel scheduling: several kdamonds advance together; vaddr without targets stops at once', () => {
  const { kernel, kd } = boot(fvaddrCtx());
  const other = kernel.addKdamond();
  other.start(fvaddrCtx((c) => (c.monitoring_attrs.intervals = { ...c.monitoring_attrs.intervals, sample_us: 20000, aggr_us: 200000 })));
  kernel.advance(1e6);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 200);
  assert.equal(other.status().contexts[0].passed_sample_intervals, 50);
  const empty = kernel.addKdamond();
  const c = defaultContext('vaddr');
  empty.start(c);
  assert.equal(empty.running, true);
  kernel.advance(5000);
  assert.equal(empty.running, false, 'kdamond_need_stop(): no valid target');
  assert.notEqual(kd.pid, other.pid);
});
