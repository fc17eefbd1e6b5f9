// `damo report wss` and `damo report nr_regions` over records (damo_wss.py, damo_nr_regions.py).
import { adjustRecords } from './adjust';
import { formatDists, percentileIndex, pyRange, type DistOptions } from './dist';
import { formatSz, pyInt } from '../format';
import type { DamoRecord } from '../record/record';

export interface WssOptions {
  /** Percentiles as damo's --range <start> <stop> <step> (a Python range). */
  range: [number, number, number];
  excludeSamples: number;
  accThres: number;
  szThres: number;
  workTimeUs: number;
  sortBy: 'time' | 'size';
  rawNumber: boolean;
  allWss: boolean;
  collapseTargets: boolean;
  nrColsBar: number;
}

/** damo's defaults. `--per_target` is declared before `--collapse_targets`, so collapsing is the default. */
export const WSS_DEFAULTS: WssOptions = {
  range: [0, 101, 25],
  excludeSamples: 20,
  accThres: 1,
  szThres: 1,
  workTimeUs: 1,
  sortBy: 'size',
  rawNumber: false,
  allWss: false,
  collapseTargets: true,
  nrColsBar: 59,
};

/** Working set size of each (adjusted) snapshot, per target id. */
export function wssDists(records: readonly DamoRecord[], o: WssOptions): Map<number, number[]> {
  const dists = new Map<number, number[]>();
  for (const r of adjustRecords(records, o.workTimeUs, o.excludeSamples)) {
    const dist = r.snapshots.map((s) => s.regions.reduce((wss, g) => (g.nr_accesses >= o.accThres && g.end - g.start >= o.szThres ? wss + g.end - g.start : wss), 0));
    if (o.sortBy === 'size') dist.sort((a, b) => a - b);
    dists.set(r.target_id, dist);
  }
  if (!o.collapseTargets) return dists;
  const collapsed: number[] = [];
  for (const dist of dists.values()) dist.forEach((w, i) => (collapsed[i] = (collapsed[i] ?? 0) + w));
  return new Map([[0, collapsed]]);
}

export function formatWss(dists: ReadonlyMap<number, number[]>, o: WssOptions): string {
  const dopt: DistOptions = { percentiles: pyRange(...o.range), all: o.allWss, raw: o.rawNumber, nrColsBar: o.nrColsBar };
  return [...dists].map(([tid, dist]) => `# target_id\t${tid}\n${formatDists('wss', dist, formatSz, dopt)}`).join('\n');
}

/** Regions per snapshot, per target, skipping the first 20 snapshots as damo does (not yet adapted). */
export function nrRegionsDists(records: readonly DamoRecord[], sortBy: 'time' | 'size'): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const r of records) {
    const dist = r.snapshots.slice(20).map((s) => s.regions.length);
    if (sortBy === 'size') dist.sort((a, b) => a - b);
    out.set(r.target_id, dist);
  }
  return out;
}

export function formatNrRegions(dists: ReadonlyMap<number, number[]>, percentiles: readonly number[]): string {
  const lines = ['# <percentile> <# regions>'];
  for (const [tid, dist] of dists) {
    lines.push(`# target_id\t${tid}`, `# avr:\t${pyInt(dist.reduce((a, b) => a + b, 0) / dist.length)}`);
    for (const p of percentiles) lines.push(`${pyInt(p)}\t${dist[percentileIndex(p, dist.length)]}`);
  }
  return lines.join('\n');
}
