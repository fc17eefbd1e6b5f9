// The kernel's `damon` tracepoints (include/trace/events/damon.h) as typed events, and their
// printk formats as trace_pipe shows them. The simulator emits these shapes (src/sim/trace.ts
// declares the same ones); the tracefs reader (src/sysfs/tracefs.ts) parses real kernels'
// trace_pipe lines into them. `ts_us` is the event time in µs (trace clock for real kernels,
// virtual time for the simulator).

import type { SchemeStats } from './status';

export interface DamonAggregatedEvent {
  event: 'damon_aggregated';
  ts_us: number;
  target_id: number;
  nr_regions: number;
  start: number;
  end: number;
  nr_accesses: number;
  age: number;
}

export interface DamosBeforeApplyEvent {
  event: 'damos_before_apply';
  ts_us: number;
  context_idx: number;
  scheme_idx: number;
  target_idx: number;
  start: number;
  end: number;
  nr_accesses: number;
  age: number;
  nr_regions: number;
}

export interface DamonMonitorIntervalsTuneEvent {
  event: 'damon_monitor_intervals_tune';
  ts_us: number;
  sample_us: number;
}

export interface DamosEszEvent {
  event: 'damos_esz';
  ts_us: number;
  context_idx: number;
  scheme_idx: number;
  esz: number;
}

/** The scheme's stats as the `stats/` files show them, less max_nr_snapshots (not traced). */
export interface DamosStatAfterApplyIntervalEvent extends Omit<SchemeStats, 'max_nr_snapshots'> {
  event: 'damos_stat_after_apply_interval';
  ts_us: number;
  context_idx: number;
  scheme_idx: number;
}

export type DamonTraceEvent =
  | DamonAggregatedEvent
  | DamosBeforeApplyEvent
  | DamonMonitorIntervalsTuneEvent
  | DamosEszEvent
  | DamosStatAfterApplyIntervalEvent;

export type DamonTraceEventName = DamonTraceEvent['event'];

export const DAMON_TRACE_EVENTS: readonly DamonTraceEventName[] = [
  'damon_aggregated',
  'damos_before_apply',
  'damon_monitor_intervals_tune',
  'damos_esz',
  'damos_stat_after_apply_interval',
];

/** One trace_pipe line: "  kdamond.0-285  [001] d..1.  12.345678: damon_aggregated: target_id=0 ...". */
const LINE = /^\s*(.*?)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:[^\s:]+\s+)?(\d+\.\d+):\s+(\w+):\s+(.*)$/;

export interface TraceLine {
  comm: string;
  pid: number;
  cpu: number;
  ts_us: number;
  event: string;
  body: string;
}

/** Splits a trace_pipe line; undefined for lines of another shape. */
export function splitTraceLine(line: string): TraceLine | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const [sec, frac] = m[4].split('.');
  const ts_us = Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
  return { comm: m[1], pid: Number(m[2]), cpu: Number(m[3]), ts_us, event: m[5], body: m[6] };
}

/** key=value pairs in order; a repeated key gets "#2" appended (damos_stat's printk prints sz_tried twice). */
function pairs(body: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of body.matchAll(/(\w+)=(\d+)/g)) {
    const key = out.has(m[1]) ? `${m[1]}#2` : m[1];
    out.set(key, Number(m[2]));
  }
  return out;
}

/** "<start>-<end>: <nr_accesses> <age>" at the end of a region event. */
const REGION = /(\d+)-(\d+): (\d+) (\d+)\s*$/;

/** Parses one trace_pipe line into a typed event; undefined for other events or shapes. */
export function parseTraceLine(line: string): DamonTraceEvent | undefined {
  const l = splitTraceLine(line);
  return l && eventOf(l);
}

/** The typed event of a split trace_pipe line; undefined for other events or shapes. */
export function eventOf(l: TraceLine): DamonTraceEvent | undefined {
  const kv = pairs(l.body);
  const n = (k: string): number => kv.get(k) ?? 0;
  switch (l.event) {
    case 'damon_aggregated': {
      const r = REGION.exec(l.body);
      if (!r) return undefined;
      return { event: l.event, ts_us: l.ts_us, target_id: n('target_id'), nr_regions: n('nr_regions'), start: Number(r[1]), end: Number(r[2]), nr_accesses: Number(r[3]), age: Number(r[4]) };
    }
    case 'damos_before_apply': {
      const r = REGION.exec(l.body);
      if (!r) return undefined;
      return {
        event: l.event,
        ts_us: l.ts_us,
        context_idx: n('ctx_idx'),
        scheme_idx: n('scheme_idx'),
        target_idx: n('target_idx'),
        nr_regions: n('nr_regions'),
        start: Number(r[1]),
        end: Number(r[2]),
        nr_accesses: Number(r[3]),
        age: Number(r[4]),
      };
    }
    case 'damon_monitor_intervals_tune':
      return { event: l.event, ts_us: l.ts_us, sample_us: n('sample_us') };
    case 'damos_esz':
      return { event: l.event, ts_us: l.ts_us, context_idx: n('ctx_idx'), scheme_idx: n('scheme_idx'), esz: n('esz') };
    case 'damos_stat_after_apply_interval':
      return {
        event: l.event,
        ts_us: l.ts_us,
        context_idx: n('ctx_idx'),
        scheme_idx: n('scheme_idx'),
        nr_tried: n('nr_tried'),
        sz_tried: n('sz_tried'),
        nr_applied: n('nr_applied'),
        // Kernels before the fix print sz_applied under a second "sz_tried=" label.
        sz_applied: kv.has('sz_applied') ? n('sz_applied') : n('sz_tried#2'),
        sz_ops_filter_passed: n('sz_ops_filter_passed'),
        qt_exceeds: n('qt_exceeds'),
        nr_snapshots: n('nr_snapshots'),
      };
    default:
      return undefined;
  }
}
