import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSimulatedBackend } from '../../../src/investigation/backends/simBackend';
import { PRESETS } from '../../../src/sim';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a simulated backend starts kdamond 0 and its snapshot shows learned regions', async () => {
  const b = await createSimulatedBackend({ id: 't1', preset: 'hot-cold', generation: '7.3', speed: 50 });
  try {
    await tick(300);
    const s = await b.snapshot();
    assert.equal(s.kind, 'simulated');
    assert.equal(s.generation, '7.3');
    assert.equal(s.features.pause, true);
    assert.equal(s.kdamonds.length, 1);
    const k = s.kdamonds[0];
    assert.equal(k.state, 'on');
    assert.ok(k.pid > 0);
    assert.equal(k.params.contexts[0].operations, 'vaddr');
    const regions = k.status?.contexts[0].targets[0].regions ?? [];
    assert.ok(regions.length >= 10, `at least min_nr_regions regions (${regions.length})`);
    assert.deepEqual(k.committed, k.params, 'nothing staged right after on');
  } finally {
    b.dispose();
  }
});

test('pause freezes the sample counter and the regions; resume lets them advance', async () => {
  const b = await createSimulatedBackend({ id: 't2', preset: 'hot-cold', generation: '7.3', speed: 50 });
  try {
    await tick(200);
    await b.setPause(0, 0, true);
    const a = b.kernel.kdamonds[0].status();
    await tick(300);
    const c = b.kernel.kdamonds[0].status();
    assert.equal(a.contexts[0].pause, true);
    assert.deepEqual(c, a, 'bit-identical while paused');
    await b.setPause(0, 0, false);
    await tick(300);
    const d = b.kernel.kdamonds[0].status();
    assert.equal(d.contexts[0].pause, false);
    assert.ok(d.contexts[0].passed_sample_intervals > a.contexts[0].passed_sample_intervals);
  } finally {
    b.dispose();
  }
});

test('pause on an emulated 6.18 kernel is refused and writes nothing', async () => {
  const b = await createSimulatedBackend({ id: 't3', preset: 'hot-cold', generation: '6.18', speed: 50 });
  try {
    const before = await b.snapshot();
    assert.equal(before.features.pause, false);
    await assert.rejects(b.setPause(0, 0, true), /needs Linux 7\.2 or later/);
    const after = await b.snapshot();
    assert.deepEqual(after.kdamonds[0].params, before.kdamonds[0].params);
  } finally {
    b.dispose();
  }
});

test('a rejected parameter commit leaves the running kdamond and its files unchanged', async () => {
  const b = await createSimulatedBackend({ id: 't4', preset: 'hot-cold', generation: '7.3', speed: 50 });
  try {
    const before = await b.snapshot();
    const bad = structuredClone(before.kdamonds[0].params);
    bad.contexts[0].monitoring_attrs.nr_regions.min = 2;
    await assert.rejects(b.apply(0, bad), /EINVAL|min_nr_regions|nr_regions/);
    const after = await b.snapshot();
    assert.deepEqual(after.kdamonds[0].params, before.kdamonds[0].params);
    assert.equal(after.kdamonds[0].state, 'on');
    assert.equal(b.kernel.kdamonds[0].status().contexts.length, 1);
  } finally {
    b.dispose();
  }
});

test('a kdamond whose target process exits is reported as stopped by itself, once', async () => {
  const workload = PRESETS['hot-cold']();
  workload.processes[0].exit_s = 1;
  const b = await createSimulatedBackend({ id: 't5', preset: 'hot-cold', generation: '7.3', speed: 20, workload });
  try {
    assert.deepEqual((await b.snapshot()).stoppedByItself, []);
    await tick(300);
    const s = await b.snapshot();
    assert.equal(s.kdamonds[0].state, 'off');
    assert.deepEqual(s.stoppedByItself, [0]);
    assert.deepEqual((await b.snapshot()).stoppedByItself, [], 'reported once');
  } finally {
    b.dispose();
  }
});

test('a kdamond stopped on request is not reported as stopped by itself', async () => {
  const b = await createSimulatedBackend({ id: 't6', preset: 'hot-cold', generation: '7.3', speed: 20 });
  try {
    await b.snapshot();
    await b.stop(0);
    const s = await b.snapshot();
    assert.equal(s.kdamonds[0].state, 'off');
    assert.deepEqual(s.stoppedByItself, []);
  } finally {
    b.dispose();
  }
});
