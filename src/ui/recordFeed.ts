// Turns a damo record file into the dashboard's messages, with damo's own report computations:
// the heatmap of `damo report heatmap`, the working set sizes of `damo report wss`, the regions
// per snapshot of `damo report nr_regions`. A record has no kernel behind it: no schemes, no pause.
import { maxNrAccesses } from '../damon/units';
import { percentileIndex, pyRange } from '../damo/report/dist';
import { guidedRanges, guideId, guides, type Guide } from '../damo/report/guide';
import { heatmapOf } from '../damo/report/heatmap';
import { RecordFormatError, snapshotIntervals, type DamoIntervals, type DamoRecord, type DamoRecordFormat, type DamoSnapshot } from '../damo/record/record';
import { WSS_DEFAULTS, wssDists } from '../damo/report/wss';
import { AGE_EDGES_S, FREQUENCY_EDGES_PCT } from '../investigation/history/series';
import { packRegions } from '../investigation/history/regionPack';
import { type DashboardUpdate, type HeatmapRequest, type HeatmapView, type RegionSnapshotView } from '../protocol';
import { HEATMAP_ADDR_CELLS, HEATMAP_TIME_CELLS, histogram } from './dashboardFeed';

/** One (kdamond, context, scheme, target) of a record file: what damo's --kdamond_idx … --tid select. */
export interface RecordSource {
  /** damo's guide id of it, unique in the file. */
  readonly key: string;
  readonly label: string;
  readonly guide: Guide;
  readonly records: readonly DamoRecord[];
  readonly snapshots: readonly DamoSnapshot[];
}

export interface RecordFile {
  readonly name: string;
  readonly format: DamoRecordFormat;
  /** Largest address space first, as damo orders its guides: the first is damo's default. */
  readonly sources: readonly RecordSource[];
  /**
   * ns, t = 0 on every time axis: the oldest observation, which damo's heatmap reaches back to
   * by the first snapshot's region ages, so that its times read as `damo report heatmap`'s.
   */
  readonly origin: number;
  readonly snapshots: number;
  readonly spanS: number;
}

function sourceLabel(g: Guide): string {
  const parts = [
    g.kdamond_idx === null ? undefined : `kdamond ${g.kdamond_idx}`,
    g.context_idx === null ? undefined : `context ${g.context_idx}`,
    `target ${g.tid}`,
    g.scheme_idx === null ? undefined : `scheme ${g.scheme_idx} tried regions`,
  ];
  return parts.filter((p) => p !== undefined).join(' · ');
}

/** Groups a parsed record file by source; a file without any snapshot is not worth a panel. */
export function recordFile(name: string, format: DamoRecordFormat, records: readonly DamoRecord[]): RecordFile {
  const all = records.flatMap((r) => r.snapshots);
  if (all.length === 0) throw new RecordFormatError('the record holds no snapshot');
  const sources = guides(records).map((g): RecordSource => {
    const key = guideId({ ...g, target_id: g.tid });
    const picked = records.filter((r) => guideId(r) === key);
    return { key, label: sourceLabel(g), guide: g, records: picked, snapshots: picked.flatMap((r) => r.snapshots) };
  });
  // Not Math.min(...): a long record has more snapshots than a call has room for arguments.
  const first = all.reduce((t, s) => Math.min(t, s.start_time), Infinity);
  const end = all.reduce((t, s) => Math.max(t, s.end_time), -Infinity);
  const origin = sources.reduce((t, s) => Math.min(t, s.guide.start_time), first);
  return { name, format, sources, origin, snapshots: all.length, spanS: (end - first) / 1e9 };
}

/** What a source's snapshots ran with: damo's per-snapshot intervals, or the snapshot's length without any. */
function intervalsOf(s: DamoSnapshot, iv: DamoIntervals | null): { sampleUs: number; aggrUs: number; maxNrAccesses: number } {
  if (!iv) {
    // Without intervals a full-access count is unknown; the busiest region stands in for it.
    return { sampleUs: Number.NaN, aggrUs: (s.end_time - s.start_time) / 1000, maxNrAccesses: s.regions.reduce((m, r) => Math.max(m, r.nr_accesses), 1) };
  }
  const aggrUs = snapshotIntervals(s, iv)[1];
  const sampleUs = s.sample_interval_us ?? iv.sample_us;
  return { sampleUs, aggrUs, maxNrAccesses: maxNrAccesses(iv.sample_us, iv.aggr_us) };
}

interface RecordViewRequest {
  /** Index of the region snapshot shown; undefined or out of range: the last one. */
  readonly snapshot?: number;
  readonly heatmap?: HeatmapView;
}

type SnapshotIntervals = ReturnType<typeof intervalsOf>;

/** What a message shows of a source whatever snapshot is picked: its rows and damo's WSS figures. */
interface SourceSeries {
  readonly intervals: readonly SnapshotIntervals[];
  readonly rows: DashboardUpdate['rows'];
  readonly wssPercentiles: NonNullable<DashboardUpdate['wssPercentiles']>;
}

