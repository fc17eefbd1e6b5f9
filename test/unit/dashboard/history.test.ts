import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultContext, defaultKdamond, defaultQuotaGoal, defaultScheme } from '../../../src/damon/params';
import { emptySchemeStats, type KdamondStatus } from '../../../src/damon/status';
import { HistoryStore } from '../../../src/investigation/history/history';
import { Ring } from '../../../src/investigation/history/ring';
import type { BackendSnapshot } from '../../../src/investigation/backends/snapshot';

test('a ring keeps the newest elements up to its capacity, and what came after a sequence number', () => {
  const ring = new Ring<number>(3);
  for (let i = 0; i < 5; i++) ring.push(i);
  assert.deepEqual(ring.toArray(), [2, 3, 4]);
  assert.equal(ring.seq, 5);
  assert.deepEqual(ring.since(3), [3, 4]);
  assert.deepEqual(ring.since(0), [2, 3, 4], 'what was dropped is gone');
  assert.equal(ring.at(0), 2);
  assert.equal(ring.last(), 4);
  ring.resize(2);
  assert.deepEqual(ring.toArray(), [3, 4]);
  ring.push(5);
  assert.deepEqual(ring.toArray(), [4, 5]);
});

function snapshot(takenAt: number, psi: number, paused: boolean, sz_applied: number): BackendSnapshot {
  const params = defaultKdamond();
  const ctx = defaultContext('vaddr');
  const scheme = defaultScheme('pageout');
  scheme.quotas.goals = [{ ...defaultQuotaGoal(), target_value: 400 }];
  ctx.schemes = [scheme];
  params.contexts = [ctx];
  const status: KdamondStatus = {
    state: 'on',
    pid: 42,
    contexts: [{
      operations: 'vaddr', pause: paused, tuned_intervals: { sample_us: 5000, aggr_us: 100_000 }, passed_sample_intervals: psi,
      next_aggregation_sis: 0, next_ops_update_sis: 0,
      targets: [{ pid_target: 1, valid: true, regions: [{ start: 0, end: 4096, nr_accesses: 3, last_nr_accesses: 7, nr_accesses_bp: 0, age: 2 }] }],
      schemes: [{ stats: { ...emptySchemeStats(), sz_applied }, effective_bytes: 1 << 20, wmarks_activated: true, goals: [{ current_value: 100 }] }],
    }],
  };
  return {
    id: 'sim-1', label: 'Simulated', kind: 'simulated', generation: '7.3', features: {}, readOnly: false, takenAt,
    kdamonds: [{ index: 0, state: 'on', pid: 42, params, committed: params, status, regionsKnown: true }],
  };
}

test('the history records one sample per refresh of each running context, capped by the history length', () => {
  const store = new HistoryStore(3);
  for (let i = 0; i < 5; i++) store.record([snapshot(10_000 + 500 * i, 20 * i, i === 3, 4096 * i)]);
  store.record([snapshot(10_000 + 500 * 4, 80, false, 0)]); // the same refresh again: skipped
  assert.deepEqual(store.keys, ['sim-1/0/0']);
  const h = store.get('sim-1/0/0');
  assert.ok(h);
  assert.equal(h.label, 'Simulated · kdamond 0 · context 0');
  const samples = h.samples.toArray();
  assert.deepEqual(samples.map((s) => s.t), [1, 1.5, 2]);
  assert.deepEqual(samples.map((s) => s.paused), [false, true, false]);
  const last = samples[2];
  assert.deepEqual([...h.latestRegions], [0, 4096, 7, 2], 'regions carry the last finished window\'s nr_accesses');
  assert.equal(last.wss, 4096);
  assert.equal(last.maxNrAccesses, 20);
  assert.deepEqual(last.schemes[0], { action: 'pageout', nr_tried: 0, sz_tried: 0, nr_applied: 0, sz_applied: 16384, qt_exceeds: 0, effective_bytes: 1 << 20, goals: [{ current: 100, target: 400 }] });
  store.record([]);
  assert.deepEqual(store.keys, [], 'a removed backend takes its history with it');
});

test('heat snapshots cover [t_{k-1}, t_k); the first sample and paused stretches add none, and paused samples copy no regions', () => {
  const store = new HistoryStore(10);
  const psis = [0, 10, 10, 10, 20];
  psis.forEach((psi, i) => store.record([snapshot(10_000 + 1000 * i, psi, i === 2 || i === 3, 0)]));
  const h = store.get('sim-1/0/0');
  assert.ok(h);
  assert.deepEqual(h.heat.all().map((s) => [s.start, s.end]), [[0, 1], [3, 4]]);
  assert.equal(h.samples.length, 5, 'a paused context still has its rows (for the pause band)');
});

test('a refresh that comes before the next sample leaves no gap in the heat: the next snapshot covers both', () => {
  const store = new HistoryStore(10);
  [0, 10, 10, 20].forEach((psi, i) => store.record([snapshot(10_000 + 1000 * i, psi, false, 0)]));
  const h = store.get('sim-1/0/0');
  assert.ok(h);
  assert.deepEqual(h.heat.all().map((s) => [s.start, s.end]), [[0, 1], [1, 3]]);
});
