// DAMOS on the certain workload (hot area always accessed, cold never).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamonError } from '../../../src/damon/errno';
import { defaultContext, defaultFilter, defaultScheme, defaultTarget, UINT_MAX, type SchemeParams } from '../../../src/damon/params';
import { REFAULT_STALL_US } from '../../../src/sim/machine';
import type { Kdamond } from '../../../src/sim/kdamond';
import { boot, certainWorkload, COLD, fvaddrCtx, HOT, MiB, steps } from './fixtures';

const scheme = (action: SchemeParams['action'], edit: (s: SchemeParams) => void = () => {}): SchemeParams => {
  const s = defaultScheme(action);
  edit(s);
  return s;
};
const cold = (s: SchemeParams): void => {
  s.access_pattern.nr_accesses = { min: 0, max: 0 };
};
const stats = (kd: Kdamond) => kd.status().contexts[0].schemes[0].stats;
const areaResident = (kd: Kdamond, name: string): number => {
  const m = kd.ctx?.machine;
  const a = m?.areas.find((x) => x.name === name);
  if (!m || !a) throw new Error(name);
  let sum = 0;
  for (let b = a.blockBase; b < a.blockBase + a.nBlocks; b++) sum += m.resident.count[b] * 4096;
  return sum;
};

test('pageout makes cold pages non-resident, resets age, and counts applied bytes', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('pageout', cold))));
  steps(kd, 20);
  const st = stats(kd);
  assert.equal(st.sz_tried, 4 * MiB);
  assert.equal(st.sz_applied, 4 * MiB);
  assert.equal(st.sz_ops_filter_passed, 4 * MiB);
  assert.equal(areaResident(kd, 'cold'), 0);
  assert.equal(areaResident(kd, 'hot'), 4 * MiB);
  // Age was reset by the action (then the split copies it).
  const regions = kd.status().contexts[0].targets[0].regions;
  assert.ok(regions.filter((r) => r.start >= COLD.start).every((r) => r.age === 0));
});

test('paged-out pages that are accessed refault, adding memory stall (PSI)', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('pageout', (s) => (s.access_pattern.nr_accesses = { min: 20, max: 20 })))));
  steps(kd, 20);
  assert.equal(areaResident(kd, 'hot'), 0);
  const m = kd.ctx?.machine;
  assert.ok(m);
  const psi0 = m.psiTotalUs;
  m.syncTo(kd.nowUs + 1000);
  assert.equal(areaResident(kd, 'hot'), 4 * MiB, 'probability-1 pages refault at once');
  assert.equal(m.psiTotalUs - psi0, 1024 * REFAULT_STALL_US);
});

test('size quota: 1 MiB per 1 s window, split at the quota, resumed where the last window stopped', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('pageout', (s) => {
    cold(s);
    s.quotas.bytes = MiB;
    s.quotas.reset_interval_ms = 1000;
  }))));
  steps(kd, 20);
  assert.equal(stats(kd).sz_tried, MiB);
  assert.equal(kd.status().contexts[0].schemes[0].effective_bytes, MiB);
  steps(kd, 199); // t = 1.095 s: still in the first window (jiffies 1100..2099), full
  assert.equal(stats(kd).sz_tried, MiB);
  assert.equal(stats(kd).qt_exceeds, 0);
  kd.step(); // t = 1.1 s: a new window; the old one was full
  assert.equal(stats(kd).qt_exceeds, 1);
  assert.equal(stats(kd).sz_tried, 2 * MiB);
  assert.equal(areaResident(kd, 'cold'), 2 * MiB, 'the second MiB, not the first again');
});

test('core filters: the first matching filter decides, unmatched memory is rejected iff the last filter allows', () => {
  const run = (allow: boolean): number => {
    const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
      s.core_filters.push({ ...defaultFilter('addr'), matching: true, allow, addr_start: COLD.start, addr_end: COLD.start + MiB });
    }))));
    steps(kd, 20);
    return stats(kd).sz_tried;
  };
  assert.equal(run(true), MiB, 'allow list: only the range');
  assert.equal(run(false), 7 * MiB, 'reject list: everything but the range');
});

