import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultContext, defaultKdamond, defaultScheme } from '../../../src/damon/params';
import { stagedChanges } from '../../../src/investigation/backends/snapshot';

test('no staged changes when the files hold what was committed', () => {
  const k = { ...defaultKdamond(), contexts: [defaultContext('paddr')] };
  assert.deepEqual(stagedChanges(k, structuredClone(k)), []);
});

test('a staged interval and a staged action are named by their sysfs paths', () => {
  const committed = { ...defaultKdamond(), contexts: [{ ...defaultContext('vaddr'), schemes: [defaultScheme('stat')] }] };
  const staged = structuredClone(committed);
  staged.contexts[0].monitoring_attrs.intervals.sample_us = 10000;
  staged.contexts[0].schemes[0].action = 'pageout';
  assert.deepEqual(stagedChanges(staged, committed), ['contexts/0/monitoring_attrs/intervals/sample_us', 'contexts/0/schemes/0/action']);
});

test('a changed number of schemes is reported as the count and the added scheme', () => {
  const committed = { ...defaultKdamond(), contexts: [defaultContext('vaddr')] };
  const staged = structuredClone(committed);
  staged.contexts[0].schemes.push(defaultScheme('cold'));
  assert.deepEqual(stagedChanges(staged, committed), ['contexts/0/schemes/length', 'contexts/0/schemes/0']);
});
