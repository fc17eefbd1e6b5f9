// `damo report access` text: five templates (record head, snapshot head, region, snapshot tail,
// record tail) whose <keywords> damo replaces with formatted numbers. Defaults, --format edits
// and --total_sz_only are applied in damo's order (damo_report_access.set_formats).
import { sortedRegions, temperatureOf, type AccessRecord, type AccessRegion, type SortField, type TemperatureWeights } from './access';
import { snapshotHeatmap } from './accessHeatmap';
import { formatBp, formatHz, formatNr, formatPercent, formatSz, formatTimeNs, formatTimeUs } from '../format';
import { snapshotIntervals, type DamoSnapshot } from '../record/record';

export const FORMAT_AREAS = ['record_head', 'snapshot_head', 'region', 'snapshot_tail', 'record_tail'] as const;
export type FormatArea = (typeof FORMAT_AREAS)[number];
export type Templates = Record<FormatArea, string>;

/** One --format ACTION AREA TEMPLATE. */
export interface FormatEdit {
  action: 'set' | 'append';
  area: FormatArea;
  template: string;
}

export interface AccessTextOptions {
  raw: boolean;
  sortBy: readonly SortField[];
  sortDsc: readonly string[];
  weights: TemperatureWeights;
  heatmapWidth: number;
  heatmapColorset: string;
  heatmapStatic: boolean;
}

/** damo keywords this port does not draw (region boxes, histograms, percentiles, DAMOS filters and stats). */
export const UNSUPPORTED_KEYWORDS = [
  '<box>', '<region box colors>', '<region box description>', '<temperature-sz histogram>', '<temperature-df-passed-sz histogram>',
  '<recency-sz histogram>', '<recency-df-passed-sz histogram>', '<recency percentiles>', '<df-passed recency percentiles>',
  '<temperature percentiles>', '<df-passed temperature percentiles>', '<filters passed type>', '<damos stats>', '<data source>',
] as const;

/** The templates: the given ones, --format set edits, --total_sz_only, damo's defaults, then appends. */
export function accessTemplates(records: readonly AccessRecord[], given: Partial<Templates>, edits: readonly FormatEdit[], totalSzOnly: boolean): Templates {
  const t: Partial<Templates> = { ...given };
  for (const e of edits) if (e.action === 'set') t[e.area] = e.template;
  if (totalSzOnly) Object.assign(t, { snapshot_head: '', region: '', snapshot_tail: '<total bytes>' });
  t.record_head ??= records.length > 1 ? 'kdamond <kdamond index> / context <context index> / scheme <scheme index> / target id <target id> / recorded for <duration> from <abs start time>' : '';
  t.record_tail ??= ['record DAMON intervals: <intervals>', ...(records.some((r) => r.intervals.goal.aggrs !== 0) ? ['# <intervals goal>'] : [])].join('\n');
  t.snapshot_head ??= [...(records.some((r) => r.snapshots.length > 1) ? ['snapshot time: [<start time>, <end time>] (<duration>)'] : []), 'heatmap: <heatmap>', 'intervals: <snapshot intervals>'].join('\n');
  t.snapshot_tail ??= 'memory bw estimate: <estimated memory bandwidth>\ntotal size: <total bytes>';
  t.region ??= '<index> addr <start address> size <size> access <access hz> age <age>';
  const out = t as Templates;
  for (const e of edits) if (e.action === 'append') out[e.area] += e.template;
  return out;
}

interface Ctx {
  r: AccessRecord;
  s: DamoSnapshot;
  regions: readonly AccessRegion[];
  region: AccessRegion;
  index: number;
  o: AccessTextOptions;
  t: Templates;
}
type Formatter = readonly [keyword: string, format: (c: Ctx) => string];

const first = (c: Ctx): DamoSnapshot => c.r.record.snapshots[0];
const aggrUsOf = (c: Ctx): number => snapshotIntervals(c.s, c.r.intervals)[1];
const idx = (v: number | null): string => (v === null ? 'None' : String(v));