test('ops filters: evaluated per page; a core allow skips them; with ops filters the core default does not reject', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
    s.ops_filters.push({ ...defaultFilter('anon'), matching: true, allow: false });
  }))));
  steps(kd, 20);
  assert.equal(stats(kd).sz_tried, 8 * MiB);
  assert.equal(stats(kd).sz_ops_filter_passed, 4 * MiB, 'only the file-backed cold area passes');

  const both = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
    s.core_filters.push({ ...defaultFilter('addr'), matching: true, allow: true, addr_start: HOT.start, addr_end: HOT.end });
    s.ops_filters.push({ ...defaultFilter('anon'), matching: true, allow: false });
  })))).kd;
  steps(both, 20);
  assert.equal(stats(both).sz_tried, 8 * MiB);
  assert.equal(stats(both).sz_ops_filter_passed, 8 * MiB);
});

test('watermarks: out of [low, high] the kdamond waits without sampling; a commit re-activates', async () => {
  const wm = (low: number) => (s: SchemeParams): void => {
    s.watermarks = { metric: 'free_mem_rate', interval_us: 20000, high: 999, mid: 990, low };
  };
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', wm(980)))));
  // Free: (256 - 9) MiB of 256 MiB -> 964 per mille < low.
  steps(kd, 10);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 0);
  assert.equal(kd.nowUs, 10 * 20000);
  assert.equal(kd.status().contexts[0].schemes[0].wmarks_activated, false);
  const walk = kd.updateSchemesTriedRegions();
  kd.step();
  await assert.rejects(walk, (e) => e instanceof DamonError && e.errno === 'ECANCELED');
  const p = fvaddrCtx((c) => c.schemes.push(scheme('stat', wm(900))));
  const done = kd.commit(p);
  kd.step();
  await done;
  steps(kd, 20);
  assert.equal(kd.status().contexts[0].passed_sample_intervals, 20);
  assert.equal(stats(kd).sz_tried, 8 * MiB);
});

test('max_nr_snapshots stops the scheme after that many snapshots', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => (s.max_nr_snapshots = 2)))));
  steps(kd, 100);
  assert.equal(stats(kd).nr_snapshots, 2);
  assert.equal(stats(kd).sz_tried, 2 * 8 * MiB);
});

test('goal tuning: consist grows esz_bp 1.5x per window at score 5000; temporal is all or nothing', async () => {
  const goal = { target_metric: 'user_input' as const, target_value: 10000, current_value: 5000, nid: 0, path: '' };
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('pageout', (s) => {
    s.quotas.goals.push(goal);
    s.quotas.reset_interval_ms = 100;
  }))));
  const esz = async (): Promise<number> => {
    const q = kd.updateSchemesEffectiveQuotas();
    kd.step();
    return (await q)[0];
  };
  // Served at the kdamond_call right after the apply at samples 20, 40 and 60.
  steps(kd, 20);
  assert.equal(await esz(), 1); // 15000 bp
  steps(kd, 19);
  assert.equal(await esz(), 2); // 22500 bp
  steps(kd, 19);
  assert.equal(await esz(), 3); // 33750 bp
  assert.equal(stats(kd).nr_tried, 0, 'less than min_region_sz of quota is a full quota');

  const t = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
    s.quotas.goals.push({ ...goal, current_value: 9999 });
    s.quotas.goal_tuner = 'temporal';
    s.quotas.bytes = 2 * MiB;
    s.quotas.reset_interval_ms = 100;
  })))).kd;
  steps(t, 20);
  assert.equal(t.status().contexts[0].schemes[0].effective_bytes, 2 * MiB);
  const p = structuredClone(t.ctx?.params);
  assert.ok(p);
  p.schemes[0].quotas.goals[0].current_value = 10000;
  const done = t.commitSchemesQuotaGoals(p);
  steps(t, 20);
  await done;
  assert.equal(t.status().contexts[0].schemes[0].effective_bytes, 0);
});

