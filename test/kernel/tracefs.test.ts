// The tracefs reader on a real kernel, inside the qemu guest:
//   node test/kernel/run.mjs out/test/kernel/tracefs.test.js
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { resolve } from 'node:path';
import { DamonClient } from '../../src/sysfs/client';
import { RealFs } from '../../src/sysfs/real-fs';
import { AgentFs } from '../../src/sysfs/agent-client';
import { TracefsReader, agentPipe, localTracefsReader } from '../../src/sysfs/tracefs';
import { atLeast, generationOfRelease, type KernelGeneration } from '../../src/damon/sysfs-layout';
import type { DamonTraceEvent } from '../../src/damon/trace-events';
import { biggestRam, paddrStat } from './guest';
import { requireDamonTestVm, skipUnlessTestVm } from './vm-guard';

const skip = skipUnlessTestVm();
const gen = (generationOfRelease(release()) ?? '6.12') as KernelGeneration;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const ENABLE = '/sys/kernel/tracing/events/damon/damon_aggregated/enable';
let client: DamonClient;
let ram: { start: number; end: number };

before(async () => {
  if (skip) return;
  requireDamonTestVm();
  client = new DamonClient(new RealFs(), { release: release() });
  ram = biggestRam();
  await client.setNrKdamonds(1);
  await client.writeKdamond(0, paddrStat(ram));
  await client.start(0);
});

after(async () => {
  if (skip || !client) return;
  await client.stop(0).catch(() => undefined);
  await client.setNrKdamonds(0).catch(() => undefined);
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
