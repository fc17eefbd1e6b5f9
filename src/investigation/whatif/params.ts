// The kdamond configurations a what-if replays a derived workload under: the record's own (its
// intervals, no scheme), or a damo kdamonds JSON bound to the derived workload's process.
import { defaultContext, defaultKdamond, defaultTarget, type AddrRange, type DamonOps, type KdamondParams } from '../../damon/params';
import type { DerivedWorkload } from './derive';
import { mergeRanges } from './ranges';

export interface BoundParams {
  readonly params: KdamondParams;
  /** What was changed to fit the workload, to say beside the results. */
  readonly notes: readonly string[];
}

/**
 * The targets a context needs over the derived workload: its process, starting from the recorded
 * spans (vaddr refits them to its three regions at each update, where it can), or the spans
 * themselves (paddr).
 */
function targetsFor(ops: DamonOps, pid: number, ranges: readonly AddrRange[]): KdamondParams['contexts'][number]['targets'] {
  const t = defaultTarget(ops === 'paddr' ? 0 : pid);
  t.regions = mergeRanges(ranges);
  return [t];
}

/**
 * What the record was recorded with, as far as it tells: its intervals (and interval tuning), and
 * damo's 10..1000 regions unless a snapshot had fewer or more (then the kernel allowed them), no
 * scheme; over the derived workload's process (or its ranges, for paddr).
 */
export function recordedParams(derived: DerivedWorkload, ops: DamonOps): KdamondParams {
  const k = defaultKdamond();
  const c = defaultContext(ops);
  const iv = derived.intervals;
  if (iv) c.monitoring_attrs.intervals = { sample_us: iv.sample_us, aggr_us: iv.aggr_us, update_us: iv.ops_update_us, intervals_goal: { ...iv.goal } };
  // The kernel refuses fewer than 3 (damon_set_attrs()).
  c.monitoring_attrs.nr_regions = { min: Math.max(3, Math.min(10, derived.nrRegions.min)), max: Math.max(1000, derived.nrRegions.max) };
  c.targets = targetsFor(ops, derived.spec.processes[0].pid, derived.areas.map((a) => a.range));
  c.schemes = [];
  k.contexts = [c];
  return k;
}

/** Where a target without regions starts, per kind of address space (none: the ops' own init). */
export interface StartRanges {
  readonly virtual: readonly AddrRange[];
  readonly physical: readonly AddrRange[];
}

/**
 * Kdamond 0, context 0 of a damo kdamonds JSON, its targets bound to the workload: a vaddr target
 * whose pid is not the workload's process monitors that process; a target without regions starts
 * from `ranges` (a derived workload's recorded spans, which need not make vaddr's three regions).
 */
export function bindParams(kdamonds: readonly KdamondParams[], pid: number, ranges: StartRanges): BoundParams {
  const notes: string[] = [];
  const first = kdamonds[0];
  if (!first || first.contexts.length === 0) throw new Error('the kdamonds JSON has no kdamond with a context');
  if (kdamonds.length > 1) notes.push(`only kdamond 0 of ${kdamonds.length} is replayed`);
  const k = structuredClone(first);
  const c = k.contexts[0];
  const physical = c.operations === 'paddr';
  if (!physical) {
    const pids = c.targets.map((t) => t.pid_target);
    if (pids.length !== 1 || pids[0] !== pid) {
      c.targets = [defaultTarget(pid)];
      notes.push(`target pid ${pids.join(', ') || '(none)'} is not in the workload: bound to the workload's process ${pid}`);
    }
  }
  const start = mergeRanges(physical ? ranges.physical : ranges.virtual);
  if (start.length > 0 && c.targets.length > 0 && c.targets.every((t) => t.regions.length === 0)) {
    for (const t of c.targets) t.regions = start.map((r) => ({ ...r }));
    notes.push(`the target has no regions: it starts from the ${physical ? 'monitored physical' : 'recorded'} ranges`);
  }
  // A replay starts the kdamond: a paused context would learn nothing.
  if (c.pause) {
    c.pause = false;
    notes.push('the context was paused in the JSON: it runs in the replay');
  }
  return { params: k, notes };
}

/** bindParams over a derived workload: its process, and its recorded ranges to start from. */
export function bindToDerived(kdamonds: readonly KdamondParams[], derived: DerivedWorkload): BoundParams {
  const ranges = derived.areas.map((a) => a.range);
  return bindParams(kdamonds, derived.spec.processes[0].pid, { virtual: ranges, physical: ranges });
}
