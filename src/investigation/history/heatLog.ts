// The region snapshots a context's heatmap is binned from, bounded by bytes: region arrays are
// what makes a history big (600 refreshes of 1,000 regions are 19 MB), so the oldest go first
// once the budget is spent. What was already binned stays in the dashboard's heatmap.
import type { HeatSnapshot } from './heatmap';

/** Region bytes a context keeps for its heatmap: 128 snapshots of 1,000 regions, or 600 of 200. */
export const HEAT_BUDGET_BYTES = 4 * 2 ** 20;
/** Snapshots a context keeps at most, whatever their size (a traced window may hold one region). */
export const HEAT_MAX_SNAPSHOTS = 20_000;

export class HeatLog {
  private items: HeatSnapshot[] = [];
  /** Index in `items` of the oldest held snapshot; dropped ones are compacted away in batches. */
  private head = 0;
  private pushed = 0;
  private held = 0;

  constructor(
    private readonly budgetBytes = HEAT_BUDGET_BYTES,
    private readonly maxSnapshots = HEAT_MAX_SNAPSHOTS,
  ) {}

  /** Sequence number of the next push. */
  get seq(): number {
    return this.pushed;
  }

  /** Sequence number of the oldest held snapshot. */
  get oldestSeq(): number {
    return this.pushed - this.length;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Region bytes held. */
  get bytes(): number {
    return this.held;
  }

  first(): HeatSnapshot | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  last(): HeatSnapshot | undefined {
    return this.length > 0 ? this.items[this.items.length - 1] : undefined;
  }

  push(shot: HeatSnapshot): void {
    this.items.push(shot);
    this.pushed++;
    this.held += shot.regions.byteLength;
    // The newest snapshot always stays, however large.
    while (this.length > 1 && (this.held > this.budgetBytes || this.length > this.maxSnapshots)) {
      this.held -= this.items[this.head].regions.byteLength;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The held snapshots pushed at or after `seq`, oldest first. */
  since(seq: number): HeatSnapshot[] {
    return this.items.slice(this.head + Math.max(0, seq - this.oldestSeq));
  }

  all(): HeatSnapshot[] {
    return this.items.slice(this.head);
  }
}
