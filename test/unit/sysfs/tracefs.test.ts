import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTraceLine, splitTraceLine, type DamonTraceEvent } from '../../../src/damon/trace-events';
import { TracefsReader, directPipe, type OpenPipe } from '../../../src/sysfs/tracefs';
import { RealFs } from '../../../src/sysfs/real-fs';
import { formatTrace, type TraceEvent } from '../../../src/sim/trace';
import { makeTmpTree } from './tmptree';

const HDR = '       kdamond.0-285     [001] d..1.  1234.567890: ';

test('trace_pipe lines split into comm, pid, cpu, time and body', () => {
  const l = splitTraceLine(`${HDR}damon_aggregated: target_id=0 nr_regions=10 4096-8192: 0 3`);
  assert.deepEqual(l, { comm: 'kdamond.0', pid: 285, cpu: 1, ts_us: 1234567890, event: 'damon_aggregated', body: 'target_id=0 nr_regions=10 4096-8192: 0 3' });
  // Without the flags column, and with a dash in the comm.
  assert.equal(splitTraceLine('  my-proc-12 [000] 5.000001: damos_esz: ctx_idx=0 scheme_idx=1 esz=4096')?.comm, 'my-proc');
  assert.equal(splitTraceLine('# tracer: nop'), undefined);
});

test('every DAMON event format parses', () => {
  assert.deepEqual(parseTraceLine(`${HDR}damon_aggregated: target_id=1 nr_regions=12 94441020915712-94441069600768: 5 31`), {
    event: 'damon_aggregated', ts_us: 1234567890, target_id: 1, nr_regions: 12, start: 94441020915712, end: 94441069600768, nr_accesses: 5, age: 31,
  });
  assert.deepEqual(parseTraceLine(`${HDR}damos_before_apply: ctx_idx=0 scheme_idx=2 target_idx=0 nr_regions=10 1048576-108306432: 0 21`), {
    event: 'damos_before_apply', ts_us: 1234567890, context_idx: 0, scheme_idx: 2, target_idx: 0, nr_regions: 10, start: 1048576, end: 108306432, nr_accesses: 0, age: 21,
  });
  assert.deepEqual(parseTraceLine(`${HDR}damon_monitor_intervals_tune: sample_us=7000`), { event: 'damon_monitor_intervals_tune', ts_us: 1234567890, sample_us: 7000 });
  assert.deepEqual(parseTraceLine(`${HDR}damos_esz: ctx_idx=0 scheme_idx=0 esz=1073741824`), { event: 'damos_esz', ts_us: 1234567890, context_idx: 0, scheme_idx: 0, esz: 1073741824 });
  // The printk with the second "sz_tried=" label (which is sz_applied), as released kernels print it.
  assert.deepEqual(
    parseTraceLine(`${HDR}damos_stat_after_apply_interval: ctx_idx=0 scheme_idx=0 nr_tried=190 sz_tried=20378681344 nr_applied=3 sz_tried=12288 sz_ops_filter_passed=0 qt_exceeds=1 nr_snapshots=12`),
    { event: 'damos_stat_after_apply_interval', ts_us: 1234567890, context_idx: 0, scheme_idx: 0, nr_tried: 190, sz_tried: 20378681344, nr_applied: 3, sz_applied: 12288, sz_ops_filter_passed: 0, qt_exceeds: 1, nr_snapshots: 12 },
  );
  assert.equal(parseTraceLine(`${HDR}damon_region_aggregated: target_id=0 nr_regions=1 0-4096: 0 0 probe_hits=0`), undefined);
  assert.equal(parseTraceLine(`${HDR}sched_switch: prev_comm=x`), undefined);
});