/**
 * Computed once per source, not per message: damo's WSS adjusts every snapshot (quadratic in its
 * regions), and picking a snapshot or zooming the heatmap changes none of it.
 */
const seriesOf = new WeakMap<RecordSource, SourceSeries>();

function sourceSeries(file: RecordFile, source: RecordSource): SourceSeries {
  const known = seriesOf.get(source);
  if (known) return known;
  const shots = source.snapshots;
  // damo report wss, per snapshot in time order (--sortby time --exclude_samples 0), then with its defaults.
  const wssInTime = wssDists(source.records, { ...WSS_DEFAULTS, excludeSamples: 0, sortBy: 'time' }).get(0) ?? [];
  const wssSorted = wssDists(source.records, WSS_DEFAULTS).get(0) ?? [];
  const percentiles = pyRange(...WSS_DEFAULTS.range);
  const intervals = source.records.flatMap((r) => r.snapshots.map((s) => intervalsOf(s, r.intervals)));
  const series: SourceSeries = {
    intervals,
    rows: {
      t: shots.map((s) => (s.end_time - file.origin) / 1e9),
      sampleUs: intervals.map((i) => i.sampleUs),
      aggrUs: intervals.map((i) => i.aggrUs),
      nrRegions: shots.map((s) => s.regions.length),
      wss: shots.map((_, i) => wssInTime[i] ?? Number.NaN),
      schemes: [],
    },
    wssPercentiles: {
      percentiles,
      bytes: wssSorted.length > 0 ? percentiles.map((p) => wssSorted[percentileIndex(p, wssSorted.length)]) : [],
      snapshots: wssSorted.length,
      warmUp: WSS_DEFAULTS.excludeSamples,
    },
  };
  seriesOf.set(source, series);
  return series;
}

/** Everything the dashboard shows of one source of a record file, in one message. */
export function recordUpdate(file: RecordFile, source: RecordSource, req: RecordViewRequest): DashboardUpdate {
  const shots = source.snapshots;
  const index = req.snapshot !== undefined && req.snapshot >= 0 && req.snapshot < shots.length ? req.snapshot : shots.length - 1;
  const shown = shots[index];
  const series = sourceSeries(file, source);
  const iv = series.intervals[index];
  const regions = packRegions(shown.regions, (r) => r.nr_accesses);
  const snapshot: RegionSnapshotView = { timeUs: (shown.end_time - file.origin) / 1000, aggrUs: iv.aggrUs, maxNrAccesses: iv.maxNrAccesses, regions };
  return {
    type: 'update',
    replace: true,
    context: { key: source.key, label: source.label },
    contexts: file.sources.map((s) => ({ key: s.key, label: s.label })),
    historyLength: shots.length,
    rows: series.rows,
    paused: [],
    pausedNow: false,
    snapshot,
    ageHistogram: histogram(regions, AGE_EDGES_S, (_n, age) => (age * iv.aggrUs) / 1e6, (e) => `${e} s`),
    frequencyHistogram: histogram(regions, FREQUENCY_EDGES_PCT, (n) => (100 * n) / iv.maxNrAccesses, (e) => `${e} %`),
    wssPercentiles: series.wssPercentiles,
    heatmap: req.heatmap,
    record: { file: file.name, format: file.format, targets: file.sources.length, snapshots: file.snapshots, spanS: file.spanS, snapshot: index },
  };
}

/**
 * damo's `report heatmap` of a source: by default its whole time span and its hottest run of
 * addresses (damo's --draw_range hottest); a request (seconds since the record's start) zooms.
 */
export function recordHeatmap(file: RecordFile, source: RecordSource, req: HeatmapRequest): HeatmapView | undefined {
  const toNs = (s: number): number => Math.round(file.origin + s * 1e9);
  const time: [number, number] = req.time ? [toNs(req.time.start), toNs(req.time.end)] : [source.guide.start_time, source.guide.end_time];
  const addr: [number, number] = req.addr ? [Math.round(req.addr.start), Math.round(req.addr.end)] : guidedRanges(source.guide, 'hottest')[0];
  // damo's cells are whole nanoseconds and bytes: never more cells than units.
  const timeCells = Math.min(HEATMAP_TIME_CELLS, time[1] - time[0]);
  const addrCells = Math.min(HEATMAP_ADDR_CELLS, addr[1] - addr[0]);
  if (timeCells < 2 || addrCells < 1) return undefined;
  const map = heatmapOf(source.records, { time, addr, timeResol: timeCells, addrResol: addrCells, dfPassed: false });
  const heat = new Float32Array(timeCells * addrCells);
  map.heats.forEach((row, ti) => row.forEach((h, ai) => (heat[ti * addrCells + ai] = h ?? 0)));
  return {
    time: { start: (map.timeStart - file.origin) / 1e9, end: (map.timeStart + map.timeUnit * timeCells - file.origin) / 1e9 },
    addr: { start: map.addrStart, end: map.addrStart + map.addrUnit * addrCells },
    timeCells,
    addrCells,
    heat,
    heatUnit: map.heatUnit === 'hz' ? 'access frequency in Hz, as damo report heatmap' : 'nr_accesses (samples), as damo report heatmap',
  };
}