test('migrate_hot moves hot pages to target_nid (paddr)', () => {
  const c = defaultContext('paddr');
  c.targets.push({ ...defaultTarget(), regions: [{ start: 0, end: 256 * MiB }] });
  c.schemes.push(scheme('migrate_hot', (s) => {
    s.access_pattern.nr_accesses = { min: 18, max: UINT_MAX };
    s.target_nid = 1;
  }));
  const { kd } = boot(c);
  const m = kd.ctx?.machine;
  assert.ok(m);
  const before = m.nodeUsedBytes(1, 0);
  steps(kd, 200);
  assert.ok(stats(kd).sz_applied >= 4 * MiB, `applied ${stats(kd).sz_applied}`);
  assert.ok(m.nodeUsedBytes(1, kd.nowUs) >= before + 4 * MiB);
});

test('tried regions: one apply interval of every scheme; a second walk meanwhile is EBUSY', async () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', cold))));
  const walk = kd.updateSchemesTriedRegions();
  await assert.rejects(kd.updateSchemesTriedRegions(), (e) => e instanceof DamonError && e.errno === 'EBUSY');
  steps(kd, 20);
  const [tried] = await walk;
  assert.equal(tried.total_bytes, 4 * MiB);
  assert.ok(tried.regions.every((r) => r.start >= COLD.start && r.nr_accesses === 0 && r.sz_filter_passed === r.end - r.start));
});

test('DAMOS trace events: damos_esz, damos_before_apply and damos_stat_after_apply_interval', async () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
    cold(s);
    s.quotas.bytes = 2 * MiB;
  }))));
  const { formatTrace } = await import('../../../src/sim/trace');
  const lines: string[] = [];
  kd.trace.on((e) => lines.push(formatTrace(e)));
  steps(kd, 20);
  assert.ok(lines.includes('damos_esz: ctx_idx=0 scheme_idx=0 esz=2097152'));
  const before = lines.filter((l) => l.startsWith('damos_before_apply:'));
  assert.ok(before.length >= 1 && before.every((l) => /^damos_before_apply: ctx_idx=0 scheme_idx=0 target_idx=0 nr_regions=\d+ \d+-\d+: 0 \d+$/.test(l)));
  // The quota was full at the last region, and damon_do_apply_schemes() skips a full quota
  // before counting the snapshot: nr_snapshots stays 0.
  assert.deepEqual(lines.filter((l) => l.startsWith('damos_stat_after_apply_interval:')), [
    `damos_stat_after_apply_interval: ctx_idx=0 scheme_idx=0 nr_tried=${stats(kd).nr_tried} sz_tried=2097152 nr_applied=0 sz_applied=0 sz_ops_filter_passed=2097152 qt_exceeds=0 nr_snapshots=0`,
  ]);
});

test('quota goal sources from the simulated machine: node memory, memcg, LRU activeness', () => {
  const goal = (target_metric: SchemeParams['quotas']['goals'][number]['target_metric'], nid: number, path = '') => ({ target_metric, target_value: 10000, current_value: 0, nid, path });
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('stat', (s) => {
    s.quotas.goals.push(
      goal('node_mem_used_bp', 0), // hot 4 MiB + stack 1 MiB of 128 MiB: 390
      goal('node_mem_free_bp', 1), // cold 4 MiB on node 1: 124/128 -> 9687
      goal('node_memcg_used_bp', 0, '/'), // every area is in memcg '/': as node 0
      goal('node_mem_used_bp', 5), // no such node: used 0
      goal('active_mem_bp', 0), // hot and stack start active, cold inactive: 5/9 -> 5555
    );
  }))));
  steps(kd, 20);
  assert.deepEqual(kd.status().contexts[0].schemes[0].goals.map((g) => g.current_value), [390, 9687, 390, 0, 5555]);
});

