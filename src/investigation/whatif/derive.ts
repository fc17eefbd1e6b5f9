// A workload (src/sim/workload.ts) from a damo record: what the recorded program did, as far as
// what DAMON learned shows it, so the simulator can replay it under other parameters (what-if).
//
//   - layout: the address ranges the record's regions covered, cut at the region boundaries the
//     kernel kept (a boundary seen in at least a tenth of the snapshots): each piece an area;
//   - rates: each area's size-weighted nr_accesses per snapshot, as a chance per sample, turned
//     into access_hz with the record's sample interval;
//   - phases: where those rates change and stay changed;
//   - pattern: a piece the kernel kept as one region behaved as one (coherent); a piece it cut
//     into many had pages of their own (independent).
//
// A record cannot tell: detail inside a region (a region's pages all get its rate), pages never
// sampled, THP backing, whether a range was swept or used whole (both merge), and the unmapped
// holes inside the ranges (they become idle areas).
import type { AddrRange, DamonOps } from '../../damon/params';
import { PAGE_SIZE } from '../../damon/params';
import { mergeRanges } from './ranges';
import type { DamoIntervals, DamoRecord, DamoSnapshot } from '../../damo/record/record';
import type { AccessPattern, AreaSpec, WorkloadSpec } from '../../sim/workload';

export interface DeriveOptions {
  /** Most areas to cut the ranges into (the most stable boundaries are kept). */
  readonly maxAreas?: number;
  /** Shortest phase, in seconds (default: one aggregation). */
  readonly minPhaseS?: number;
  /** Share of the accessed bytes whose access chance must change to start a new phase (0.5). */
  readonly phaseThreshold?: number;
  /** The process the workload's areas belong to. */
  readonly pid?: number;
  /** paddr: the areas sit at their physical addresses, the memory below and between them idle. */
  readonly physical?: boolean;
}

export interface DerivedArea {
  readonly range: AddrRange;
  readonly pattern: AccessPattern;
  /** access_hz per phase. */
  readonly hz: readonly number[];
  /** Mean number of regions the kernel had over this area. */
  readonly regions: number;
}

export interface DerivedWorkload {
  readonly spec: WorkloadSpec;
  /** Seconds from the first snapshot's start to the last one's end. */
  readonly seconds: number;
  /** Phase start times, seconds from the start. */
  readonly phases: readonly number[];
  readonly areas: readonly DerivedArea[];
  readonly intervals: DamoIntervals | null;
  /** The fewest and most regions a snapshot had: min_nr_regions and max_nr_regions allowed them. */
  readonly nrRegions: { readonly min: number; readonly max: number };
  /** What the record could not tell, to say beside the workload. */
  readonly notes: readonly string[];
}

export const RECORD_LIMITS = [
  'detail inside a region: all its pages get the region\'s rate',
  'pages DAMON never sampled, and the unmapped holes inside the monitored ranges (idle areas here)',
  'THP backing, and whether a range was swept in address order or used whole (both keep it one region: coherent here)',
];

/** Most phases a derived workload gets. */
const MAX_PHASES = 1000;

/** User-space virtual addresses of x86-64 processes start far above any machine's physical memory. */
const PHYSICAL_BELOW = 2 ** 44;

/** The address space a record's target was in, told from its addresses (records do not say). */
export function guessOps(record: DamoRecord): DamonOps {
  const highest = record.snapshots.reduce((m, s) => s.regions.reduce((mm, r) => Math.max(mm, r.end), m), 0);
  return highest < PHYSICAL_BELOW ? 'paddr' : 'vaddr';
}

/** A pid for the derived process when none is given (records do not carry the target's pid). */
export const DERIVED_PID = 4242;

/** The contiguous address ranges the regions covered, merged snapshot by snapshot (one snapshot's regions at a time). */
function spansOf(snaps: readonly DamoSnapshot[]): AddrRange[] {
  return snaps.reduce<AddrRange[]>((spans, s) => mergeRanges([...spans, ...mergeRanges(s.regions)]), []);
}

