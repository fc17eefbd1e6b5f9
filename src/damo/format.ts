// damo's number formatting (_damo_fmt_str.py), so reports print what damo prints.
import { ULONG_MAX } from '../damon/params';
import { groupThousands } from '../damon/units';

/** Python's '%d' of a number: truncated toward zero. */
export function pyInt(x: number): string {
  return Math.trunc(x).toFixed(0);
}

/**
 * Python's '%.<n>f': the exact binary value rounded to n decimals, ties to even (JS's toFixed
 * rounds ties away from zero: 121.0625 prints 121.063 there and 121.062 in damo).
 */
export function pyFixed(x: number, n: number): string {
  const up = x.toFixed(n);
  const exact = Math.abs(x).toFixed(Math.min(100, n + 60));
  const [int, frac = ''] = exact.split('.');
  if (!/^50*$/.test(frac.slice(n))) return up;
  const kept = n > 0 ? `${int}.${frac.slice(0, n)}` : int;
  const lastEven = Number(kept[kept.length - 1]) % 2 === 0;
  return lastEven ? `${x < 0 ? '-' : ''}${kept}` : up;
}

/** format_sz: binary units with 3 decimals above each unit (strictly), '%d B' below 1 KiB. */
export function formatSz(bytes: number, raw: boolean, decimals = 3): string {
  if (raw) return pyInt(bytes);
  if (bytes === ULONG_MAX) return 'max';
  const units: [number, string][] = [[2 ** 60, 'EiB'], [2 ** 50, 'PiB'], [2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [f, u] of units) if (bytes > f) return `${pyFixed(bytes / f, decimals)} ${u}`;
  return `${pyInt(bytes)} B`;
}

/** format_sz_accurate: as format_sz with Python's '%f' (6 decimals). */
export function formatSzAccurate(bytes: number, raw: boolean): string {
  return formatSz(bytes, raw, 6);
}

const HOUR = 3600e9;
const MINUTE = 60e9;
const SEC = 1e9;

/** format_time_ns (non-raw): h, m, s, ms, us or ns, with 3 decimals when not whole. */
export function formatTimeNs(ns: number, raw: boolean): string {
  if (raw) return pyInt(ns);
  const sign = ns < 0 ? '-' : '';
  const t = Math.abs(ns);
  if (t >= ULONG_MAX) return `${sign}max`;
  if (t >= HOUR) {
    const h = Math.trunc(t / HOUR);
    const rest = t - h * HOUR;
    return rest === 0 ? `${sign}${h} h` : `${sign}${h} h ${formatTimeNs(rest, false)}`;
  }
  if (t >= MINUTE) {
    const m = Math.trunc(t / MINUTE);
    if (t % MINUTE === 0) return `${sign}${m} m`;
    if (t % SEC === 0) return `${sign}${m} m ${Math.trunc((t % MINUTE) / SEC)} s`;
    return `${sign}${m} m ${pyFixed((t % MINUTE) / SEC, 3)} s`;
  }
  for (const [f, u] of [[SEC, 's'], [1e6, 'ms'], [1e3, 'us']] as const) {
    if (t >= f) return t % f === 0 ? `${sign}${Math.trunc(t / f)} ${u}` : `${sign}${pyFixed(t / f, 3)} ${u}`;
  }
  return `${sign}${pyInt(t)} ns`;
}

/** format_nr: '%d' (truncated), with thousands commas unless raw. */
export function formatNr(nr: number, raw: boolean): string {
  if (nr < 0) return `-${formatNr(-nr, raw)}`;
  const s = pyInt(nr);
  return raw ? s : groupThousands(s);
}

/** format_time_us: '%d' when raw, else format_time_ns of the microseconds. */
export function formatTimeUs(us: number, raw: boolean): string {
  return raw ? pyInt(us) : formatTimeNs(us * 1000, false);
}

/** format_hz: '%f' when raw; 3 decimals below 10 hz; else a whole number with commas. */
export function formatHz(hz: number, raw: boolean, suffix = true): string {
  if (raw) return pyFixed(hz, 6);
  const s = hz < 10 && hz !== 0 ? pyFixed(hz, 3) : formatNr(hz, false);
  return suffix ? `${s} hz` : s;
}

/** format_ratio: whole percent with commas, then up to 7 decimals with trailing zeros cut ("4 %", "12.5 %"). */
function formatRatio(ratio: number, raw: boolean): string {
  if (raw) return pyFixed(ratio, 6);
  const over = formatNr(Math.trunc(ratio * 100), false);
  const p = ratio * 100;
  const under = pyFixed(p - Math.floor(p), 7).replace(/0+$/, '').slice(2);
  return under === '' ? `${over} %` : `${over}.${under} %`;
}

/** format_percent and format_bp: '%f' of the number when raw, else format_ratio. */
export function formatPercent(percent: number, raw: boolean): string {
  return raw ? pyFixed(percent, 6) : formatRatio(percent / 100, false);
}

export function formatBp(bp: number, raw: boolean): string {
  return raw ? pyFixed(bp, 6) : formatRatio(bp / 10000, false);
}
