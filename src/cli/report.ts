// `damon-lens report wss|heatmap|nr_regions --input FILE …`: damo's reports over damo record
// files, with damo's option names and output; --json prints the same numbers as JSON.
import { pyRange } from '../damo/report/dist';
import { guidedRanges, guides, guideId } from '../damo/report/guide';
import { heatmapOf } from '../damo/report/heatmap';
import { COLORSETS, formatHeatmapAscii, formatHeatmapRaw } from '../damo/report/heatmapText';
import { RecordFormatError } from '../damo/record/record';
import { formatNrRegions, formatWss, nrRegionsDists, WSS_DEFAULTS, wssDists } from '../damo/report/wss';
import { flag, int, parseArgs, str, toInt, values, type ParsedArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { ACCESS_USAGE, reportAccess } from './reportAccess';
import { optionNum, readRecords } from './reportInput';

export const REPORT_USAGE = `damon-lens report wss|heatmap|nr_regions|access --input FILE [options] [--json]
  wss:        --range START STOP STEP  --exclude_samples N  --acc_thres N  --sz_thres N
              --work_time US  --sortby time|size  --raw_number  --all_wss  --nr_cols_bar N
              --collapse_targets | --per_target
  heatmap:    --output stdout|raw  --resol TIME ADDR  --time_range START END
              --address_range START END (repeatable)  --draw_range hottest|all
              --kdamond_idx --context_idx --scheme_idx --tid  --abs_time --abs_addr
              --stdout_colorset gray|flame|emotion  --stdout_skip_colorset_example  --df_passed
  nr_regions: --range START STOP STEP  --sortby time|size
${ACCESS_USAGE}`;

const COMMON = { input: { nargs: 1 }, json: { nargs: 0 } } as const;
const SORTBY = { nargs: 1, choices: ['time', 'size'] } as const;

export async function runReport(argv: readonly string[], io: CliIo): Promise<number> {
  const [kind, ...rest] = argv;
  switch (kind) {
    case 'wss':
      return reportWss(rest, io);
    case 'heatmap':
      return reportHeatmap(rest, io);
    case 'nr_regions':
      return reportNrRegions(rest, io);
    case 'access':
      return reportAccess(rest, io);
    default:
      throw new UsageError(`report: ${kind === undefined ? 'which report?' : `unknown report "${kind}"`}; choose wss, heatmap, nr_regions or access`);
  }
}

function range(a: ParsedArgs, fallback: [number, number, number]): [number, number, number] {
  const v = values(a, 'range');
  if (!v) return fallback;
  const r = v.map((x) => toInt(x, '--range')) as [number, number, number];
  if (r[2] === 0) throw new UsageError('--range START STOP STEP: STEP must not be 0');
  return r;
}

function reportWss(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, {
    ...COMMON,
    range: { nargs: 3 },
    exclude_samples: { nargs: 1 },
    acc_thres: { nargs: 1 },
    sz_thres: { nargs: 1 },
    work_time: { nargs: 1 },
    sortby: SORTBY,
    raw_number: { nargs: 0 },
    all_wss: { nargs: 0 },
    nr_cols_bar: { nargs: 1 },
    per_target: { nargs: 0 },
    collapse_targets: { nargs: 0 },
  }, 'report wss');
  if (flag(a, 'per_target') && flag(a, 'collapse_targets')) throw new UsageError('report wss: give --per_target or --collapse_targets, not both');
  const o = {
    range: range(a, WSS_DEFAULTS.range),
    excludeSamples: int(a, 'exclude_samples', WSS_DEFAULTS.excludeSamples),
    accThres: int(a, 'acc_thres', WSS_DEFAULTS.accThres),
    szThres: int(a, 'sz_thres', WSS_DEFAULTS.szThres),
    workTimeUs: int(a, 'work_time', WSS_DEFAULTS.workTimeUs),
    sortBy: (str(a, 'sortby') ?? 'size') as 'time' | 'size',
    rawNumber: flag(a, 'raw_number'),
    allWss: flag(a, 'all_wss'),
    collapseTargets: !flag(a, 'per_target'),
    nrColsBar: int(a, 'nr_cols_bar', WSS_DEFAULTS.nrColsBar),
  };
  const dists = wssDists(readRecords(a, 'report wss'), o);
  if (flag(a, 'json')) {
    const ps = pyRange(...o.range);
    io.out(JSON.stringify([...dists].map(([target_id, wss]) => ({ target_id, percentiles: ps, wss: ps.map((p) => wss[Math.min(wss.length - 1, Math.trunc((p / 100) * wss.length))] ?? null), all: wss })), null, 2));
  } else io.out(formatWss(dists, o));
  return EXIT_OK;
}

