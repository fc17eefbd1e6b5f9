// Human units for DAMON values: bytes (binary prefixes), microseconds, Hz and percent.
// Parsers accept what the formatters print, plus the short forms damo users type
// ("4K", "1.5 GiB", "5ms", "100us", "2 min", "12.5%"). They throw RangeError naming the text.

import { ULONG_MAX } from './params';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Up to 3 decimals, trailing zeros dropped. */
function num(x: number): string {
  return String(Number(x.toFixed(3)));
}

export function formatBytes(bytes: number): string {
  if (bytes >= ULONG_MAX) return 'max';
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${num(v)} ${BYTE_UNITS[i]}`;
}

const BYTE_FACTORS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

export function parseBytes(text: string): number {
  const t = text.trim().toLowerCase().replaceAll(',', '');
  if (t === 'max') return ULONG_MAX;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtpe]?)(?:i?b)?$/.exec(t);
  if (!m) throw new RangeError(`cannot parse "${text}" as bytes`);
  return Math.round(Number(m[1]) * BYTE_FACTORS[m[2]]);
}

const TIME_UNITS: readonly [string, number][] = [['h', 3600e6], ['min', 60e6], ['s', 1e6], ['ms', 1e3], ['µs', 1]];

export function formatUs(us: number): string {
  if (us >= ULONG_MAX) return 'max';
  for (const [unit, f] of TIME_UNITS) {
    if (Math.abs(us) >= f) return `${num(us / f)} ${unit}`;
  }
  return us === 0 ? '0 µs' : `${num(us * 1000)} ns`;
}

const TIME_FACTORS: Record<string, number> = {
  '': 1, us: 1, 'µs': 1, 'μs': 1, ns: 1e-3, ms: 1e3, s: 1e6, sec: 1e6, m: 60e6, min: 60e6, h: 3600e6, hr: 3600e6,
};

/** Parses a duration to whole microseconds. A bare number is microseconds, as in sysfs. */
export function parseUs(text: string): number {
  const t = text.trim().toLowerCase().replaceAll(',', '');
  if (t === 'max') return ULONG_MAX;
  const m = /^(\d+(?:\.\d+)?)\s*([a-zµμ]*)$/.exec(t);
  const f = m ? TIME_FACTORS[m[2]] : undefined;
  if (!m || f === undefined) throw new RangeError(`cannot parse "${text}" as a duration`);
  return Math.round(Number(m[1]) * f);
}

export function formatHz(hz: number): string {
  if (Math.abs(hz) >= 1e6) return `${num(hz / 1e6)} MHz`;
  if (Math.abs(hz) >= 1e3) return `${num(hz / 1e3)} kHz`;
  return `${num(hz)} Hz`;
}

export function parseHz(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([km]?)hz$/.exec(text.trim().toLowerCase());
  if (!m) throw new RangeError(`cannot parse "${text}" as a frequency`);
  return Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1);
}

/** A ratio (0..1) as percent. */
export function formatPercent(ratio: number): string {
  return `${num(ratio * 100)} %`;
}

/** "12.5%" or "12.5 %" to 0.125. */
export function parsePercent(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (!m) throw new RangeError(`cannot parse "${text}" as a percentage`);
  return Number(m[1]) / 100;
}

/** Samples per aggregation (`damon_max_nr_accesses()`): aggr/sample, 1 if sample is 0. */
export function maxNrAccesses(sample_us: number, aggr_us: number): number {
  return sample_us ? Math.max(1, Math.floor(aggr_us / sample_us)) : 1;
}

/** nr_accesses as an access frequency in Hz, as damo's `<access hz>`. */
export function accessHz(nr_accesses: number, aggr_us: number): number {
  return aggr_us ? (nr_accesses * 1e6) / aggr_us : 0;
}

/** nr_accesses as a ratio of the maximum, as damo's `<access rate>`. */
export function accessRatio(nr_accesses: number, sample_us: number, aggr_us: number): number {
  return nr_accesses / maxNrAccesses(sample_us, aggr_us);
}

/** Digits grouped by thousands with commas, as damo prints numbers ("1,234,567"). */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
