// damo's record files (`damo record`, formats json and json_compressed): a list of records, one
// per monitoring target, each a list of snapshots of the regions with their nr_accesses (samples)
// and age (aggregation intervals). Reads both the raw numbers damo writes and the unit-suffixed
// text of older damo versions ("94,827,419,009,024", "5 ms"); writes what `damo record` writes.
import { promisify } from 'node:util';
import { deflateSync, inflate, inflateSync } from 'node:zlib';
import { ULONG_MAX } from '../../damon/params';
import { pyFixed } from '../format';

export interface DamoRegion {
  start: number;
  end: number;
  /** Samples the region was found accessed in, over one aggregation interval. */
  nr_accesses: number;
  /** Aggregation intervals the access pattern has been kept (0 when the record lacks it). */
  age: number;
  sz_filter_passed: number;
}

export interface DamoSnapshot {
  /** Nanoseconds. */
  start_time: number;
  end_time: number;
  regions: DamoRegion[];
  /** The tuned sample interval of this snapshot, when intervals tuning was on. */
  sample_interval_us: number | null;
}

export interface DamoIntervals {
  sample_us: number;
  aggr_us: number;
  ops_update_us: number;
  /** intervals_goal; aggrs 0 means tuning was off. */
  goal: { access_bp: number; aggrs: number; min_sample_us: number; max_sample_us: number };
}

export interface DamoRecord {
  kdamond_idx: number | null;
  context_idx: number | null;
  intervals: DamoIntervals | null;
  scheme_idx: number | null;
  target_id: number;
  snapshots: DamoSnapshot[];
}

export type DamoRecordFormat = 'json' | 'json_compressed';

/** What kind of unreadable input, so a caller can say what to do about it. */
export type RecordProblem = 'perf_data' | 'corrupt' | 'not-json' | 'schema';

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';

  constructor(message: string, readonly problem: RecordProblem = 'schema') {
    super(message);
  }
}

/** The format damo picks for a file name: json for *.json, else json_compressed (its default). */
export function formatForPath(path: string): DamoRecordFormat {
  return path.endsWith('.json') ? 'json' : 'json_compressed';
}

/** Parses a record file's bytes: zlib-compressed JSON or plain JSON, told apart as `file` does. */
export function parseRecords(data: Uint8Array): DamoRecord[] {
  checkMagic(data);
  if (!isCompressed(data)) return parseRecordText(Buffer.from(data).toString('utf8'));
  try {
    return parseRecordText(inflateSync(data).toString('utf8'));
  } catch (e) {
    throw inflateError(e);
  }
}

const inflateAsync = promisify(inflate);

/** parseRecords, with the decompression on libuv's thread pool so a large record does not block the caller. */
export async function parseRecordsAsync(data: Uint8Array): Promise<DamoRecord[]> {
  checkMagic(data);
  if (!isCompressed(data)) return parseRecordText(Buffer.from(data).toString('utf8'));
  let text: string;
  try {
    text = (await inflateAsync(data)).toString('utf8');
  } catch (e) {
    throw inflateError(e);
  }
  return parseRecordText(text);
}

/** The record format of a file's bytes, told from its content as damo does with `file`. */
export function formatOf(data: Uint8Array): DamoRecordFormat {
  return isCompressed(data) ? 'json_compressed' : 'json';
}

/** zlib's header byte for deflate with a 32 KiB window, what Python's zlib.compress writes. */
const isCompressed = (data: Uint8Array): boolean => data[0] === 0x78;

/** perf.data files (damo's perf_data format) start with this magic. */
const PERF_MAGIC = 'PERFILE2';

function checkMagic(data: Uint8Array): void {
  if (Buffer.from(data.subarray(0, PERF_MAGIC.length)).toString('latin1') === PERF_MAGIC) {
    throw new RecordFormatError('a perf_data record (perf.data); only json and json_compressed records are read', 'perf_data');
  }
}

function inflateError(e: unknown): RecordFormatError {
  if (e instanceof RecordFormatError) return e;
  return new RecordFormatError(`not a damo record: zlib data does not inflate (${(e as Error).message})`, 'corrupt');
}

function parseRecordText(text: string): DamoRecord[] {
  let kv: unknown;
  try {
    kv = JSON.parse(text);
  } catch {
    throw new RecordFormatError('not a damo record: neither JSON nor zlib-compressed JSON (perf_data and perf_script records are not supported)', 'not-json');
  }
  if (!Array.isArray(kv)) throw new RecordFormatError('not a damo record: the top level is not a list of records');
  return kv.map((r, i) => recordOf(obj(r, `records[${i}]`), `records[${i}]`));
}