test('hugepage flags anon blocks (vaddr), which the hugepage_size ops filter then sees; lru_deprio deactivates (paddr)', () => {
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('hugepage', (s) => (s.access_pattern.nr_accesses = { min: 20, max: 20 })))));
  steps(kd, 20);
  const m = kd.ctx?.machine;
  const hotArea = m?.areas.find((a) => a.name === 'hot');
  assert.ok(m && hotArea);
  assert.ok(Array.from(m.huge.subarray(hotArea.blockBase, hotArea.blockBase + hotArea.nBlocks)).every((h) => h === 1));
  const p = structuredClone(kd.ctx?.params);
  assert.ok(p);
  p.schemes[0] = scheme('stat', (s) => s.ops_filters.push({ ...defaultFilter('hugepage_size'), matching: true, allow: true, min: 2 * MiB, max: 2 * MiB }));
  const passedBefore = stats(kd).sz_ops_filter_passed;
  void kd.commit(p);
  steps(kd, 20);
  // A commit keeps the scheme's stats; this apply adds only the THP-backed hot area.
  assert.equal(stats(kd).sz_ops_filter_passed - passedBefore, 4 * MiB);

  const c = defaultContext('paddr');
  c.targets.push({ ...defaultTarget(), regions: [{ start: 0, end: 8 * MiB }] });
  c.schemes.push(scheme('lru_deprio'));
  const pa = boot(c).kd;
  const before = pa.ctx?.machine.lruBytes(0).active ?? 0;
  steps(pa, 20);
  const after = pa.ctx?.machine.lruBytes(pa.nowUs).active ?? 0;
  assert.equal(before, 5 * MiB);
  assert.ok(after < 0.01 * MiB, `active after deprio ${after}`);
});

test('quota prioritisation: with age weights the older cold area scores colder and takes the whole quota', () => {
  const w = certainWorkload();
  w.processes[0].areas[1] = { name: 'recent', start: COLD.start, size: 4 * MiB, loop: false, phases: [{ duration_s: 1, access_probability: 1 }, { duration_s: 1, access_probability: 0 }] };
  w.processes[0].areas[0] = { name: 'old', start: HOT.start, size: 4 * MiB, access_probability: 0 };
  const { kd } = boot(fvaddrCtx((c) => c.schemes.push(scheme('pageout', (s) => {
    cold(s);
    s.apply_interval_us = 2000000;
    s.quotas.bytes = MiB;
    s.quotas.reset_interval_ms = 60000;
    s.quotas.weights.age_permil = 1000;
  }))), w);
  steps(kd, 400);
  // At 2 s: 'old' is 20 aggregations (2 s) old -> log 2 -> cold score 99 - 45 = 54;
  // 'recent' went idle at 1 s -> age 9 (0.9 s -> log 0) -> cold score 99 - 49 = 50.
  // min_score = 54: the 1 MiB quota goes to 'old' only.
  assert.equal(stats(kd).sz_tried, MiB);
  assert.equal(areaResident(kd, 'old'), 3 * MiB);
  assert.equal(areaResident(kd, 'recent'), 4 * MiB);
});

test('some_mem_psi_us: the first window reads target_value, then the stall added by refaults since the last window', () => {
  const { kd } = boot(fvaddrCtx((c) => {
    c.schemes.push(scheme('pageout', (s) => (s.access_pattern.nr_accesses = { min: 20, max: 20 })));
    c.schemes.push(scheme('stat', (s) => {
      s.quotas.goals.push({ target_metric: 'some_mem_psi_us', target_value: 1000, current_value: 0, nid: 0, path: '' });
      s.quotas.reset_interval_ms = 100;
    }));
  }));
  const psiGoal = (): number => kd.status().contexts[0].schemes[1].goals[0].current_value;
  steps(kd, 20);
  assert.equal(psiGoal(), 1000);
  steps(kd, 20);
  // The paged-out hot 4 MiB (1024 pages) refaulted, each stalling 50 µs.
  assert.equal(psiGoal(), 1024 * REFAULT_STALL_US);
});