/** The boundaries inside the spans that the kernel kept in at least `minShare` of the snapshots, at most `max` of them. */
function stableCuts(snaps: readonly DamoSnapshot[], spans: readonly AddrRange[], minShare: number, max: number): number[] {
  const edges = new Set(spans.flatMap((s) => [s.start, s.end]));
  const seen = new Map<number, number>();
  for (const s of snaps) for (const r of s.regions) if (!edges.has(r.start)) seen.set(r.start, (seen.get(r.start) ?? 0) + 1);
  return [...seen]
    .filter(([, n]) => n >= Math.max(2, minShare * snaps.length))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.max(0, max))
    .map(([a]) => a)
    .sort((a, b) => a - b);
}

/** The areas: each span cut at the stable boundaries. */
function cellsOf(spans: readonly AddrRange[], cuts: readonly number[]): AddrRange[] {
  const out: AddrRange[] = [];
  for (const s of spans) {
    let at = s.start;
    for (const c of cuts) {
      if (c <= at || c >= s.end) continue;
      out.push({ start: at, end: c });
      at = c;
    }
    out.push({ start: at, end: s.end });
  }
  return out;
}

/** Per snapshot, per cell: the size-weighted nr_accesses, and how many regions met the cell. */
function observe(s: DamoSnapshot, cells: readonly AddrRange[]): { nr: Float64Array; regions: Float64Array } {
  const nr = new Float64Array(cells.length);
  const regions = new Float64Array(cells.length);
  // Both sorted by address: one pass.
  let j = 0;
  const sorted = [...s.regions].sort((a, b) => a.start - b.start);
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    while (j < sorted.length && sorted[j].end <= cell.start) j++;
    let weighted = 0;
    for (let k = j; k < sorted.length && sorted[k].start < cell.end; k++) {
      const r = sorted[k];
      const o = Math.min(r.end, cell.end) - Math.max(r.start, cell.start);
      if (o <= 0) continue;
      weighted += o * r.nr_accesses;
      regions[c]++;
    }
    nr[c] = weighted / (cell.end - cell.start);
  }
  return { nr, regions };
}

/**
 * A snapshot's sample interval (µs) and samples per aggregation: its measured length over the
 * record's samples per aggregation (which interval tuning keeps), or damo's 5 ms without intervals.
 */
function intervalsOfSnapshot(s: DamoSnapshot, iv: DamoIntervals | null): { sampleUs: number; samples: number } {
  const lengthUs = (s.end_time - s.start_time) / 1000;
  const samples = iv ? Math.max(1, Math.round(iv.aggr_us / iv.sample_us)) : Math.max(1, Math.round(lengthUs / 5000));
  return { sampleUs: lengthUs / samples, samples };
}

/** A chance per sample as a per-page (or per-event) access frequency: 1 - exp(-hz * sample) = p. */
function hzOf(p: number, sampleUs: number): number {
  if (p <= 0) return 0;
  return -Math.log(1 - Math.min(p, 0.999)) / (sampleUs / 1e6);
}

/**
 * Splits the snapshots into phases: a change that moves at least `threshold` of the accessed bytes
 * (size-weighted access chances, against the phase's mean so far) and lasts `minLen` snapshots
 * starts one. Relative to what is accessed, so a small hot range in a large idle space still counts.
 */
function phaseStarts(chances: readonly Float64Array[], sizes: Float64Array, threshold: number, minLen: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const distance = (a: Float64Array, b: Float64Array): number => {
    let moved = 0;
    let active = 0;
    for (let c = 0; c < a.length; c++) {
      moved += sizes[c] * Math.abs(a[c] - b[c]);
      active += sizes[c] * Math.max(a[c], b[c]);
    }
    // Below 1% of the space accessed, changes are noise on idle memory.
    return moved / Math.max(active, 0.01 * total);
  };
  const starts = [0];
  let mean = Float64Array.from(chances[0] ?? []);
  let n = 1;
  for (let k = 1; k < chances.length; k++) {
    const far = (i: number): boolean => i < chances.length && distance(chances[i], mean) > threshold;
    let lasting = k - starts[starts.length - 1] >= minLen && k + minLen <= chances.length && far(k);
    for (let i = k + 1; lasting && i < k + minLen; i++) lasting = far(i);
    if (lasting) {
      starts.push(k);
      mean = Float64Array.from(chances[k]);
      n = 1;
      continue;
    }
    n++;
    for (let c = 0; c < mean.length; c++) mean[c] += (chances[k][c] - mean[c]) / n;
  }
  return starts;
}