function reportNrRegions(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, { ...COMMON, range: { nargs: 3 }, sortby: SORTBY }, 'report nr_regions');
  const ps = flag(a, 'range') ? pyRange(...range(a, [0, 101, 25])) : [0, 25, 50, 75, 100];
  const dists = nrRegionsDists(readRecords(a, 'report nr_regions'), (str(a, 'sortby') ?? 'size') as 'time' | 'size');
  for (const [tid, d] of dists) {
    if (d.length === 0) throw new RecordFormatError(`report nr_regions: target ${tid} has no snapshot after the first 20 (damo skips those as not yet adapted)`);
  }
  if (flag(a, 'json')) io.out(JSON.stringify([...dists].map(([target_id, nr]) => ({ target_id, percentiles: ps, nr_regions: ps.map((p) => nr[Math.min(nr.length - 1, Math.trunc((p / 100) * nr.length))]), all: nr })), null, 2));
  else io.out(formatNrRegions(dists, ps));
  return EXIT_OK;
}

function reportHeatmap(argv: readonly string[], io: CliIo): number {
  const a = parseArgs(argv, {
    ...COMMON,
    output: { nargs: 1, choices: ['stdout', 'raw'] },
    resol: { nargs: 2 },
    time_range: { nargs: 2 },
    address_range: { nargs: 2, repeat: true },
    draw_range: { nargs: 1, choices: ['hottest', 'all'] },
    kdamond_idx: { nargs: 1 },
    context_idx: { nargs: 1 },
    scheme_idx: { nargs: 1 },
    tid: { nargs: 1 },
    abs_time: { nargs: 0 },
    abs_addr: { nargs: 0 },
    stdout_colorset: { nargs: 1, choices: Object.keys(COLORSETS) },
    stdout_skip_colorset_example: { nargs: 0 },
    df_passed: { nargs: 0 },
  }, 'report heatmap');
  const records = readRecords(a, 'report heatmap');
  const withIntervals = records.filter((r) => r.intervals).length;
  if (withIntervals !== 0 && withIntervals !== records.length) throw new RecordFormatError('report heatmap: some records have intervals while some not; cannot proceed (as damo)');
  const output = str(a, 'output') ?? 'stdout';
  const [timeResol, addrResol] = (values(a, 'resol') ?? (output === 'stdout' ? ['40', '80'] : ['500', '500'])).map((v) => toInt(v, '--resol'));
  if (!(timeResol > 1 && addrResol > 0)) throw new UsageError('report heatmap: --resol TIME ADDR must be at least 2 and 1');
  const all = guides(records);
  if (all.length === 0) throw new RecordFormatError('report heatmap: the record has no snapshot');
  const opt = (name: string, fallback: number | null): number | null => (flag(a, name) ? int(a, name, 0) : fallback);
  const sel = { kdamond_idx: opt('kdamond_idx', all[0].kdamond_idx), context_idx: opt('context_idx', all[0].context_idx), scheme_idx: opt('scheme_idx', all[0].scheme_idx), target_id: opt('tid', all[0].tid) ?? 0 };
  const guide = all.find((g) => guideId({ ...g, target_id: g.tid }) === guideId(sel));
  if (!guide) throw new UsageError('report heatmap: no record matches --kdamond_idx/--context_idx/--scheme_idx/--tid');
  const picked = records.filter((r) => guideId(r) === guideId(sel));
  const tr = values(a, 'time_range');
  const time: [number, number] = tr ? [optionNum('report heatmap', tr[0], 'ns', '--time_range'), optionNum('report heatmap', tr[1], 'ns', '--time_range')] : [guide.start_time, guide.end_time];
  const addrs = a.options.get('address_range')?.map((v): [number, number] => [optionNum('report heatmap', v[0], 'bytes', '--address_range'), optionNum('report heatmap', v[1], 'bytes', '--address_range')]) ?? guidedRanges(guide, str(a, 'draw_range') === 'all' ? 'all' : 'hottest');
  const maps = addrs.map((addr) => heatmapOf(picked, { time, addr, timeResol, addrResol, dfPassed: flag(a, 'df_passed') }));
  if (flag(a, 'json')) io.out(JSON.stringify(maps, null, 2));
  else if (output === 'raw') io.out(maps.map((m) => formatHeatmapRaw(m, flag(a, 'abs_time'), flag(a, 'abs_addr'))).join('\n'));
  else io.out(maps.map((m) => formatHeatmapAscii(m, { colorset: str(a, 'stdout_colorset') ?? 'gray', legend: !flag(a, 'stdout_skip_colorset_example') })).join('\n'));
  return EXIT_OK;
}
