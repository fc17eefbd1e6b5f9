// The tracefs reader on a real kernel, inside the qemu guest:
//   node test/kernel/run.mjs out/test/kernel/tracefs.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { resolve } from 'node:path';
import { DamonClient } from '../../src/sysfs/client';
import { AgentFs } from '../../src/sysfs/agent-client';
import { TracefsReader, agentPipe, localTracefsReader } from '../../src/sysfs/tracefs';
import { atLeast, generationOfRelease, type KernelGeneration } from '../../src/damon/sysfs-layout';
import type { DamonTraceEvent } from '../../src/damon/trace-events';
import { ContextHistory } from '../../src/investigation/history/history';
import { LiveTrace } from '../../src/investigation/trace/liveTrace';
import { biggestRam, guestClient, paddrStat, resetGuest } from './guest';
import { requireDamonTestVm, skipUnlessTestVm } from './vm-guard';

const skip = skipUnlessTestVm();
const gen = (generationOfRelease(release()) ?? '6.12') as KernelGeneration;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ENABLE = '/sys/kernel/tracing/events/damon/damon_aggregated/enable';
let client: DamonClient;
let ram: { start: number; end: number };

before(async () => {
  if (skip) return;
  ({ client } = await guestClient());
  ram = biggestRam();
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, paddrStat(ram));
  await client.start(0);
});

after(async () => {
  if (!skip) await resetGuest(client);
});

test('damon_aggregated events stream from trace_pipe, typed; the events are disabled on stop', { skip }, async () => {
  const reader = await localTracefsReader();
  assert.ok(reader, 'tracefs with DAMON events');
  const events: DamonTraceEvent[] = [];
  const enabled = await reader.start((e) => events.push(e));
  assert.ok(enabled.includes('damon_aggregated'));
  assert.equal(readFileSync(ENABLE, 'utf8').trim(), '1');
  for (let i = 0; i < 40 && !events.some((e) => e.event === 'damon_aggregated'); i++) await sleep(100);
  const agg = events.filter((e) => e.event === 'damon_aggregated');
  assert.ok(agg.length > 0, 'damon_aggregated events arrive');
  for (const e of agg) {
    assert.equal(e.target_id, 0);
    assert.ok(e.nr_regions >= 1 && e.nr_regions <= 1000, `nr_regions ${e.nr_regions}`);
    assert.ok(e.start >= ram.start && e.end <= ram.end && e.start < e.end, `${e.start}-${e.end}`);
  }
  console.log(`${agg.length} damon_aggregated events; first ${JSON.stringify(agg[0])}; skipped lines ${reader.skippedLines}`);

  if (atLeast(gen, '7.2')) {
    // While paused no damon_aggregated fires (KERNEL-NOTES §4).
    await client.pause(0);
    await sleep(300);
    const before = events.length;
    await sleep(1200);
    assert.equal(events.filter((e, i) => i >= before && e.event === 'damon_aggregated').length, 0, 'no aggregation while paused');
    await client.resume(0);
    const n = events.length;
    for (let i = 0; i < 40 && events.length === n; i++) await sleep(100);
    assert.ok(events.length > n, 'events again after resume');
  }
  await reader.stop();
  assert.equal(readFileSync(ENABLE, 'utf8').trim(), '0');
});

test('the trace pipe streams through the privileged agent too', { skip }, async () => {
  const agent = new AgentFs({ command: '', agentScript: resolve(__dirname, '../../../dist/agent.js'), nodePath: process.execPath, root: '/sys/kernel/tracing' });
  try {
    const reader = new TracefsReader({ fs: agent, openPipe: agentPipe(agent), events: ['damon_aggregated'] });
    const events: DamonTraceEvent[] = [];
    await reader.start((e) => events.push(e));
    for (let i = 0; i < 40 && events.length === 0; i++) await sleep(100);
    assert.ok(events.length > 0);
    await reader.stop();
    assert.equal(readFileSync(ENABLE, 'utf8').trim(), '0');
  } finally {
    await agent.close();
  }
});

test("the live trace feeds the kdamond's history one snapshot per aggregation; on 7.2+ not while paused, and again after resume", { skip }, async () => {
  requireDamonTestVm();
  const pid = await client.pid(0);
  const reader = await localTracefsReader({ events: ['damon_aggregated'] });
  assert.ok(reader, 'tracefs with DAMON events');
  const history = new ContextHistory({ backendId: 'system', kdamond: 0, context: 0 }, 'kdamond 0', Date.now(), 100);
  history.samples.push({ t: 0, paused: false, passedSampleIntervals: 0, sampleUs: 5000, aggrUs: 100_000, nrRegions: 0, maxNrAccesses: 20, wss: 0, schemes: [] });
  const trace = new LiveTrace({ history, pid, nrTargets: 1 }, reader);
  assert.deepEqual(await trace.start(), { kind: 'live' });
  const waitForHeat = async (n: number): Promise<void> => {
    for (let i = 0; i < 50 && history.heat.seq < n; i++) await sleep(100);
  };
  await waitForHeat(3);
  assert.ok(history.heat.seq >= 3, `windows while running: ${history.heat.seq}`);
  assert.equal(history.heatSource, 'trace');
  const shot = history.heat.last()!;
  assert.ok(shot.regions.length >= 4 && shot.regions[0] >= ram.start, 'the regions of the paddr target');
  assert.ok(shot.end - shot.start > 0 && shot.end - shot.start <= 0.1 + 1e-9, `at most one aggregation interval (100 ms): ${shot.end - shot.start} s`);
  if (atLeast(gen, '7.2')) {
    await client.pause(0);
    await sleep(300);
    const atPause = history.heat.seq;
    await sleep(1500);
    assert.equal(history.heat.seq, atPause, 'no heat while paused');
    await client.resume(0);
    await waitForHeat(atPause + 3);
    assert.ok(history.heat.seq >= atPause + 3, 'heat again after resume');
    const resumed = history.heat.since(atPause)[0];
    assert.ok(resumed.end - resumed.start <= 0.1 + 1e-9, 'the first window after resume does not cover the paused stretch');
    console.log(`live trace: ${atPause} windows before the pause, ${history.heat.seq - atPause} after resume`);
  }
  await trace.stop();
  assert.equal(readFileSync(ENABLE, 'utf8').trim(), '0', 'the event is disabled on stop');
});
