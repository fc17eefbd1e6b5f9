// The dashboard's memory: per DAMON context, ring buffers of what each refresh saw, so charts can
// show stats, tuning and regions over time. Pure; fed with BackendSnapshots by the UI.
import { maxNrAccesses } from '../../damon/units';
import { HeatLog } from './heatLog';
import { Ring } from './ring';
import { PhaseLog, type PhaseMark } from '../phases/marks';
import { packRegions, REGION_STRIDE } from './regionPack';
import type { BackendSnapshot } from '../backends/snapshot';
import { workingSetSize } from './wss';

/** One quota goal: the kernel's `current_value` against the committed `target_value`. */
export interface GoalSample {
  readonly current: number;
  readonly target: number;
}

/** `schemes/<S>/stats/` (cumulative since the kdamond started), the effective quota and the goals. */
export interface SchemeSample {
  readonly action: string;
  readonly nr_tried: number;
  readonly sz_tried: number;
  readonly nr_applied: number;
  readonly sz_applied: number;
  readonly qt_exceeds: number;
  readonly effective_bytes: number;
  readonly goals: readonly GoalSample[];
}

export interface HistorySample {
  /** Wall-clock seconds since the context's history began. */
  readonly t: number;
  readonly paused: boolean;
  /** `passed_sample_intervals`: frozen while paused, so the heatmap knows when DAMON ran. */
  readonly passedSampleIntervals: number;
  readonly sampleUs: number;
  readonly aggrUs: number;
  readonly nrRegions: number;
  /** nr_accesses of a region accessed at every sample of an aggregation interval. */
  readonly maxNrAccesses: number;
  readonly schemes: readonly SchemeSample[];
  /** Working set size (bytes of regions with accesses), kept per row: the regions themselves are not. */
  readonly wss: number;
}

/** Where a context's heat comes from: a region snapshot per refresh, or the kernel's damon_aggregated trace. */
export type HeatSource = 'snapshots' | 'trace';

const NO_REGIONS = new Float64Array(0);

/** Which context of which backend a history is of. */
export interface ContextRef {
  readonly backendId: string;
  readonly kdamond: number;
  readonly context: number;
}

export class ContextHistory {
  readonly samples: Ring<HistorySample>;
  /** The workload phase this context's kdamond monitors, when it is bound to one. */
  phase: string | undefined;
  /**
   * Region snapshots for the heatmap, bounded by bytes. A paused context adds none: it does not
   * sample (passed_sample_intervals stays put), so its paused stretch stays cold.
   */
  readonly heat = new HeatLog();
  heatSource: HeatSource = 'snapshots';
  /** Every target's regions at the newest snapshot, REGION_STRIDE values each, with the last finished window's nr_accesses. */
  latestRegions: Float64Array = NO_REGIONS;
  /**
   * Where the next heat snapshot starts: the last sample that was paused or saw the kdamond
   * advance. A refresh that comes before the next sample (the host was busy) adds no heat, and
   * must leave no gap either.
   */
  heatFrom: number | undefined;

  /** `<backend>/<kdamond>/<context>`: see contextKey(). */
  readonly key: string;

  constructor(
    /** The context this history is of. */
    readonly ref: ContextRef,
    readonly label: string,
    /** Wall-clock time (ms since the epoch) of the first sample: t = 0. */
    readonly startedAt: number,
    capacity: number,
  ) {
    this.key = contextKey(ref.backendId, ref.kdamond, ref.context);
    this.samples = new Ring(capacity);
  }

  get backendId(): string {
    return this.ref.backendId;
  }

  /** Seconds on this history's time axis of a wall-clock time (ms since the epoch). */
  timeOf(wallMs: number): number {
    return (wallMs - this.startedAt) / 1000;
  }

  /** A finished aggregation window from the live trace (times in seconds on this history's axis). */
  addTraceWindow(start: number, end: number, regions: Float64Array): void {
    this.heatSource = 'trace';
    this.latestRegions = regions;
    this.heat.push({ start, end, regions });
  }

  /** Back to one region snapshot per refresh (the trace stopped). */
  endTrace(): void {
    this.heatSource = 'snapshots';
  }
}

/** The key of a context's history: `<backend>/<kdamond>/<context>`. */
export function contextKey(backendId: string, kdamond: number, context: number): string {
  return `${backendId}/${kdamond}/${context}`;
}


/** The histories of every context the refreshes have seen, by contextKey(). */
export class HistoryStore {
  private readonly histories = new Map<string, ContextHistory>();
  /** Per backend: its phases' contexts share one timeline of switches. */
  private readonly phaseLogs = new Map<string, PhaseLog>();

