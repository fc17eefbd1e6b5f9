// The access heatmap with damo's `report heatmap` semantics (damo_heatmap.py): the time × address
// plane is cut into cells, and each cell's heat is the time- and size-weighted nr_accesses of the
// snapshots that overlap it, divided by the cell's area (time_unit × space_unit).
import { REGION_STRIDE } from './regionPack';

/**
 * Regions (REGION_STRIDE values each) that were the access pattern during [start, end) (seconds
 * on the history's time axis). A refresh's snapshot covers the time since the previous refresh,
 * as in damo; a traced aggregation window covers its aggregation interval.
 */
export interface HeatSnapshot {
  readonly start: number;
  readonly end: number;
  readonly regions: Float64Array;
}

export interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Heat per cell, `timeCells` columns of `addrCells` values each (cell (i, j) at i * addrCells + j:
 * time i, address j from low to high).
 */
export function heatmapGrid(snapshots: readonly HeatSnapshot[], time: Range, addr: Range, timeCells: number, addrCells: number): Float32Array {
  const grid = new Float32Array(timeCells * addrCells);
  binSnapshots(grid, snapshots, time, addr, timeCells, addrCells);
  return grid;
}

/**
 * Adds the heat of `snapshots` to `grid` (heatmapGrid's cells). Heat only adds up, snapshot by
 * snapshot, so binning the new snapshots into the previous grid gives the same cells as binning
 * them all again: the live dashboard bins only what each refresh brought.
 */
export function binSnapshots(grid: Float32Array, snapshots: Iterable<HeatSnapshot>, time: Range, addr: Range, timeCells: number, addrCells: number): void {
  const timeUnit = (time.end - time.start) / timeCells;
  const spaceUnit = (addr.end - addr.start) / addrCells;
  if (!(timeUnit > 0 && spaceUnit > 0)) return;
  const cellArea = timeUnit * spaceUnit;
  for (const shot of snapshots) {
    const t0 = Math.max(shot.start, time.start);
    const t1 = Math.min(shot.end, time.end);
    if (t0 >= t1) continue;
    for (let ti = Math.floor((t0 - time.start) / timeUnit); ti < timeCells; ti++) {
      const cellStart = time.start + ti * timeUnit;
      const duration = Math.min(cellStart + timeUnit, t1) - Math.max(cellStart, t0);
      if (duration <= 0) break;
      addHeats(grid, ti * addrCells, shot.regions, duration / cellArea, addr, spaceUnit, addrCells);
    }
  }
}

/** Adds nr_accesses × size × weight of every region fraction to the address cells it covers. */
function addHeats(grid: Float32Array, row: number, regions: Float64Array, weight: number, addr: Range, spaceUnit: number, addrCells: number): void {
  for (let r = 0; r < regions.length; r += REGION_STRIDE) {
    const start = Math.max(regions[r], addr.start);
    const end = Math.min(regions[r + 1], addr.end);
    const nrAccesses = regions[r + 2];
    if (start >= end || nrAccesses === 0) continue;
    let ai = Math.min(addrCells - 1, Math.floor((start - addr.start) / spaceUnit));
    let from = start;
    while (from < end && ai < addrCells) {
      const to = Math.min(addr.start + (ai + 1) * spaceUnit, end);
      grid[row + ai] += nrAccesses * (to - from) * weight;
      from = to;
      ai++;
    }
  }
}

/**
 * The address range the heatmap shows by default: a run of adjacent regions, since a virtual
 * address space has huge unmapped gaps between heap, mmap area and stack. damo picks the largest
 * run; we pick the one with the most accesses (nr_accesses × bytes), so a small hot heap beats a
 * large idle mapping, and fall back to damo's largest run when nothing is accessed.
 */
export function defaultAddressRange(regions: Float64Array): Range | undefined {
  const runs: { start: number; end: number; heat: number }[] = [];
  for (let r = 0; r < regions.length; r += REGION_STRIDE) {
    const [start, end, nrAccesses] = [regions[r], regions[r + 1], regions[r + 2]];
    const run = runs.at(-1);
    if (run && start === run.end) run.end = end;
    else runs.push({ start, end, heat: 0 });
    (runs.at(-1) as { heat: number }).heat += nrAccesses * (end - start);
  }
  const key = runs.some((r) => r.heat > 0) ? (r: { heat: number }) => r.heat : (r: { start: number; end: number }) => r.end - r.start;
  const best = runs.reduce<(typeof runs)[number] | undefined>((a, b) => (!a || key(b) > key(a) ? b : a), undefined);
  return best && { start: best.start, end: best.end };
}
