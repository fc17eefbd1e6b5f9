// The live trace: damon:damon_aggregated through the tracefs reader (over a fake tracefs) into a
// context's history, one heat snapshot per aggregation interval; nothing while paused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FsError } from '../../../src/damon/fs';
import type { DamonAggregatedEvent } from '../../../src/damon/trace-events';
import type { DamonBackend } from '../../../src/investigation/backends/backend';
import { ContextHistory } from '../../../src/investigation/history/history';
import { LiveTrace, type TraceSource } from '../../../src/investigation/trace/liveTrace';
import type { BackendSnapshot } from '../../../src/investigation/backends/snapshot';
import { openSystemTrace } from '../../../src/investigation/backends/systemBackend';
import { TraceFollower } from '../../../src/investigation/trace/follower';
import { AggregationWindows, type AggregationWindow } from '../../../src/investigation/trace/windows';
import { defaultContext, defaultKdamond, defaultTarget } from '../../../src/damon/params';
import { TracefsReader } from '../../../src/sysfs/tracefs';
import { FakeTracefs } from '../../support/fakeTracefs';

const agg = (target_id: number, nr_regions: number, start: number, ts_us = 1): DamonAggregatedEvent =>
  ({ event: 'damon_aggregated', ts_us, target_id, nr_regions, start, end: start + 4096, nr_accesses: 1, age: 2 });

test("a window is complete once every target reported its nr_regions; other kdamonds' events are ignored", () => {
  const got: AggregationWindow[] = [];
  const w = new AggregationWindows(7, 2, (x) => got.push(x));
  w.add(agg(0, 2, 0), 7);
  w.add(agg(0, 2, 4096), 99); // another kdamond
  w.add(agg(0, 2, 4096), 7);
  assert.equal(got.length, 0, 'target 1 still to come');
  w.add(agg(1, 1, 1 << 20, 5), 7);
  assert.equal(got.length, 1);
  assert.deepEqual([...got[0].regions], [0, 4096, 1, 2, 4096, 8192, 1, 2, 1 << 20, (1 << 20) + 4096, 1, 2]);
  assert.equal(got[0].endUs, 5);
  // A target that reports again before the window completed: what was there is flushed.
  w.add(agg(0, 1, 0), 7);
  w.add(agg(0, 1, 0), 7);
  assert.equal(got.length, 2);
});

function history(): ContextHistory {
  const h = new ContextHistory({ backendId: 'system', kdamond: 0, context: 0 }, 'System DAMON · kdamond 0 · context 0', 0, 100);
  h.samples.push({ t: 0, paused: false, passedSampleIntervals: 0, sampleUs: 5000, aggrUs: 100_000, nrRegions: 0, maxNrAccesses: 20, wss: 0, schemes: [] });
  return h;
}

const REGIONS = [[0, 4096, 3, 1], [4096, 8192, 0, 5]] as const;

test('trace windows feed the heat at aggregation-interval resolution; a paused stretch gets none; stop disables the event', async () => {
  const tracefs = new FakeTracefs();
  try {
    const h = history();
    const reader = new TracefsReader({ fs: tracefs.fs, openPipe: tracefs.openPipe, events: ['damon_aggregated'] });
    let wall = 10_000;
    const trace = new LiveTrace({ history: h, pid: 285, nrTargets: 1 }, reader, () => wall);
    assert.deepEqual(await trace.start(), { kind: 'live' });
    assert.ok(tracefs.enabled(), 'damon_aggregated enabled');
    assert.equal(tracefs.enabled('damos_before_apply'), false, 'only the event the heatmap needs');
    for (let k = 0; k < 5; k++) tracefs.aggregate(285, 100 + k * 0.1, REGIONS);
    tracefs.aggregate(300, 100.45, REGIONS); // another kdamond
    assert.equal(h.heatSource, 'trace');
    assert.equal(h.heat.length, 5, 'one snapshot per aggregation');
    const shots = h.heat.all();
    assert.ok(Math.abs(shots[1].end - shots[1].start - 0.1) < 1e-6, 'each covers one aggregation interval');
    assert.ok(Math.abs(shots[0].end - 10) < 1e-9, 'on the history time axis (s since it began)');
    assert.deepEqual([...h.latestRegions], REGIONS.flat());
    // Paused for 5 s: the kernel emits nothing. After the resume, the next window covers one interval only.
    wall += 5000;
    tracefs.aggregate(285, 105.5, REGIONS);
    const after = h.heat.last()!;
    assert.ok(after.start > shots[4].end + 4, `the paused stretch stays cold (${after.start})`);
    await trace.stop();
    assert.equal(tracefs.enabled(), false, 'disabled on stop');
    assert.equal(tracefs.pipeOpen, false);
    assert.equal(h.heatSource, 'snapshots');
  } finally {
    tracefs.cleanup();
  }
});