/** Derives the workload of one recorded target. Throws when the record holds no snapshot. */
export function deriveWorkload(record: DamoRecord, opts: DeriveOptions = {}): DerivedWorkload {
  const snaps = record.snapshots.filter((s) => s.regions.length > 0);
  if (snaps.length === 0) throw new Error(`target ${record.target_id} of the record has no snapshot with regions`);
  const iv = record.intervals;
  const spans = spansOf(snaps);
  const cells = cellsOf(spans, stableCuts(snaps, spans, 0.1, (opts.maxAreas ?? 64) - spans.length));
  const sizes = Float64Array.from(cells, (c) => c.end - c.start);
  const t0 = snaps[0].start_time;
  const seconds = (snaps[snaps.length - 1].end_time - t0) / 1e9;
  const obs = snaps.map((s) => {
    const { nr, regions } = observe(s, cells);
    const { sampleUs, samples } = intervalsOfSnapshot(s, iv);
    return { chance: nr.map((x) => Math.min(1, x / samples)), regions, sampleUs, end: (s.end_time - t0) / 1e9 };
  });
  const aggrS = seconds / snaps.length;
  // A burst one aggregation long is a phase of its own: the areas that burst together stay together.
  // A long bursty record gets longer shortest phases, up to MAX_PHASES.
  const chances = obs.map((o) => o.chance);
  const threshold = opts.phaseThreshold ?? 0.5;
  let minLen = Math.max(1, Math.round((opts.minPhaseS ?? 0) / aggrS));
  let starts = phaseStarts(chances, sizes, threshold, minLen);
  while (starts.length > MAX_PHASES) starts = phaseStarts(chances, sizes, threshold, (minLen *= 2));
  const phaseTimes = starts.map((k) => (k === 0 ? 0 : obs[k - 1].end));
  const areas = cells.map((range, c): DerivedArea => {
    const regions = obs.reduce((sum, o) => sum + o.regions[c], 0) / obs.length;
    // A range the kernel kept as one region behaved as one.
    const pattern: AccessPattern = regions <= 1.5 ? 'coherent' : 'independent';
    const hz = starts.map((k, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : obs.length;
      let chance = 0;
      let sampleUs = 0;
      for (let x = k; x < end; x++) {
        chance += obs[x].chance[c];
        sampleUs += obs[x].sampleUs;
      }
      return hzOf(chance / (end - k), sampleUs / (end - k));
    });
    return { range, pattern, hz, regions };
  });
  const pid = opts.pid ?? DERIVED_PID;
  const toArea = (a: DerivedArea, i: number): AreaSpec => ({
    name: `range${i}`,
    ...(opts.physical ? {} : { start: a.range.start }),
    size: a.range.end - a.range.start,
    pattern: a.hz.some((h) => h > 0) ? a.pattern : 'independent',
    loop: false,
    phases: a.hz.map((h, p) => ({ duration_s: p + 1 < phaseTimes.length ? phaseTimes[p + 1] - phaseTimes[p] : Math.max(seconds - phaseTimes[p], 1), access_hz: Number(h.toPrecision(6)) })),
  });
  let laid = areas.map(toArea);
  let memory = laid.reduce((s, a) => s + Number(a.size), 0) + 256 * 2 ** 20;
  if (opts.physical) {
    // The simulator lays areas out from physical address 0: idle areas fill the holes.
    const withHoles: AreaSpec[] = [];
    let at = 0;
    areas.forEach((a, i) => {
      if (a.range.start > at) withHoles.push({ name: `idle${withHoles.length}`, size: a.range.start - at, access_hz: 0 });
      withHoles.push(laid[i]);
      at = a.range.end;
    });
    laid = withHoles;
    memory = Math.ceil(at / PAGE_SIZE) * PAGE_SIZE;
  }
  const spec: WorkloadSpec = {
    name: `derived from a damo record (target ${record.target_id})`,
    memory: { size: memory },
    processes: [{ pid, name: 'recorded', areas: laid }],
  };
  const counts = snaps.map((x) => x.regions.length);
  const nrRegions = { min: counts.reduce((a, b) => Math.min(a, b)), max: counts.reduce((a, b) => Math.max(a, b)) };
  return { spec, seconds, phases: phaseTimes, areas, intervals: iv, nrRegions, notes: RECORD_LIMITS };
}
