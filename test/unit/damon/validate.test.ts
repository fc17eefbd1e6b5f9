// Every invalid combination of KERNEL-NOTES §1.3 gets the kernel's errno and a message naming
// the parameter and its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamonError } from '../../../src/damon/errno';
import { defaultContext, defaultFilter, defaultKdamond, defaultQuotaGoal, defaultScheme, defaultTarget, type ContextParams } from '../../../src/damon/params';
import { validateContext, validateKdamond, type ValidationEnv } from '../../../src/damon/validate';

const env: ValidationEnv = { availableOps: ['vaddr', 'fvaddr', 'paddr'], pidExists: (pid) => pid === 42, nrCommittedTargets: 0 };

function ctx(edit: (c: ContextParams) => void): ContextParams {
  const c = defaultContext('vaddr');
  c.targets.push(defaultTarget(42));
  edit(c);
  return c;
}

function rejects(c: ContextParams, errno: DamonError['errno'], ...fragments: string[]): void {
  const e = validateContext(c, env);
  assert.ok(e instanceof DamonError, 'expected a DamonError');
  assert.equal(e.errno, errno);
  for (const f of fragments) assert.ok(e.message.includes(f), `message "${e.message}" should mention "${f}"`);
}

test('the default context with a live pid commits', () => {
  assert.equal(validateContext(ctx(() => {}), env), null);
});

test('min_nr_regions < 3 is EINVAL', () => {
  rejects(ctx((c) => (c.monitoring_attrs.nr_regions.min = 2)), 'EINVAL', 'nr_regions/min=2');
  assert.equal(validateContext(ctx((c) => (c.monitoring_attrs.nr_regions.min = 3)), env), null);
});

test('min_nr_regions > max_nr_regions is EINVAL', () => {
  rejects(ctx((c) => (c.monitoring_attrs.nr_regions = { min: 20, max: 19 })), 'EINVAL', 'nr_regions/min=20', '19');
  assert.equal(validateContext(ctx((c) => (c.monitoring_attrs.nr_regions = { min: 20, max: 20 })), env), null);
});

test('sample_us > aggr_us is EINVAL; equal is fine', () => {
  rejects(ctx((c) => (c.monitoring_attrs.intervals.sample_us = 100001)), 'EINVAL', 'sample_us=100001', 'aggr_us');
  assert.equal(validateContext(ctx((c) => (c.monitoring_attrs.intervals.sample_us = 100000)), env), null);
});

test('intervals goal: min_sample_us > max_sample_us, or sample_us outside them, is EINVAL when aggrs != 0', () => {
  const goal = (aggrs: number, min: number, max: number) => ctx((c) => (c.monitoring_attrs.intervals.intervals_goal = { access_bp: 400, aggrs, min_sample_us: min, max_sample_us: max }));
  rejects(goal(3, 10000, 5000), 'EINVAL', 'min_sample_us=10000');
  rejects(goal(3, 6000, 10000), 'EINVAL', 'sample_us=5000', '[6000, 10000]');
  rejects(goal(3, 1000, 4000), 'EINVAL', 'sample_us=5000');
  assert.equal(validateContext(goal(0, 10000, 5000), env), null, 'aggrs == 0 disables the checks');
  assert.equal(validateContext(goal(3, 5000, 5000), env), null);
});

test('addr_unit giving a non-power-of-two min_region_sz is EINVAL; zero is EINVAL', () => {
  rejects(ctx((c) => { c.operations = 'paddr'; c.targets = [defaultTarget()]; c.addr_unit = 3; }), 'EINVAL', 'addr_unit=3', '1365');
  rejects(ctx((c) => { c.operations = 'paddr'; c.addr_unit = 0; }), 'EINVAL', 'addr_unit=0');
  assert.equal(validateContext(ctx((c) => { c.operations = 'paddr'; c.targets = [defaultTarget()]; c.addr_unit = 4; }), env), null);
  assert.equal(validateContext(ctx((c) => { c.operations = 'paddr'; c.targets = [defaultTarget()]; c.addr_unit = 8192; }), env), null, 'min_region_sz floors at 1');
});

test('quota goal target_value 0 is EINVAL', () => {
  rejects(ctx((c) => {
    const s = defaultScheme('pageout');
    s.quotas.goals.push({ ...defaultQuotaGoal(), target_metric: 'node_mem_used_bp', target_value: 0 });
    c.schemes.push(s);
  }), 'EINVAL', 'schemes/0/quotas/goals/0/target_value=0');
});

test('addr filter end < start and hugepage_size max < min are EINVAL', () => {
  rejects(ctx((c) => {
    const s = defaultScheme();
    s.core_filters.push({ ...defaultFilter('addr'), addr_start: 8192, addr_end: 4096 });
    c.schemes.push(s);
  }), 'EINVAL', 'core_filters/0/addr_end=4096');
  rejects(ctx((c) => {
    const s = defaultScheme();
    s.ops_filters.push({ ...defaultFilter('hugepage_size'), min: 2097152, max: 4096 });
    c.schemes.push(s);
  }), 'EINVAL', 'ops_filters/0/max=4096');
});

test('an obsolete target with no committed target to remove is EINVAL', () => {
  const c = ctx((x) => (x.targets[0].obsolete_target = true));
  rejects(c, 'EINVAL', 'targets/0/obsolete_target');
  assert.equal(validateContext(c, { ...env, nrCommittedTargets: 1 }), null);
});

test('targets: unknown pid, paddr with two targets, overlapping or empty regions', () => {
  rejects(ctx((c) => (c.targets[0].pid_target = 7)), 'EINVAL', 'targets/0/pid_target=7');
  rejects(ctx((c) => { c.operations = 'paddr'; c.targets = [defaultTarget(), defaultTarget()]; }), 'EINVAL', 'nr_targets=2');
  rejects(ctx((c) => (c.targets[0].regions = [{ start: 0, end: 8192 }, { start: 4096, end: 16384 }])), 'EINVAL', 'regions/1/start=4096');
  rejects(ctx((c) => (c.targets[0].regions = [{ start: 8192, end: 4096 }])), 'EINVAL', 'regions/0/start=8192');
  rejects(ctx((c) => (c.targets[0].regions = [{ start: 4096, end: 4096 }])), 'EINVAL', 'regions/0/end=4096', 'empty');
  assert.equal(validateContext(ctx((c) => (c.targets[0].regions = [{ start: 4096, end: 4097 }])), env), null, 'end aligns up');
});

test('operations not registered is EINVAL; values too big for their type are ERANGE', () => {
  const e = validateContext(ctx(() => {}), { ...env, availableOps: ['paddr'] });
  assert.equal(e?.errno, 'EINVAL');
  assert.ok(e?.message.includes('operations=vaddr'));
  rejects(ctx((c) => (c.monitoring_attrs.intervals.aggr_us = 2 ** 65)), 'ERANGE', 'aggr_us');
  rejects(ctx((c) => (c.monitoring_attrs.intervals.sample_us = -1)), 'EINVAL', 'sample_us=-1');
});

test('commands other than off need exactly one context', () => {
  const k = defaultKdamond();
  assert.equal(validateKdamond(k, env)?.errno, 'EINVAL');
  assert.ok(validateKdamond(k, env)?.message.includes('nr_contexts=0'));
  k.contexts.push(ctx(() => {}));
  assert.equal(validateKdamond(k, env), null);
});

test('DamonError carries the errno number', () => {
  assert.equal(new DamonError('ECANCELED', 'x').code, 125);
  assert.equal(new DamonError('EBUSY', 'x').code, 16);
});