const RECORD: readonly Formatter[] = [
  ['<kdamond index>', (c) => idx(c.r.record.kdamond_idx)],
  ['<context index>', (c) => idx(c.r.record.context_idx)],
  ['<scheme index>', (c) => idx(c.r.record.scheme_idx)],
  ['<target id>', (c) => String(c.r.record.target_id)],
  ['<abs start time>', (c) => formatTimeNs(first(c).start_time, c.o.raw)],
  ['<duration>', (c) => formatTimeNs(c.r.record.snapshots[c.r.record.snapshots.length - 1].end_time - first(c).start_time, c.o.raw)],
  ['<intervals>', (c) => `sample ${formatTimeUs(c.r.intervals.sample_us, c.o.raw)}, aggr ${formatTimeUs(c.r.intervals.aggr_us, c.o.raw)}`],
  ['<intervals goal>', (c) => {
    const g = c.r.intervals.goal;
    return `target ${formatBp(g.access_bp, c.o.raw)} accesses per ${formatNr(g.aggrs, c.o.raw)} aggrs, [${formatTimeUs(g.min_sample_us, c.o.raw)}, ${formatTimeUs(g.max_sample_us, c.o.raw)}] sampling interval`;
  }],
  ['<format strings>', (c) => FORMAT_AREAS.map((a) => `${a.replace('_', ' ')}: "${c.t[a]}"`).join('\n')],
];

function memBw(c: Ctx, filterPassedOnly: boolean): string {
  const bytes = c.regions.reduce((t, r) => t + (filterPassedOnly ? r.szFilterPassed : r.end - r.start) * r.samples, 0);
  return `${formatSz(bytes / (aggrUsOf(c) / 1e6), c.o.raw)} per second`;
}

function heatmap(c: Ctx, regions: readonly AccessRegion[]): string {
  return snapshotHeatmap(regions, { width: c.o.heatmapWidth, colorset: c.o.heatmapColorset, static: c.o.heatmapStatic, weights: c.o.weights, raw: c.o.raw });
}

const SNAPSHOT: readonly Formatter[] = [
  ['<total bytes>', (c) => formatSz(c.regions.reduce((t, r) => t + r.end - r.start, 0), c.o.raw)],
  ['<duration>', (c) => formatTimeNs(c.s.end_time - c.s.start_time, c.o.raw)],
  ['<start time>', (c) => formatTimeNs(c.s.start_time - first(c).start_time, c.o.raw)],
  ['<end time>', (c) => formatTimeNs(c.s.end_time - first(c).start_time, c.o.raw)],
  ['<abs start time>', (c) => formatTimeNs(c.s.start_time, c.o.raw)],
  ['<abs end time>', (c) => formatTimeNs(c.s.end_time, c.o.raw)],
  ['<number of regions>', (c) => formatNr(c.regions.length, c.o.raw)],
  ['<heatmap>', (c) => heatmap(c, c.regions)],
  ['<filters passed heatmap>', (c) => heatmap(c, c.regions.filter((r) => r.szFilterPassed !== 0))],
  ['<filters passed bytes>', (c) => formatSz(c.regions.reduce((t, r) => t + r.szFilterPassed, 0), c.o.raw)],
  ['<positive access samples ratio>', (c) => {
    const max = (c.r.intervals.aggr_us / c.r.intervals.sample_us) * c.regions.length;
    return formatPercent((c.regions.reduce((t, r) => t + r.samples, 0) * 100) / max, c.o.raw);
  }],
  ['<estimated memory bandwidth>', (c) => memBw(c, false)],
  ['<filters passed estimated memory bandwidth>', (c) => memBw(c, true)],
  ['<intervals tuning status>', (c) => {
    const iv = c.r.intervals;
    const perRegion = iv.aggr_us / iv.sample_us;
    const max = c.regions.reduce((t, r) => t + perRegion * (r.end - r.start), 0);
    const seen = c.regions.reduce((t, r) => t + (r.end - r.start) * r.samples, 0);
    return `${formatPercent((seen * 100) / Math.max(max, 1), c.o.raw)} (${formatSz(seen, c.o.raw)} / ${formatSz(max, c.o.raw)}) ${formatTimeUs(iv.sample_us, c.o.raw)} ${formatTimeUs(iv.aggr_us, c.o.raw)}`;
  }],
  ['<snapshot intervals>', (c) => {
    const ratio = c.r.intervals.aggr_us / c.r.intervals.sample_us;
    const aggrUs = aggrUsOf(c);
    return `sample ${formatTimeUs(aggrUs / ratio, c.o.raw)} aggr ${formatTimeUs(aggrUs, c.o.raw)} (max access hz ${formatHz(ratio / (aggrUs / 1e6), c.o.raw, false)})`;
  }],
];

