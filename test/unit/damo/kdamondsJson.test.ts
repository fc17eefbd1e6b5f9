// damo's kdamonds JSON: files damo generated (test/fixtures/damo/kdamonds*.json) import to the
// parameters they describe, and import → export → import round-trips without loss, in both the
// unit-suffixed and the --raw form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { damoCommand, DamoJsonError, parseDamoKdamonds, shellLine, toDamoKdamonds } from '../../../src/damo/kdamondsJson';
import { defaultFilter, defaultQuotaGoal, defaultScheme, UINT_MAX, ULONG_MAX, type KdamondParams } from '../../../src/damon/params';
import { defaultSimKdamond } from '../../../src/investigation/backends/simConfig';
import { FIXTURES } from './capture';

const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

test('damo kdamonds JSON (unit-suffixed) imports to the parameters damo was given', () => {
  const [k] = parseDamoKdamonds(load('kdamonds.json'));
  const c = k.contexts[0];
  assert.equal(c.operations, 'vaddr');
  assert.equal(c.pause, true, '--pause_ctx 0');
  assert.equal(c.targets[0].pid_target, 4242);
  assert.deepEqual(c.monitoring_attrs.intervals, { sample_us: 5000, aggr_us: 100000, update_us: 1000000, intervals_goal: { access_bp: 0, aggrs: 0, min_sample_us: 0, max_sample_us: 0 } });
  assert.deepEqual(c.monitoring_attrs.nr_regions, { min: 10, max: 1000 });
  const s = c.schemes[0];
  assert.equal(s.action, 'pageout');
  assert.deepEqual(s.access_pattern, { sz: { min: 0, max: ULONG_MAX }, nr_accesses: { min: 0, max: 0 }, age: { min: 50, max: UINT_MAX } }, '5 s of age is 50 aggregations of 100 ms');
  assert.equal(s.quotas.ms, 10);
  assert.equal(s.quotas.bytes, 64 * 2 ** 20);
  assert.equal(s.quotas.reset_interval_ms, 1000);
  assert.deepEqual(s.quotas.weights, { sz_permil: 0, nr_accesses_permil: 0, age_permil: 1 });
});

test('damo --raw kdamonds JSON imports to the same parameters (its exact time fields are ns)', () => {
  assert.deepEqual(parseDamoKdamonds(load('kdamonds.raw.json')), parseDamoKdamonds(load('kdamonds.json')));
});

test('paddr, intervals goal, quota goal and filter import', () => {
  const [k] = parseDamoKdamonds(load('kdamonds-paddr.json'));
  const c = k.contexts[0];
  assert.equal(c.operations, 'paddr');
  assert.deepEqual(c.monitoring_attrs.intervals.intervals_goal, { access_bp: 400, aggrs: 3, min_sample_us: 5000, max_sample_us: 10_000_000 });
  const s = c.schemes[0];
  assert.equal(s.action, 'lru_prio');
  assert.equal(s.access_pattern.nr_accesses.min, 10, '50 % of 20 samples');
  assert.equal(s.quotas.bytes, 2 ** 30);
  assert.deepEqual(s.quotas.goals, [{ ...defaultQuotaGoal(), target_metric: 'user_input', target_value: 10000, current_value: 2000 }]);
  assert.deepEqual(s.ops_filters, [{ ...defaultFilter('anon'), matching: true, allow: false }]);
});

function roundTrip(params: KdamondParams[]): void {
  for (const raw of [false, true]) {
    const once = parseDamoKdamonds(JSON.parse(JSON.stringify(toDamoKdamonds(params, { raw }))));
    assert.deepEqual(once, params, `raw=${raw}`);
  }
}

test('import → export → import round-trips damo-generated files without loss', () => {
  for (const f of ['kdamonds.json', 'kdamonds.raw.json', 'kdamonds-paddr.json']) roundTrip(parseDamoKdamonds(load(f)));
});

test('export round-trips values damo units would round (odd sizes, sub-percent rates, every filter type)', () => {
  const k = defaultSimKdamond(4242, '7.3');
  const s = defaultScheme('migrate_cold');
  s.target_nid = 1;
  s.access_pattern = { sz: { min: 4097, max: 123_456_789 }, nr_accesses: { min: 1, max: 7 }, age: { min: 3, max: 12345 } };
  s.quotas = { ...s.quotas, ms: 1500, bytes: 100_000_001, reset_interval_ms: 61_001, weights: { sz_permil: 3, nr_accesses_permil: 999, age_permil: 1 } };
  s.quotas.goals = [{ ...defaultQuotaGoal(), target_metric: 'node_memcg_used_bp', target_value: 9_970, nid: 1, path: '/a/b' }];
  s.watermarks = { metric: 'free_mem_rate', interval_us: 5_000_001, high: 900, mid: 505, low: 1 };
  s.core_filters = [{ ...defaultFilter('addr'), addr_start: 4096, addr_end: 8192, allow: true, matching: true }, { ...defaultFilter('target'), damon_target_idx: 2, matching: true }];
  s.ops_filters = [{ ...defaultFilter('memcg'), memcg_path: '/x', matching: false }, { ...defaultFilter('hugepage_size'), min: 2 ** 21, max: 2 ** 30, matching: true }];
  s.dests = [{ id: 0, weight: 30 }, { id: 1, weight: 70 }];
  k.contexts[0].schemes.push(s);
  k.contexts[0].pause = true;
  k.refresh_ms = 1000;
  roundTrip([k]);
});

test('a bad value names its field', () => {
  assert.throws(() => parseDamoKdamonds({ kdamonds: [{ contexts: [{ ops: 'vaddr', targets: [], intervals: { sample_us: 'soon', aggr_us: '100 ms', ops_update_us: '1 s' } }] }] }), (e: unknown) => e instanceof DamoJsonError && /contexts\[0\]\.intervals\.sample_us: cannot read "soon" as a time/.test(e.message));
  assert.throws(() => parseDamoKdamonds({ kdamonds: [{ contexts: [{ ops: 'kvm', targets: [] }] }] }), /ops: "kvm" is not one of vaddr, fvaddr, paddr/);
});

test('damoCommand gives damo start with the monitoring options, the schemes JSON and --pause_ctx', () => {
  const k = defaultSimKdamond(4242, '7.3');
  k.contexts[0].pause = true;
  const args = damoCommand(k);
  assert.deepEqual(args.slice(0, 6), ['damo', 'start', '--ops', 'vaddr', '--target_pid', '4242']);
  assert.ok(shellLine(args).includes('--monitoring_intervals 5000 100000 1000000 --monitoring_intervals_goal 400 3 5000 10000000'));
  assert.equal(args.at(-2), '--pause_ctx');
  const schemes = JSON.parse(args[args.indexOf('--schemes') + 1]) as unknown[];
  assert.deepEqual(parseDamoKdamonds({ kdamonds: [{ contexts: [{ ops: 'vaddr', targets: [], intervals: { sample_us: 5000, aggr_us: 100000, ops_update_us: 1000000 }, schemes }] }] })[0].contexts[0].schemes, k.contexts[0].schemes);
  assert.equal(damoCommand(k, { command: 'tune' })[1], 'tune');
  assert.match(shellLine(['a b', "it's"]), /^'a b' 'it'\\''s'$/);
  assert.throws(() => damoCommand({ refresh_ms: 0, contexts: [] }), /one context per kdamond; this kdamond has 0/);
});
