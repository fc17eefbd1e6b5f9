// `damon-lens report access --input FILE …`: damo's `report access` over a record file, with damo's
// option names and text; --json prints the same regions and numbers as JSON.
import { ULONG_MAX } from '../damon/params';
import { accessRecords, DEFAULT_TEMPERATURE_WEIGHTS, SORT_FIELDS, sortedRegions, temperatureOf, type AccessRecord, type SortField, type TemperatureWeights } from '../damo/report/access';
import { filterRecords, type Range, type RecordFilter } from '../damo/report/accessFilter';
import { accessTemplates, formatAccessReport, FORMAT_AREAS, UNSUPPORTED_KEYWORDS, type AccessTextOptions, type FormatArea, type FormatEdit, type Templates } from '../damo/report/accessText';
import { COLORSETS } from '../damo/report/heatmapText';
import { RecordFormatError, snapshotIntervals } from '../damo/record/record';
import { flag, int, parseArgs, str, toInt, values, type ParsedArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { optionNum, readRecords } from './reportInput';

export const ACCESS_USAGE = `  access:     --snapshot_idx START END  --snapshot_time START END  --address START END (each repeatable)
              --sz_region MIN MAX  --access_rate MIN MAX  --temperature MIN MAX (repeatable)
              --sort_regions_by address|access_rate|age|size|temperature…  --sort_regions_dsc FIELD…|all
              --temperature_weights SIZE ACCESS_RATE AGE  --raw_number  --total_sz_only
              --snapshot_heatmap_width N  --snapshot_heatmap_colorset gray|flame|emotion  --snapshot_heatmap_static
              --format set|append record_head|snapshot_head|region|snapshot_tail|record_tail TEMPLATE (repeatable)
              --format_record_head|--format_snapshot_head|--format_region|--format_snapshot_tail|--format_record_tail TEMPLATE`;

const SPECS = {
  input: { nargs: 1 },
  json: { nargs: 0 },
  snapshot_idx: { nargs: 2, repeat: true },
  snapshot_time: { nargs: 2, repeat: true },
  address: { nargs: 2, repeat: true },
  sz_region: { nargs: 2 },
  access_rate: { nargs: 2 },
  temperature: { nargs: 2, repeat: true },
  sort_regions_by: { nargs: '+', choices: SORT_FIELDS },
  sort_regions_dsc: { nargs: '+', choices: [...SORT_FIELDS, 'all'] },
  temperature_weights: { nargs: 3 },
  raw_number: { nargs: 0 },
  total_sz_only: { nargs: 0 },
  snapshot_heatmap_width: { nargs: 1 },
  snapshot_heatmap_colorset: { nargs: 1, choices: Object.keys(COLORSETS) },
  snapshot_heatmap_static: { nargs: 0 },
  format: { nargs: 3, repeat: true },
  ...Object.fromEntries(FORMAT_AREAS.map((a) => [`format_${a}`, { nargs: 1 }])),
} as const;

const COMMAND = 'report access';

export function reportAccess(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, SPECS, COMMAND);
  const weights = (values(a, 'temperature_weights')?.map((v) => toInt(v, '--temperature_weights')) ?? DEFAULT_TEMPERATURE_WEIGHTS) as TemperatureWeights;
  const filter = recordFilter(a, weights);
  const edits = formatEdits(a);
  const given: Partial<Templates> = {};
  for (const area of FORMAT_AREAS) {
    const v = str(a, `format_${area}`);
    if (v !== undefined) given[area] = v;
  }
  const width = int(a, 'snapshot_heatmap_width', 80);
  if (width < 1) throw new UsageError(`${COMMAND}: --snapshot_heatmap_width ${width}: give at least 1 column`);
  const o: AccessTextOptions = {
    raw: flag(a, 'raw_number'),
    sortBy: (values(a, 'sort_regions_by') ?? ['address']) as SortField[],
    sortDsc: values(a, 'sort_regions_dsc') ?? [],
    weights,
    heatmapWidth: width,
    heatmapColorset: str(a, 'snapshot_heatmap_colorset') ?? 'gray',
    heatmapStatic: flag(a, 'snapshot_heatmap_static'),
  };
  const records = accessRecords(filterRecords(readRecords(a, COMMAND), filter));
  if (!records) throw new RecordFormatError(`${COMMAND}: some records lack the intervals information (as damo, which needs them for access rates and ages)`);
  const templates = accessTemplates(records, given, edits, flag(a, 'total_sz_only'));
  for (const area of FORMAT_AREAS) {
    const k = UNSUPPORTED_KEYWORDS.find((kw) => templates[area].includes(kw));
    if (k) throw new UsageError(`${COMMAND}: the ${area} template uses ${k}, which damon-lens does not print; remove it from --format/--format_${area}`);
  }
  io.out(flag(a, 'json') ? JSON.stringify(accessJson(records, o), null, 2) : formatAccessReport(records, templates, o));
  return EXIT_OK;
}