test('without privilege the trace is unavailable with a one-line notice naming damonLens.agentCommand; nothing throws', async () => {
  const source: TraceSource = {
    start: async () => {
      throw new FsError('EACCES', 'write', 'events/damon/damon_aggregated/enable', '1');
    },
    stop: async () => undefined,
  };
  const state = await new LiveTrace({ history: history(), pid: 1, nrTargets: 1 }, source).start();
  assert.equal(state.kind, 'unavailable');
  assert.match(state.kind === 'unavailable' ? state.reason : '', /needs root \(EACCES\); set damonLens\.agentCommand .*Showing sysfs snapshots\./);
});

test("the system trace follows only the kernel's own DAMON sysfs: a copy elsewhere is never traced", async () => {
  await assert.rejects(openSystemTrace({ id: 's', root: '/tmp/some-copy/admin', agentCommand: '', agentScript: '', log: () => undefined }), /follows the kernel's own DAMON sysfs/);
});

function systemSnapshot(state: 'on' | 'off', pid: number, readOnly = false): BackendSnapshot {
  const params = defaultKdamond();
  const c = defaultContext('paddr');
  c.targets = [defaultTarget(0)];
  params.contexts = [c];
  return { id: 'system', label: 'System DAMON', kind: 'system', generation: '7.3', features: {}, readOnly, takenAt: 0, kdamonds: [{ index: 0, state, pid, params, regionsKnown: false }] };
}

test('the follower traces the shown system kdamond, stops when it stops or the dashboard closes, and does not retry a failure every refresh', async () => {
  const calls: string[] = [];
  let fail = false;
  const backend = {
    kind: 'system',
    openTrace: async (): Promise<TraceSource> => {
      calls.push('open');
      if (fail) throw Object.assign(new Error('no'), { code: 'EPERM' });
      return { start: async () => (calls.push('start'), ['damon_aggregated']), stop: async () => void calls.push('stop') };
    },
  } as unknown as DamonBackend;
  const h = history();
  const f = new TraceFollower();
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 285) });
  assert.equal(f.liveKey, 'system/0/0');
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 285) });
  assert.deepEqual(calls, ['open', 'start'], 'one trace per kdamond run');
  await f.sync({ history: h, backend, snapshot: systemSnapshot('off', -1) });
  assert.deepEqual(calls, ['open', 'start', 'stop'], 'the kdamond stopped');
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 286) });
  await f.stop();
  assert.deepEqual(calls.slice(3), ['open', 'start', 'stop'], 'restarted with the new pid; the dashboard closed');
  fail = true;
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 287) });
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 287) });
  assert.equal(calls.filter((c) => c === 'open').length, 3, 'a failure is not retried every refresh');
  assert.match(f.noticeFor('system/0/0') ?? '', /needs root \(EPERM\)/);
  assert.equal(f.liveKey, undefined);
});

test('attached read-only, the follower enables nothing (a trace event is a write) until control is taken', async () => {
  const calls: string[] = [];
  const backend = {
    kind: 'system',
    openTrace: async (): Promise<TraceSource> => {
      calls.push('open');
      return { start: async () => (calls.push('start'), ['damon_aggregated']), stop: async () => void calls.push('stop') };
    },
  } as unknown as DamonBackend;
  const h = history();
  const f = new TraceFollower();
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 285, true) });
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 285, true) });
  assert.deepEqual(calls, [], 'nothing opened, nothing enabled');
  assert.match(f.noticeFor('system/0/0') ?? '', /Live trace is off while System DAMON is attached read-only: run "DAMON: Take Control of System DAMON"/);
  await f.sync({ history: h, backend, snapshot: systemSnapshot('on', 285, false) });
  assert.deepEqual(calls, ['open', 'start'], 'under control it streams');
  assert.equal(f.noticeFor('system/0/0'), undefined);
  await f.stop();
});
