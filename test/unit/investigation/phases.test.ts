import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activePhase, scheduledPhase, switchPhase, type PhaseBinding } from '../../../src/investigation/phases/phases';
import { createSimulatedBackend } from '../../../src/investigation/backends/simBackend';

test('the scheduled phase alternates every period', () => {
  const s = { names: ['foreground', 'background'], periodUs: 10e6 };
  assert.equal(scheduledPhase(s, 0), 'foreground');
  assert.equal(scheduledPhase(s, 9_999_999), 'foreground');
  assert.equal(scheduledPhase(s, 10e6), 'background');
  assert.equal(scheduledPhase(s, 25e6), 'foreground');
});

test('the android-app preset runs one kdamond per phase, background paused; Switch Phase swaps them', async () => {
  const b = await createSimulatedBackend({ id: 'p1', preset: 'android-app', generation: '7.3', speed: 20, followPhases: false });
  try {
    const phases = b.phases as PhaseBinding[];
    assert.deepEqual(phases.map((p) => [p.name, p.kdamond]), [['foreground', 0], ['background', 1]]);
    let s = await b.snapshot();
    assert.equal(s.kdamonds.length, 2);
    assert.equal(activePhase(s, phases), 'foreground');
    await switchPhase(b, phases, 'background');
    s = await b.snapshot();
    assert.equal(activePhase(s, phases), 'background');
    assert.equal(b.kernel.kdamonds[0].paused, true);
    assert.equal(b.kernel.kdamonds[1].paused, false);
    const frozen = b.kernel.kdamonds[0].status();
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(b.kernel.kdamonds[0].status(), frozen, 'the foreground context learns nothing while paused');
  } finally {
    b.dispose();
  }
});

test('following the schedule switches the phases by itself', async () => {
  // 10 s phases at 100x speed: a switch every 100 ms of wall time.
  const b = await createSimulatedBackend({ id: 'p2', preset: 'android-app', generation: '7.3', speed: 100, followPhases: true });
  try {
    const seen = new Set<string>();
    const deadline = Date.now() + 5000;
    while (seen.size < 2 && Date.now() < deadline) {
      const name = activePhase(await b.snapshot(), b.phases as PhaseBinding[]);
      if (name) seen.add(name);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual([...seen].sort(), ['background', 'foreground']);
  } finally {
    b.dispose();
  }
});

test('a switch that fails half-way leaves the phases as they were', async () => {
  const b = await createSimulatedBackend({ id: 'p3', preset: 'android-app', generation: '7.3', speed: 20, followPhases: false });
  try {
    const phases: PhaseBinding[] = [...(b.phases as PhaseBinding[]), { name: 'gone', kdamond: 7, context: 0 }];
    await assert.rejects(switchPhase(b, phases, 'gone'));
    const s = await b.snapshot();
    assert.equal(activePhase(s, phases), 'foreground', 'foreground runs again');
    assert.equal(b.kernel.kdamonds[1].paused, true, 'background was paused before and stays so');
  } finally {
    b.dispose();
  }
});
