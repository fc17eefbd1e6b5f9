// Phase switches become marks on every context's timeline of the backend, and the paused
// phase's history stays with its pause band while the other phase runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HistoryStore } from '../../../src/investigation/history/history';
import { PhaseLog } from '../../../src/investigation/phases/marks';
import { switchPhase, type PhaseBinding } from '../../../src/investigation/phases/phases';
import { createSimulatedBackend } from '../../../src/investigation/backends/simBackend';
import { dashboardUpdate } from '../../../src/ui/dashboardFeed';

test('a switch from one phase to another is a mark; no phase in between, or the first phase seen, is not', async () => {
  const b = await createSimulatedBackend({ id: 'pm1', preset: 'android-app', generation: '7.3', speed: 20, followPhases: false });
  try {
    const phases = b.phases as PhaseBinding[];
    const log = new PhaseLog();
    assert.equal(log.observe(await b.snapshot()), undefined, 'the first phase seen is no switch');
    await b.setPause(0, 0, true); // both paused: no phase
    assert.equal(log.observe(await b.snapshot()), undefined);
    await b.setPause(0, 0, false); // foreground again: nothing switched
    assert.equal(log.observe(await b.snapshot()), undefined);
    await switchPhase(b, phases, 'background');
    const s = await b.snapshot();
    assert.deepEqual(log.observe(s), { at: s.takenAt, phase: 'background' });
    assert.equal(log.observe(await b.snapshot()), undefined, 'seen once');
    assert.deepEqual(log.marks.map((m) => m.phase), ['background']);
  } finally {
    b.dispose();
  }
});

test("each phase keeps its own history; the dashboard marks the switch on both and shows the paused phase's pause band", async () => {
  const b = await createSimulatedBackend({ id: 'pm2', preset: 'android-app', generation: '7.3', speed: 20, followPhases: false });
  try {
    const phases = b.phases as PhaseBinding[];
    const store = new HistoryStore(100);
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 3; i++, await sleep(30)) store.record([await b.snapshot()]);
    await switchPhase(b, phases, 'background');
    for (let i = 0; i < 3; i++, await sleep(30)) store.record([await b.snapshot()]);
    await switchPhase(b, phases, 'foreground');
    for (let i = 0; i < 2; i++, await sleep(30)) store.record([await b.snapshot()]);
    assert.deepEqual(store.keys, ['pm2/0/0', 'pm2/1/0']);
    const marks = store.phaseMarks('pm2');
    assert.deepEqual(marks.map((m) => m.phase), ['background', 'foreground']);
    const fg = store.get('pm2/0/0');
    const bg = store.get('pm2/1/0');
    assert.ok(fg && bg);
    assert.equal(fg.phase, 'foreground');
    assert.match(bg.label, /kdamond 1 \(background\)/);
    const fgView = dashboardUpdate({ history: fg, contexts: [], historyLength: 100, heatmap: {}, phaseMarks: marks });
    const fgMarks = fgView.phaseMarks ?? [];
    assert.deepEqual(fgMarks.map((m) => m.phase), ['background', 'foreground']);
    assert.equal(fgView.phase, 'foreground');
    // The foreground was paused from the first switch to the second: one closed band between the marks.
    assert.equal(fgView.paused.length, 1);
    assert.ok(fgView.paused[0].start >= fgMarks[0].t && fgView.paused[0].end === fgMarks[1].t);
    assert.equal(fgView.pausedNow, false, 'resuming continues the same history');
    const bgView = dashboardUpdate({ history: bg, contexts: [], historyLength: 100, heatmap: {}, phaseMarks: marks });
    assert.equal(bgView.pausedNow, true);
    assert.equal(bgView.rows.t.length, fgView.rows.t.length, 'both phases recorded at every refresh');
  } finally {
    b.dispose();
  }
});
