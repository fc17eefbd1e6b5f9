// Aggregation windows from the kernel's damon:damon_aggregated events. kdamond_reset_aggregated()
// emits one event per region, target by target, once per aggregation interval (KERNEL-NOTES §4),
// and each event carries its target's nr_regions: a window is complete once every target has
// reported that many regions. Pure.
import type { DamonAggregatedEvent } from '../../damon/trace-events';
import { REGION_STRIDE } from '../history/regionPack';

export interface AggregationWindow {
  /** Trace clock (µs) of the window's last event: the end of its aggregation interval. */
  readonly endUs: number;
  /** Every target's regions, REGION_STRIDE values each: start, end, nr_accesses, age. */
  readonly regions: Float64Array;
}

export class AggregationWindows {
  private byTarget = new Map<number, { nr: number; values: number[] }>();
  /** Targets of the open window that reported all their regions: counted, not searched per event. */
  private complete = 0;
  private lastUs = 0;

  constructor(
    /** The kdamond's task: events of other kdamonds are someone else's. */
    readonly pid: number,
    readonly nrTargets: number,
    private readonly onWindow: (w: AggregationWindow) => void,
  ) {}

  add(e: DamonAggregatedEvent, pid: number): void {
    if (pid !== this.pid) return;
    let t = this.byTarget.get(e.target_id);
    // A target that already reported all its regions starts the next window: the rest was lost.
    if (t && t.values.length / REGION_STRIDE >= t.nr) {
      this.flush();
      t = undefined;
    }
    if (!t) this.byTarget.set(e.target_id, (t = { nr: e.nr_regions, values: [] }));
    t.values.push(e.start, e.end, e.nr_accesses, e.age);
    this.lastUs = e.ts_us;
    if (t.values.length / REGION_STRIDE === t.nr) this.complete++;
    if (this.byTarget.size >= this.nrTargets && this.complete === this.byTarget.size) this.flush();
  }

  private flush(): void {
    if (this.byTarget.size === 0) return;
    const targets = [...this.byTarget.entries()].sort((a, b) => a[0] - b[0]);
    this.byTarget = new Map();
    this.complete = 0;
    this.onWindow({ endUs: this.lastUs, regions: new Float64Array(targets.flatMap(([, t]) => t.values)) });
  }
}
