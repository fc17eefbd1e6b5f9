// The what-if comparison: the record and each replay side by side, in the figures that decide a
// tuning: working set (damo report wss), regions, what each scheme tried and applied, what paging
// out cost the workload, and what the monitoring cost (region samples per second).
import { snapshotIntervals, type DamoRecord } from '../../damo/record/record';
import { percentileIndex } from '../../damo/report/dist';
import { formatSz } from '../../damo/format';
import { WSS_DEFAULTS, wssDists } from '../../damo/report/wss';
import type { ReplayResult, SchemeOutcome } from './replay';

export interface WhatIfColumn {
  /** "recorded", or the configuration's name. */
  readonly name: string;
  readonly wssP50: number;
  readonly wssP90: number;
  readonly nrRegionsP50: number;
  /** Regions checked per second: the monitoring's own cost. */
  readonly regionSamplesPerS: number;
  /** Undefined for the record: it does not say what its schemes did. */
  readonly schemes?: readonly SchemeOutcome[];
  readonly pagedOutBytes?: number;
  readonly refaultBytes?: number;
  readonly notes?: readonly string[];
}

const at = (sorted: readonly number[], p: number): number => (sorted.length ? sorted[percentileIndex(p, sorted.length)] : Number.NaN);

/**
 * One column of figures from a record, recorded or simulated. As damo's reports, the first 20
 * snapshots (DAMON not yet adapted) are left out, unless that would leave too few.
 */
function figures(name: string, records: readonly DamoRecord[]): WhatIfColumn {
  const skip = records.every((r) => r.snapshots.length > 40) ? WSS_DEFAULTS.excludeSamples : 0;
  const wss = wssDists(records, { ...WSS_DEFAULTS, excludeSamples: skip }).get(0) ?? [];
  const nr = records.flatMap((r) => r.snapshots.slice(skip).map((s) => s.regions.length)).sort((a, b) => a - b);
  let samples = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    for (const s of r.snapshots) {
      const [sampleUs, aggrUs] = r.intervals ? snapshotIntervals(s, r.intervals) : [5000, (s.end_time - s.start_time) / 1000];
      samples += s.regions.length * Math.max(1, Math.round(aggrUs / sampleUs));
      first = Math.min(first, s.start_time);
      last = Math.max(last, s.end_time);
    }
  }
  return { name, wssP50: at(wss, 50), wssP90: at(wss, 90), nrRegionsP50: at(nr, 50), regionSamplesPerS: last > first ? samples / ((last - first) / 1e9) : Number.NaN };
}

export function recordedColumn(records: readonly DamoRecord[]): WhatIfColumn {
  return figures('recorded', records);
}

export function replayColumn(name: string, result: ReplayResult, notes: readonly string[] = []): WhatIfColumn {
  return { ...figures(name, result.records), schemes: result.schemes, pagedOutBytes: result.pagedOutBytes, refaultBytes: result.refaultBytes, notes };
}

/** The table's rows: [figure, value per column]; '-' where a column has no such figure. */
export function whatIfRows(columns: readonly WhatIfColumn[]): string[][] {
  const bytes = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? '-' : formatSz(n, false));
  const rows: string[][] = [
    ['WSS p50', ...columns.map((c) => bytes(c.wssP50))],
    ['WSS p90', ...columns.map((c) => bytes(c.wssP90))],
    ['nr_regions p50', ...columns.map((c) => (Number.isNaN(c.nrRegionsP50) ? '-' : String(c.nrRegionsP50)))],
  ];
  const nrSchemes = Math.max(0, ...columns.map((c) => c.schemes?.length ?? 0));
  for (let i = 0; i < nrSchemes; i++) {
    const pick = (c: WhatIfColumn, f: (s: SchemeOutcome) => string): string => (c.schemes?.[i] ? f(c.schemes[i]) : '-');
    rows.push([`scheme ${i} action`, ...columns.map((c) => pick(c, (s) => s.action))]);
    rows.push([`scheme ${i} sz_tried`, ...columns.map((c) => pick(c, (s) => bytes(s.stats.sz_tried)))]);
    rows.push([`scheme ${i} sz_applied`, ...columns.map((c) => pick(c, (s) => bytes(s.stats.sz_applied)))]);
    rows.push([`scheme ${i} nr_applied`, ...columns.map((c) => pick(c, (s) => String(s.stats.nr_applied)))]);
    rows.push([`scheme ${i} qt_exceeds`, ...columns.map((c) => pick(c, (s) => String(s.stats.qt_exceeds)))]);
  }
  rows.push(['paged out', ...columns.map((c) => bytes(c.pagedOutBytes))]);
  rows.push(['refaults', ...columns.map((c) => bytes(c.refaultBytes))]);
  rows.push(['region samples/s', ...columns.map((c) => (Number.isNaN(c.regionSamplesPerS) ? '-' : Math.round(c.regionSamplesPerS).toLocaleString('en-US')))]);
  return rows;
}

export function formatWhatIf(columns: readonly WhatIfColumn[]): string {
  const head = ['', ...columns.map((c) => c.name)];
  const rows = [head, ...whatIfRows(columns)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]): string => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  const notes = columns.flatMap((c) => (c.notes ?? []).map((n) => `# ${c.name}: ${n}`));
  return [...rows.map(line), ...notes].join('\n');
}