/** The file bytes `damo record` would write for these records. */
export function serializeRecords(records: readonly DamoRecord[], format: DamoRecordFormat): Uint8Array {
  const text = JSON.stringify(records.map(recordKv), null, 4);
  return format === 'json' ? Buffer.from(text) : deflateSync(Buffer.from(text));
}

type Kv = Record<string, unknown>;

function obj(v: unknown, where: string): Kv {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordFormatError(`${where}: expected an object`);
  return v as Kv;
}

function recordOf(kv: Kv, where: string): DamoRecord {
  const iv = kv.intervals === undefined || kv.intervals === null ? null : intervalsOf(obj(kv.intervals, `${where}.intervals`));
  const snaps = kv.snapshots;
  if (!Array.isArray(snaps)) throw new RecordFormatError(`${where}.snapshots: expected a list`);
  return {
    kdamond_idx: optNum(kv.kdamond_idx),
    context_idx: optNum(kv.context_idx),
    intervals: iv,
    scheme_idx: optNum(kv.scheme_idx),
    target_id: num(kv.target_id, 'nr', `${where}.target_id`),
    snapshots: snaps.map((s, i) => snapshotOf(obj(s, `${where}.snapshots[${i}]`), iv, `${where}.snapshots[${i}]`)),
  };
}

function intervalsOf(kv: Kv): DamoIntervals {
  const g = kv.intervals_goal === undefined ? {} : obj(kv.intervals_goal, 'intervals_goal');
  return {
    sample_us: num(kv.sample_us, 'us', 'intervals.sample_us'),
    aggr_us: num(kv.aggr_us, 'us', 'intervals.aggr_us'),
    ops_update_us: num(kv.ops_update_us, 'us', 'intervals.ops_update_us'),
    goal: {
      access_bp: g.access_bp === undefined ? 0 : num(g.access_bp, 'bp', 'intervals_goal.access_bp'),
      aggrs: g.aggrs === undefined ? 0 : num(g.aggrs, 'nr', 'intervals_goal.aggrs'),
      min_sample_us: g.min_sample_us === undefined ? 0 : num(g.min_sample_us, 'us', 'intervals_goal.min_sample_us'),
      max_sample_us: g.max_sample_us === undefined ? 0 : num(g.max_sample_us, 'us', 'intervals_goal.max_sample_us'),
    },
  };
}

function snapshotOf(kv: Kv, iv: DamoIntervals | null, where: string): DamoSnapshot {
  const regions = kv.regions;
  if (!Array.isArray(regions)) throw new RecordFormatError(`${where}.regions: expected a list`);
  return {
    start_time: num(kv.start_time, 'ns', `${where}.start_time`),
    end_time: num(kv.end_time, 'ns', `${where}.end_time`),
    regions: regions.map((r, i) => regionOf(obj(r, `${where}.regions[${i}]`), iv, `${where}.regions[${i}]`)),
    sample_interval_us: kv.sample_interval_us === undefined || kv.sample_interval_us === null ? null : num(kv.sample_interval_us, 'us', `${where}.sample_interval_us`),
  };
}

function regionOf(kv: Kv, iv: DamoIntervals | null, where: string): DamoRegion {
  const acc = kv.nr_accesses === undefined ? {} : obj(kv.nr_accesses, `${where}.nr_accesses`);
  const age = kv.age === undefined ? {} : obj(kv.age, `${where}.age`);
  const maxSamples = iv ? iv.aggr_us / iv.sample_us : 0;
  let nrAccesses = 0;
  if (acc.samples !== undefined && acc.samples !== null) nrAccesses = num(acc.samples, 'nr', `${where}.nr_accesses.samples`);
  else if (acc.percent !== undefined && acc.percent !== null) nrAccesses = Math.trunc((num(acc.percent, 'percent', `${where}.nr_accesses.percent`) * maxSamples) / 100);
  let aggrs = 0;
  if (age.aggr_intervals !== undefined && age.aggr_intervals !== null) aggrs = num(age.aggr_intervals, 'nr', `${where}.age.aggr_intervals`);
  else if (age.usec !== undefined && age.usec !== null && iv) aggrs = Math.trunc(num(age.usec, 'us', `${where}.age.usec`) / iv.aggr_us);
  return {
    start: num(kv.start, 'bytes', `${where}.start`),
    end: num(kv.end, 'bytes', `${where}.end`),
    nr_accesses: nrAccesses,
    age: aggrs,
    sz_filter_passed: kv.sz_filter_passed === undefined || kv.sz_filter_passed === null ? 0 : num(kv.sz_filter_passed, 'bytes', `${where}.sz_filter_passed`),
  };
}

function optNum(v: unknown): number | null {
  return typeof v === 'number' ? v : typeof v === 'string' ? num(v, 'nr', 'index') : null;
}

type Kind = 'nr' | 'bytes' | 'ns' | 'us' | 'bp' | 'percent';