const REGION: readonly Formatter[] = [
  ['<index>', (c) => formatNr(c.index, c.o.raw)],
  ['<start address>', (c) => formatSz(c.region.start, c.o.raw)],
  ['<end address>', (c) => formatSz(c.region.end, c.o.raw)],
  ['<size>', (c) => formatSz(c.region.end - c.region.start, c.o.raw)],
  ['<access rate>', (c) => formatPercent(c.region.percent, c.o.raw)],
  ['<access hz>', (c) => formatHz(c.region.samples / (aggrUsOf(c) / 1e6), c.o.raw)],
  ['<age>', (c) => formatTimeUs(c.region.ageUs, c.o.raw)],
  ['<temperature>', (c) => formatNr(temperatureOf(c.region, c.o.weights), c.o.raw)],
  // The reader keeps no probe hits; damo prints none for records without them.
  ['<probe hits>', () => ''],
  ['<filters passed bytes>', (c) => formatSz(c.region.szFilterPassed, c.o.raw)],
];

/** damo's --min_chars_for defaults: columns padded so that the region lines align. */
const MIN_CHARS: Readonly<Record<string, number>> = { '<index>': 3, '<start address>': 12, '<end address>': 11, '<size>': 11, '<access rate>': 5, '<access hz>': 6, '<age>': 13 };

function formatOutput(template: string, formatters: readonly Formatter[], c: Ctx): string | undefined {
  if (template === '') return undefined;
  let out = template;
  for (const [keyword, format] of formatters) {
    if (!out.includes(keyword)) continue;
    const txt = format(c).padEnd(MIN_CHARS[keyword] ?? 0);
    out = out.replaceAll(keyword, () => txt);
  }
  return out.replaceAll('\\n', '\n');
}

export function formatAccessReport(records: readonly AccessRecord[], t: Templates, o: AccessTextOptions): string {
  const totalSzOnly = t.snapshot_head === '' && t.region === '' && t.snapshot_tail === '<total bytes>';
  const out: (string | undefined)[] = [];
  for (const r of records) {
    const base = { r, o, t, regions: [], index: 0 } as const;
    const none = { start: 0, end: 0, samples: 0, percent: 0, ageUs: 0, szFilterPassed: 0 };
    const recordCtx: Ctx = { ...base, s: r.record.snapshots[0], region: none };
    out.push(formatOutput(t.record_head, RECORD, recordCtx));
    r.snapshots.forEach(({ snapshot: s, regions }, i) => {
      const c: Ctx = { ...base, s, regions, region: none };
      out.push(formatOutput(t.snapshot_head, SNAPSHOT, c));
      sortedRegions(regions, o.sortBy, o.sortDsc, o.weights).forEach((region, index) => out.push(formatOutput(t.region, REGION, { ...c, region, index })));
      out.push(formatOutput(t.snapshot_tail, SNAPSHOT, c));
      if (i < r.snapshots.length - 1 && !totalSzOnly) out.push('');
    });
    out.push(formatOutput(t.record_tail, RECORD, recordCtx));
  }
  return out.filter((l) => l !== undefined).join('\n');
}