/** An option value as damo's text_to_* reads it ("min", "max", "4 KiB", "1,024"), or a usage error. */
function numArg(v: string, kind: 'bytes' | 'ns' | 'percent', option: string): number {
  if (v === 'min') return 0;
  if (v === 'max') return ULONG_MAX;
  // damo reads decimal text only: "0x1000" is an error there, not 4096.
  if (/^[-+]?0[a-z]/i.test(v.trim())) throw new UsageError(`${COMMAND}: ${option} ${v}: give a decimal number (damo reads no hex)`);
  return optionNum(COMMAND, v, kind, option);
}

function ranges(a: ParsedArgs, name: string, read: (v: string) => number): Range[] | undefined {
  return a.options.get(name)?.map((v): Range => [read(v[0]), read(v[1])]);
}

function recordFilter(a: ParsedArgs, weights: TemperatureWeights): RecordFilter {
  const addresses = ranges(a, 'address', (v) => numArg(v, 'bytes', '--address'))?.sort((x, y) => x[0] - y[0]);
  addresses?.forEach(([start, end], i) => {
    if (start > end) throw new UsageError(`${COMMAND}: wrong --address input (start > end: ${start} ${end})`);
    if (i > 0 && addresses[i - 1][1] > start) throw new UsageError(`${COMMAND}: wrong --address input (overlapping range)`);
  });
  return {
    szRegion: ranges(a, 'sz_region', (v) => numArg(v, 'bytes', '--sz_region'))?.[0],
    accessRate: ranges(a, 'access_rate', (v) => numArg(v, 'percent', '--access_rate'))?.[0],
    addresses,
    snapshotTimes: ranges(a, 'snapshot_time', (v) => numArg(v, 'ns', '--snapshot_time')),
    snapshotIndices: ranges(a, 'snapshot_idx', (v) => toInt(v, '--snapshot_idx')),
    temperatures: ranges(a, 'temperature', (v) => toInt(v, '--temperature')),
    weights,
  };
}

function formatEdits(a: ParsedArgs): FormatEdit[] {
  return (a.options.get('format') ?? []).map(([action, area, template]) => {
    if (action !== 'set' && action !== 'append') throw new UsageError(`${COMMAND}: wrong --format action "${action}"; choose set or append`);
    if (!(FORMAT_AREAS as readonly string[]).includes(area)) throw new UsageError(`${COMMAND}: wrong --format target area "${area}"; choose one of ${FORMAT_AREAS.join(', ')}`);
    return { action, area: area as FormatArea, template };
  });
}

function accessJson(records: readonly AccessRecord[], o: AccessTextOptions): unknown {
  return records.map(({ record: r, intervals, snapshots }) => ({
    kdamond_idx: r.kdamond_idx,
    context_idx: r.context_idx,
    scheme_idx: r.scheme_idx,
    target_id: r.target_id,
    intervals: { sample_us: intervals.sample_us, aggr_us: intervals.aggr_us },
    snapshots: snapshots.map(({ snapshot: s, regions }) => {
      const [sampleUs, aggrUs] = snapshotIntervals(s, intervals);
      return {
        start_time: s.start_time,
        end_time: s.end_time,
        sample_us: sampleUs,
        aggr_us: aggrUs,
        total_bytes: regions.reduce((t, g) => t + g.end - g.start, 0),
        regions: sortedRegions(regions, o.sortBy, o.sortDsc, o.weights).map((g) => ({
          start: g.start,
          end: g.end,
          size: g.end - g.start,
          nr_accesses: g.samples,
          access_rate_percent: g.percent,
          access_hz: g.samples / (aggrUs / 1e6),
          age_us: g.ageUs,
          temperature: temperatureOf(g, o.weights),
        })),
      };
    }),
  }));
}
