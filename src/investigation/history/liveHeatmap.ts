// The dashboard's heatmap, binned incrementally: each refresh bins only the region snapshots that
// arrived since the last one into the cells it already holds (binSnapshots: heat only adds up),
// instead of rebinning the whole history. The cells are rebuilt only when what they cover
// changes: another context, a zoom or pan, another address range, or, while following the live
// history, once the history outgrows the time span the cells were cut for.
import { binSnapshots, defaultAddressRange, type Range } from './heatmap';
import type { ContextHistory } from './history';

/** What to show: undefined ranges follow the whole history and damo's default address range. */
export interface HeatmapWindow {
  readonly time?: Range;
  readonly addr?: Range;
}

/** Heat cells as the dashboard shows them: `heat[i * addrCells + j]`, time cell i, address cell j. */
export interface HeatmapCells {
  readonly time: Range;
  readonly addr: Range;
  readonly timeCells: number;
  readonly addrCells: number;
  readonly heat: Float32Array;
}

/**
 * Following the history, the cells are cut for this many times the span held, so the history
 * grows into them for a while: a rebuild every quarter of the span, amortised over the refreshes.
 */
export const FOLLOW_HEADROOM = 1.25;

interface Binned {
  readonly key: string;
  readonly time: Range;
  readonly addr: Range;
  readonly follow: boolean;
  readonly grid: Float32Array;
  /** HeatLog sequence number up to which the grid holds the snapshots. */
  seq: number;
}

const same = (a: Range, b: Range): boolean => a.start === b.start && a.end === b.end;

export class LiveHeatmap {
  private binned: Binned | undefined;
  /** Rebuilds so far (for tests and the bench). */
  rebuilds = 0;

  constructor(
    readonly timeCells: number,
    readonly addrCells: number,
  ) {}

  /** The cells for `history` and `window`, after binning what is new. */
  cells(history: ContextHistory, window: HeatmapWindow): HeatmapCells | undefined {
    const samples = history.samples;
    const heat = history.heat;
    const first = samples.at(0)?.t;
    const latest = Math.max(samples.last()?.t ?? Number.NEGATIVE_INFINITY, heat.last()?.end ?? Number.NEGATIVE_INFINITY);
    const addr = window.addr ?? defaultAddressRange(history.latestRegions);
    if (first === undefined || !addr || !(latest > first)) return undefined;
    const follow = window.time === undefined;
    let b = this.binned;
    const stale = !b || b.key !== history.key || b.follow !== follow || !same(b.addr, addr)
      || (window.time !== undefined && !same(b.time, window.time))
      || (follow && latest > b.time.end);
    if (stale || !b) {
      // Following, the cells start where the held heat does: the region budget may hold less than the rows.
      const heldFrom = heat.first()?.start ?? first;
      const start = heldFrom < latest ? Math.max(first, heldFrom) : first;
      const time = window.time ?? { start, end: start + (latest - start) * FOLLOW_HEADROOM };
      b = { key: history.key, time, addr, follow, grid: new Float32Array(this.timeCells * this.addrCells), seq: heat.oldestSeq };
      this.binned = b;
      this.rebuilds++;
    }
    binSnapshots(b.grid, heat.since(b.seq), b.time, b.addr, this.timeCells, this.addrCells);
    b.seq = heat.seq;
    if (!follow) return { time: b.time, addr: b.addr, timeCells: this.timeCells, addrCells: this.addrCells, heat: b.grid.slice() };
    // Following: only the cells up to now, so the map ends at the newest data as the charts do.
    const unit = (b.time.end - b.time.start) / this.timeCells;
    const used = Math.min(this.timeCells, Math.max(1, Math.ceil((latest - b.time.start) / unit)));
    return {
      time: { start: b.time.start, end: b.time.start + used * unit },
      addr: b.addr,
      timeCells: used,
      addrCells: this.addrCells,
      heat: b.grid.slice(0, used * this.addrCells),
    };
  }

  /** The time range the held cells were cut for (following, they are shown only up to now). */
  get binnedTime(): Range | undefined {
    return this.binned?.time;
  }
}