  constructor(private capacity: number) {}

  get keys(): readonly string[] {
    return [...this.histories.keys()];
  }

  get(key: string): ContextHistory | undefined {
    return this.histories.get(key);
  }

  all(): readonly ContextHistory[] {
    return [...this.histories.values()];
  }

  /** The phase switches seen on a backend, oldest first. */
  phaseMarks(backendId: string): readonly PhaseMark[] {
    return this.phaseLogs.get(backendId)?.marks ?? [];
  }

  setCapacity(capacity: number): void {
    this.capacity = capacity;
    for (const h of this.histories.values()) h.samples.resize(capacity);
  }

  /** Appends one sample per running context; a snapshot already recorded is skipped. */
  record(snapshots: readonly BackendSnapshot[]): void {
    const live = new Set<string>();
    for (const b of snapshots) {
      let phases = this.phaseLogs.get(b.id);
      if (!phases) this.phaseLogs.set(b.id, (phases = new PhaseLog()));
      phases.observe(b);
      for (const k of b.kdamonds) {
        const status = k.status;
        if (!status) continue;
        for (const [ci, c] of status.contexts.entries()) {
          const key = contextKey(b.id, k.index, ci);
          live.add(key);
          let h = this.histories.get(key);
          if (!h) {
            const phase = k.phase === undefined ? '' : ` (${k.phase})`;
            h = new ContextHistory({ backendId: b.id, kdamond: k.index, context: ci }, `${b.label} · kdamond ${k.index}${phase} · context ${ci}`, b.takenAt, this.capacity);
            this.histories.set(key, h);
          }
          h.phase = k.phase;
          const t = h.timeOf(b.takenAt);
          const last = h.samples.last();
          if (last && t <= last.t) continue;
          const goalsOf = (si: number): readonly number[] =>
            (k.committed ?? k.params).contexts[ci]?.schemes[si]?.quotas.goals.map((g) => g.target_value) ?? [];
          const iv = c.tuned_intervals;
          const advanced = last !== undefined && c.passed_sample_intervals !== last.passedSampleIntervals;
          const nrKnown = k.regionsKnown ? c.targets.reduce((n, tg) => n + tg.regions.length, 0) : 0;
          // A paused context's regions are bit-identical to the last ones (it does not sample): no
          // copy, unless a commit while paused changed the targets' regions.
          if (k.regionsKnown && (advanced || h.latestRegions.length !== nrKnown * REGION_STRIDE)) {
            const flat = packRegions(c.targets.flatMap((tg) => tg.regions), (r) => r.last_nr_accesses);
            h.latestRegions = flat;
            // Snapshot k shows the window that ended at t_k, so it covers [t_{k-1}, t_k) as in damo.
            if (advanced && h.heatFrom !== undefined && flat.length > 0 && h.heatSource === 'snapshots') h.heat.push({ start: h.heatFrom, end: t, regions: flat });
          }
          if (advanced || c.pause || !last) h.heatFrom = t;
          const nrRegions = k.regionsKnown ? nrKnown : h.latestRegions.length / REGION_STRIDE;
          h.samples.push({
            t,
            paused: c.pause,
            passedSampleIntervals: c.passed_sample_intervals,
            sampleUs: iv.sample_us,
            aggrUs: iv.aggr_us,
            nrRegions,
            maxNrAccesses: maxNrAccesses(iv.sample_us, iv.aggr_us),
            wss: workingSetSize(h.latestRegions),
            schemes: c.schemes.map((s, si) => {
              const targets = goalsOf(si);
              return {
                action: (k.committed ?? k.params).contexts[ci]?.schemes[si]?.action ?? `scheme ${si}`,
                nr_tried: s.stats.nr_tried,
                sz_tried: s.stats.sz_tried,
                nr_applied: s.stats.nr_applied,
                sz_applied: s.stats.sz_applied,
                qt_exceeds: s.stats.qt_exceeds,
                effective_bytes: s.effective_bytes,
                goals: s.goals.map((g, gi) => ({ current: g.current_value, target: targets[gi] ?? Number.NaN })),
              };
            }),
          });
        }
      }
    }
    // A removed backend takes its histories with it.
    const liveBackends = new Set(snapshots.map((b) => b.id));
    for (const [key, h] of this.histories) if (!live.has(key) && !liveBackends.has(h.backendId)) this.histories.delete(key);
    for (const id of this.phaseLogs.keys()) if (!liveBackends.has(id)) this.phaseLogs.delete(id);
  }
}
