// The heatmap as `damo report heatmap` prints it: `--output stdout` (a digit per pixel, 0-9 by heat,
// in ANSI 256-color cells, then axis comments) or `--output raw` (`<time> <addr> <heat>` lines).
import { formatSz, formatSzAccurate, formatTimeNs, pyFixed, pyInt } from '../format';
import { highestLowest, type Heatmap } from './heatmap';

/** damo's colorsets: [background, foreground] per heat level 0-9 (_damo_ascii_color.py). */
export const COLORSETS: Record<string, readonly [readonly number[], readonly number[]]> = {
  gray: [[232, 232, 232, 232, 232, 232, 232, 232, 232, 232], [237, 239, 241, 243, 245, 247, 249, 251, 253, 255]],
  flame: [[232, 1, 1, 2, 3, 3, 20, 21, 26, 27, 27], [239, 235, 237, 239, 243, 245, 247, 249, 251, 255]],
  emotion: [[232, 234, 20, 21, 26, 2, 3, 1, 1, 1], [239, 235, 237, 239, 243, 245, 247, 249, 251, 255]],
};
export const MAX_LEVEL = 9;

const colorStart = (set: string, level: number): string => `\u001b[48;5;${COLORSETS[set][0][level]}m\u001b[38;5;${COLORSETS[set][1][level]}m`;
const COLOR_END = '\u001b[0m';

export interface AsciiOptions {
  colorset: string;
  /** Print the color legend with the heat range (damo prints it unless --stdout_skip_colorset_example). */
  legend: boolean;
}

export function formatHeatmapAscii(map: Heatmap, o: AsciiOptions): string {
  const lines: string[] = [];
  const hl = highestLowest(map);
  if (hl) {
    const [hi, lo] = hl;
    const unit = (hi + 1 - lo) / 9;
    for (const row of map.heats) {
      const cells = row.map((h) => (h === null ? `${colorStart(o.colorset, 4)} ` : cell(o.colorset, Math.min(Math.trunc((h - lo) / unit), MAX_LEVEL))));
      lines.push(cells.join('') + COLOR_END);
    }
    if (o.legend) {
      const samples = Array.from({ length: MAX_LEVEL + 1 }, (_, l) => cell(o.colorset, l)).join('') + COLOR_END;
      lines.push(`# access_frequency: ${samples} (${pyFixed(lo, 3)}-${pyFixed(hi, 3)} ${map.heatUnit})`);
    }
  }
  const cols = map.heats[0]?.length ?? 0;
  const rows = map.heats.length;
  const addrLen = map.addrUnit * cols;
  const timeLen = map.timeUnit * rows;
  lines.push(`# x-axis: space [${formatSzAccurate(map.addrStart, false)}, ${formatSzAccurate(map.addrStart + addrLen, false)}) (${formatSz(addrLen, false)})`);
  lines.push(`# y-axis: time [${formatTimeNs(map.timeStart, false)}, ${formatTimeNs(map.timeStart + timeLen, false)}) (${formatTimeNs(timeLen, false)})`);
  lines.push(`# resolution: ${cols}x${rows} (${formatSz(addrLen / cols, false)} and ${formatTimeNs(timeLen / rows, false)} for each character)`);
  return lines.join('\n');
}

function cell(set: string, level: number): string {
  return `${colorStart(set, level)}${level}`;
}

/** damo's colored(): one cell in its own colour, reset after it. */
export function colored(text: string, set: string, level: number): string {
  return `${colorStart(set, level)}${text}${COLOR_END}`;
}

/** `<time>\t<addr>\t<heat>` per pixel, relative to the map's start unless absolute. */
export function formatHeatmapRaw(map: Heatmap, absTime: boolean, absAddr: boolean): string {
  const lines: string[] = [];
  map.heats.forEach((row, ti) => {
    const t = Math.trunc(map.timeStart + ti * map.timeUnit);
    row.forEach((h, ai) => {
      const a = Math.trunc(map.addrStart + ai * map.addrUnit);
      const time = absTime ? t : t - Math.trunc(map.timeStart);
      const addr = absAddr ? a : a - Math.trunc(map.addrStart);
      lines.push(`${pyInt(time)}\t${pyInt(addr)}\t${h === null ? 'NaN' : pyFloat(h)}`);
    });
  });
  return lines.join('\n');
}

/** Python's repr() of a float: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pyFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || '0'}`;
}
