// The one-line heatmap of a snapshot in `damo report access` (<heatmap>): the regions cut into
// `width` columns of equal size, each a digit 0-9 of its size-weighted temperature. Gaps between
// regions print as "[...]" (or as dots for a static map, where gaps take their real width).
// The arithmetic follows damo's float by float so that the digits match.
import { temperatureOf, type AccessRegion, type TemperatureWeights } from './access';
import { formatNr, formatSz } from '../format';
import { colored, MAX_LEVEL } from './heatmapText';

export interface SnapshotHeatmapOptions {
  width: number;
  colorset: string;
  /** damo's --snapshot_heatmap_static: columns span the address range, gaps included. */
  static: boolean;
  weights: TemperatureWeights;
  raw: boolean;
}

interface Pixel {
  start: number;
  end: number;
  temperature: number;
  isVoid: boolean;
}

export function snapshotHeatmap(regions: readonly AccessRegion[], o: SnapshotHeatmapOptions): string {
  if (regions.length === 0) return 'n/a (no region)';
  const totalSz = o.static ? regions[regions.length - 1].end - regions[0].start : regions.reduce((t, r) => t + (r.end - r.start), 0);
  const szUnit = totalSz / o.width;
  const pixels: Pixel[] = [];
  let min: number | undefined;
  let max: number | undefined;
  let start = regions[0].start;
  while (start < regions[regions.length - 1].end) {
    const end = start + szUnit;
    const pixel = pixelOf(start, end, regions, o.weights);
    pixels.push(pixel);
    if (pixel.isVoid) {
      const next = regions.find((r) => r.start > end);
      if (!next) break;
      start = pyFloorDiv(next.start, szUnit) * szUnit;
      pixel.end = start;
    } else {
      if (min === undefined || pixel.temperature < min) min = pixel.temperature;
      if (max === undefined || pixel.temperature > max) max = pixel.temperature;
      start = end;
    }
  }
  const lo = min ?? 0;
  const hi = max ?? 0;
  let unit = (hi - lo) / MAX_LEVEL;
  if (unit === 0) unit = hi / MAX_LEVEL;
  if (unit === 0) unit = 1;
  const dots = pixels.map((p) => {
    if (!p.isVoid) {
      const level = Math.trunc((p.temperature - lo) / unit);
      return colored(String(level), o.colorset, level);
    }
    const nrDots = (p.end - p.start) / szUnit;
    return !o.static && nrDots > 4 ? '[...]' : '.'.repeat(Math.trunc(nrDots));
  });
  return `${dots.join('')}\n# min/max temperatures: ${formatNr(lo, o.raw)}, ${formatNr(hi, o.raw)}, column size: ${formatSz(szUnit, o.raw)}`;
}

function pixelOf(start: number, end: number, regions: readonly AccessRegion[], w: TemperatureWeights): Pixel {
  let heat = 0;
  let isVoid = true;
  for (const r of regions) {
    if (r.end <= start) continue;
    if (end <= r.start) break;
    isVoid = false;
    // The part of the region inside the pixel, with its temperature as damo computes it for that part.
    let part: AccessRegion;
    if (start <= r.start && r.end <= end) part = r;
    else if (r.start <= start && end <= r.end) part = { ...r, start, end };
    else if (r.start < start) part = { ...r, start };
    else part = { ...r, end };
    heat += temperatureOf(part, w) * (part.end - part.start);
  }
  return { start, end, temperature: heat / (end - start), isVoid };
}

/** Python's float floor division (float_floor_div), which is not always Math.floor(a / b). */
function pyFloorDiv(a: number, b: number): number {
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0;
  const floor = Math.floor(div);
  return div - floor > 0.5 ? floor + 1 : floor;
}