const BYTES: Record<string, number> = { B: 1, K: 2 ** 10, KB: 2 ** 10, KiB: 2 ** 10, M: 2 ** 20, MB: 2 ** 20, MiB: 2 ** 20, G: 2 ** 30, GB: 2 ** 30, GiB: 2 ** 30, T: 2 ** 40, TB: 2 ** 40, TiB: 2 ** 40, P: 2 ** 50, PB: 2 ** 50, PiB: 2 ** 50, E: 2 ** 60, EB: 2 ** 60, EiB: 2 ** 60 };
const NS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9 };

/** damo's text_to_* parsers: a number, "max", "1,234", or a value with its unit ("5 ms", "1.5 GiB", "12 %"). */
export function num(v: unknown, kind: Kind, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') throw new RecordFormatError(`${where}: expected a number, got ${JSON.stringify(v)}`);
  if (v === 'max') return ULONG_MAX;
  const plain = Number(v.replaceAll(',', ''));
  if (v.trim() !== '' && !Number.isNaN(plain)) return plain;
  const parts = v.replaceAll(',', '').trim().split(/\s+/);
  if (kind === 'ns' || kind === 'us') {
    // "8 m 59.809 s": value-unit pairs, summed.
    let ns = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const m = /^(-?[\d.]+)([a-z]*)$/.exec(parts[i] + (parts[i + 1] ?? ''));
      const f = m ? NS[m[2]] : undefined;
      if (!m || f === undefined) throw new RecordFormatError(`${where}: cannot read "${v}" as a time`);
      ns += Number(m[1]) * f;
    }
    return kind === 'ns' ? ns : ns / 1e3;
  }
  const m = /^(-?[\d.]+)\s*([A-Za-z%]*)$/.exec(parts.join(''));
  if (m && kind === 'bytes' && BYTES[m[2] || 'B']) return Math.min(ULONG_MAX, Math.trunc(Number(m[1]) * BYTES[m[2] || 'B']));
  if (m && m[2] === '%' && kind === 'bp') return Number(m[1]) * 100;
  if (m && m[2] === '%' && kind === 'percent') return Number(m[1]);
  throw new RecordFormatError(`${where}: cannot read "${v}" as ${kind === 'nr' ? 'a number' : kind}`);
}

// Writing: the key order and raw number text of damo's to_kvpairs(raw=True).

const d = (n: number): string => String(Math.trunc(n));

function recordKv(r: DamoRecord): Kv {
  return {
    kdamond_idx: r.kdamond_idx,
    context_idx: r.context_idx,
    intervals: r.intervals && {
      sample_us: d(r.intervals.sample_us),
      aggr_us: d(r.intervals.aggr_us),
      ops_update_us: d(r.intervals.ops_update_us),
      intervals_goal: {
        access_bp: pyFixed(r.intervals.goal.access_bp, 6),
        aggrs: d(r.intervals.goal.aggrs),
        min_sample_us: d(r.intervals.goal.min_sample_us),
        max_sample_us: d(r.intervals.goal.max_sample_us),
      },
    },
    scheme_idx: r.scheme_idx,
    target_id: r.target_id,
    scheme_filters: [],
    snapshots: r.snapshots.map((s) => ({
      start_time: d(s.start_time),
      end_time: d(s.end_time),
      regions: s.regions.map((g) => ({
        start: d(g.start),
        end: d(g.end),
        nr_accesses: { samples: g.nr_accesses, percent: null },
        age: { usec: null, aggr_intervals: d(g.age) },
        probe_hits: [],
        sz_filter_passed: d(g.sz_filter_passed),
      })),
      total_bytes: d(s.regions.reduce((t, g) => t + g.end - g.start, 0)),
      damos_stats: null,
      sample_interval_us: s.sample_interval_us === null ? null : d(s.sample_interval_us),
    })),
    data_source: 'unknown',
  };
}

/** [sample_us, aggr_us] of one snapshot: the record's, or the tuned ones (damo's snapshot_monitoring_intervals). */
export function snapshotIntervals(s: DamoSnapshot, iv: DamoIntervals): [number, number] {
  if (iv.goal.aggrs === 0) return [iv.sample_us, iv.aggr_us];
  const ratio = iv.aggr_us / iv.sample_us;
  if (s.sample_interval_us !== null) return [s.sample_interval_us, s.sample_interval_us * ratio];
  const aggrUs = (s.end_time - s.start_time) / 1000;
  // A snapshot within 10 % of the record's interval was not tuned: keep the round number.
  if (Math.abs(aggrUs - iv.aggr_us) / iv.aggr_us < 0.1) return [iv.sample_us, iv.aggr_us];
  return [aggrUs / ratio, aggrUs];
}
