// Trace events shaped like the kernel's `damon` tracepoints (include/trace/events/damon.h).
// `ts_us` is the kdamond's virtual time. Like tracepoints, events are only built while
// someone listens.

// The event shapes belong to the ABI (src/damon/trace-events.ts, shared with the tracefs reader).
import type { DamonTraceEvent } from '../damon/trace-events';
export type {
  DamonAggregatedEvent,
  DamosBeforeApplyEvent,
  DamonMonitorIntervalsTuneEvent,
  DamosEszEvent,
  DamosStatAfterApplyIntervalEvent,
} from '../damon/trace-events';

export type TraceEvent = DamonTraceEvent;

export type TraceListener = (e: TraceEvent) => void;

/** The printk format of each event, as `trace_pipe` shows it. */
export function formatTrace(e: TraceEvent): string {
  switch (e.event) {
    case 'damon_aggregated':
      return `damon_aggregated: target_id=${e.target_id} nr_regions=${e.nr_regions} ${e.start}-${e.end}: ${e.nr_accesses} ${e.age}`;
    case 'damos_before_apply':
      return `damos_before_apply: ctx_idx=${e.context_idx} scheme_idx=${e.scheme_idx} target_idx=${e.target_idx} nr_regions=${e.nr_regions} ${e.start}-${e.end}: ${e.nr_accesses} ${e.age}`;
    case 'damon_monitor_intervals_tune':
      return `damon_monitor_intervals_tune: sample_us=${e.sample_us}`;
    case 'damos_esz':
      return `damos_esz: ctx_idx=${e.context_idx} scheme_idx=${e.scheme_idx} esz=${e.esz}`;
    case 'damos_stat_after_apply_interval':
      return `damos_stat_after_apply_interval: ctx_idx=${e.context_idx} scheme_idx=${e.scheme_idx} nr_tried=${e.nr_tried} sz_tried=${e.sz_tried} nr_applied=${e.nr_applied} sz_applied=${e.sz_applied} sz_ops_filter_passed=${e.sz_ops_filter_passed} qt_exceeds=${e.qt_exceeds} nr_snapshots=${e.nr_snapshots}`;
  }
}

/** A minimal typed emitter (no node:events, so the model also runs in a worker or browser). */
export class TraceEmitter {
  private readonly listeners = new Set<TraceListener>();

  get enabled(): boolean {
    return this.listeners.size > 0;
  }

  on(fn: TraceListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(e: TraceEvent): void {
    for (const fn of this.listeners) fn(e);
  }
}
