// The feed loop, interval tuning, effective quota and scores, by hand from the kernel formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultScheme } from '../../../src/damon/params';
import { feedLoopNextInput, intervalsAdaptationBp, intervalsScoreBp, tunedSampleUs } from '../../../src/sim/feedloop';
import { effectiveQuota, goalScoreBp, hotScore, minScoreFor, schemeScore } from '../../../src/sim/quota';

test('feed loop: next = last +- last * |10000 - score| / 10000, floor 10000, reset at score >= 20000', () => {
  assert.equal(feedLoopNextInput(10000, 5000), 15000);
  assert.equal(feedLoopNextInput(15000, 5000), 22500);
  assert.equal(feedLoopNextInput(20000, 12000), 16000);
  assert.equal(feedLoopNextInput(100000, 15000), 50000);
  assert.equal(feedLoopNextInput(12000, 19000), 10000);
  assert.equal(feedLoopNextInput(777777, 10000), 777777);
  assert.equal(feedLoopNextInput(777777, 20000), 10000);
  assert.equal(feedLoopNextInput(10000, 0), 20000);
});

test('interval tuning: score vs access_bp, adaptation, halving at most, clamped sample', () => {
  // max events 1000, goal 4% -> target 40; 20 events -> score 5000.
  assert.equal(intervalsScoreBp(20, 1000, 400), 5000);
  assert.equal(intervalsScoreBp(0, 0, 400), 0, 'target is at least 1');
  // feed(1e8, 5000) = 1.5e8 -> 15000 bp: grow by 1.5x.
  assert.equal(intervalsAdaptationBp(5000), 15000);
  assert.equal(tunedSampleUs(5000, 15000, 1000, 100000), 7500);
  // feed(1e8, >= 20000) = 10000 -> 1 bp -> rescaled to 5000 + 0: halve.
  assert.equal(intervalsAdaptationBp(25000), 5000);
  assert.equal(tunedSampleUs(5000, 5000, 1000, 100000), 2500);
  // On target: 1e8 -> 10000 -> rescaled 5000 + 5000 = 10000, i.e. no change.
  assert.equal(intervalsAdaptationBp(10000), 10000);
  // 15000: feed = 1e8 - 0.5e8 = 5e7 -> 5000 bp -> 5000 + 2500 = 7500.
  assert.equal(intervalsAdaptationBp(15000), 7500);
  assert.equal(tunedSampleUs(5000, 15000, 1000, 6000), 6000, 'clamped to max_sample_us');
  assert.equal(tunedSampleUs(5000, 5000, 3000, 6000), 3000, 'clamped to min_sample_us');
});

test('effective quota: size only, time quota with modelled throughput, both', () => {
  const q = defaultScheme('pageout').quotas;
  const st = () => ({ eszBp: 0, totalChargedSz: 0, totalChargedNs: 0 });
  assert.equal(effectiveQuota({ ...q, bytes: 1 << 20 }, st(), 0, 4096), 1 << 20);
  // Nothing charged yet: PAGE_SIZE * 1024 bytes/ms * 10 ms = 40 MiB.
  assert.equal(effectiveQuota({ ...q, ms: 10 }, st(), 0, 4096), 41943040);
  assert.equal(effectiveQuota({ ...q, ms: 10, bytes: 1 << 20 }, st(), 0, 4096), 1 << 20);
  // 1e9 bytes in 2e9 ns = 500000 bytes/ms -> 5e6 for 10 ms.
  assert.equal(effectiveQuota({ ...q, ms: 10 }, { eszBp: 0, totalChargedSz: 1e9, totalChargedNs: 2e9 }, 0, 4096), 5e6);
  // A tiny throughput still allows min_region_sz.
  assert.equal(effectiveQuota({ ...q, ms: 1 }, { eszBp: 0, totalChargedSz: 1, totalChargedNs: 1e9 }, 0, 4096), 4096);
});

test('effective quota: consist grows esz_bp by the feed loop from 10000; temporal is all or nothing', () => {
  const goals = [{ target_metric: 'user_input' as const, target_value: 100, current_value: 50, nid: 0, path: '' }];
  const q = { ...defaultScheme('pageout').quotas, goals };
  const st = { eszBp: 0, totalChargedSz: 0, totalChargedNs: 0 };
  assert.equal(effectiveQuota(q, st, 5000, 4096), 1); // esz_bp 15000 -> 1 byte
  assert.equal(st.eszBp, 15000);
  assert.equal(effectiveQuota(q, st, 5000, 4096), 2); // 22500
  assert.equal(effectiveQuota({ ...q, bytes: 1 }, st, 5000, 4096), 1, 'capped by bytes'); // 33750
  assert.equal(st.eszBp, 33750);
  const t = { ...q, goal_tuner: 'temporal' as const, bytes: 8192 };
  assert.equal(effectiveQuota(t, { eszBp: 0, totalChargedSz: 0, totalChargedNs: 0 }, 9999, 4096), 8192);
  assert.equal(effectiveQuota(t, { eszBp: 0, totalChargedSz: 0, totalChargedNs: 0 }, 10000, 4096), 0);
  // esz_bp = ULONG_MAX, so esz = ULONG_MAX / 10000.
  assert.equal(effectiveQuota({ ...t, bytes: 0 }, { eszBp: 0, totalChargedSz: 0, totalChargedNs: 0 }, 0, 4096), 1844674407370955);
});

test('goal score: the highest current/target ratio wins', () => {
  assert.equal(goalScoreBp([{ current_value: 50, target_value: 100 }, { current_value: 30, target_value: 40 }]), 7500);
});

test('hot score: freq and age subscores weighted, scaled to 0..99; cold = 99 - hot', () => {
  const w = (nr: number, age: number) => ({ sz_permil: 0, nr_accesses_permil: nr, age_permil: age });
  // freq 10/20 -> 50; hotness 50 -> 50 * 99 / 100 = 49.
  assert.equal(hotScore(10, 20, 0, 100000, w(1000, 0)), 49);
  // age 10 * 100 ms = 1 s -> log 1; freq 0 -> -1 + 32 = 31 -> 31*100/32/2 = 48 -> 47.
  assert.equal(hotScore(0, 20, 10, 100000, w(0, 1000)), 47);
  // Same age, accessed: 33 -> 3300/32/2 = 51 -> 50.
  assert.equal(hotScore(1, 20, 10, 100000, w(0, 1000)), 50);
  // Both weights: freq 100 (20/20), age 0 -> 32 -> 50; (1000*100 + 1000*50) / 2000 = 75 -> 74.
  assert.equal(hotScore(20, 20, 0, 100000, w(1000, 1000)), 74);
  assert.equal(schemeScore('paddr', 'pageout', () => 47), 52);
  assert.equal(schemeScore('paddr', 'lru_prio', () => 47), 47);
  assert.equal(schemeScore('vaddr', 'lru_prio', () => 47), 99);
  assert.equal(schemeScore('vaddr', 'stat', () => 47), 99);
});

test('min_score: walking down from the max score until the cumulated size reaches esz', () => {
  const h = new Float64Array(100);
  h[90] = 4096;
  h[50] = 8192;
  h[10] = 16384;
  assert.equal(minScoreFor(h, 90, 10000), 50);
  assert.equal(minScoreFor(h, 90, 4096), 90);
  assert.equal(minScoreFor(h, 90, 100000), 0);
});