test("the simulator's trace lines parse back into the simulator's events", () => {
  const events: TraceEvent[] = [
    { event: 'damon_aggregated', ts_us: 2_000_000, target_id: 0, nr_regions: 3, start: 0x555555554000, end: 0x555555654000, nr_accesses: 7, age: 2 },
    { event: 'damos_before_apply', ts_us: 2_000_000, context_idx: 0, scheme_idx: 1, target_idx: 0, start: 4096, end: 8192, nr_accesses: 0, age: 9, nr_regions: 3 },
    { event: 'damon_monitor_intervals_tune', ts_us: 2_000_000, sample_us: 5000 },
    { event: 'damos_esz', ts_us: 2_000_000, context_idx: 0, scheme_idx: 0, esz: 65536 },
    { event: 'damos_stat_after_apply_interval', ts_us: 2_000_000, context_idx: 0, scheme_idx: 0, nr_tried: 1, sz_tried: 2, nr_applied: 3, sz_applied: 4, sz_ops_filter_passed: 5, qt_exceeds: 6, nr_snapshots: 7 },
  ];
  for (const e of events) {
    const parsed: DamonTraceEvent | undefined = parseTraceLine(`  kdamond.0-1 [000] .....     2.000000: ${formatTrace(e)}`);
    assert.deepEqual(parsed, e);
  }
});

test('the reader enables the events, streams and parses, and disables what it enabled', async () => {
  const t = makeTmpTree({
    'tracing/events/damon/damon_aggregated/enable': '0\n',
    'tracing/events/damon/damos_before_apply/enable': '1\n', // someone else's
    'tracing/events/damon/damon_region_aggregated/enable': '0\n',
    'tracing/events/damon/enable': '0\n',
    'tracing/events/damon/filter': 'none\n',
    'tracing/trace_pipe': `${HDR}damon_aggregated: target_id=0 nr_regions=2 0-4096: 1 2\n${HDR}damos_before_apply: ctx_idx=0 scheme_idx=0 target_idx=0 nr_regions=2 0-4096: 1 2\n`,
  });
  try {
    const fs = new RealFs(t.tracing);
    const reader = new TracefsReader({ fs, openPipe: directPipe(t.tracing) });
    assert.deepEqual(await reader.availableEvents(), ['damon_aggregated', 'damos_before_apply']);
    const got: DamonTraceEvent[] = [];
    assert.deepEqual(await reader.start((e) => got.push(e)), ['damon_aggregated', 'damos_before_apply']);
    assert.equal(readFileSync(join(t.tracing, 'events/damon/damon_aggregated/enable'), 'utf8'), '1');
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(got.map((e) => e.event), ['damon_aggregated', 'damos_before_apply']);
    await reader.stop();
    assert.equal(readFileSync(join(t.tracing, 'events/damon/damon_aggregated/enable'), 'utf8'), '0');
    assert.equal(readFileSync(join(t.tracing, 'events/damon/damos_before_apply/enable'), 'utf8'), '1\n', 'left as found');
    assert.equal(reader.running, false);
  } finally {
    t.cleanup();
  }
});

test('lines split across chunks are reassembled; other lines are counted and skipped', async () => {
  const t = makeTmpTree({ 'tracing/events/damon/damon_aggregated/enable': '0\n' });
  try {
    let feed: ((c: string) => void) | undefined;
    const openPipe: OpenPipe = (onData) => {
      feed = onData;
      return { done: new Promise(() => undefined), stop: async () => undefined };
    };
    const reader = new TracefsReader({ fs: new RealFs(t.tracing), openPipe, events: ['damon_aggregated'] });
    const got: DamonTraceEvent[] = [];
    await reader.start((e) => got.push(e));
    const line = `${HDR}damon_aggregated: target_id=0 nr_regions=2 4096-8192: 3 4\n`;
    feed!(line.slice(0, 20));
    feed!(line.slice(20, 70));
    feed!(`${line.slice(70)}${HDR}sched_switch: x=1\n${line.slice(0, 10)}`);
    assert.equal(got.length, 1);
    assert.equal(got[0].event === 'damon_aggregated' && got[0].start, 4096);
    assert.equal(reader.skippedLines, 1);
    feed!(line.slice(10));
    assert.equal(got.length, 2);
    await reader.stop();
  } finally {
    t.cleanup();
  }
});
