// The region snapshot: an address-space strip (unmapped gaps left out, so every region shows)
// coloured by access frequency or by age, and the regions as rows for the sortable table.
import { REGION_FIELDS, type RegionSnapshotView } from '../protocol';

export type StripBy = 'frequency' | 'age';

export interface RegionRow {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly size: number;
  readonly nrAccesses: number;
  /** % of the aggregation interval's samples that saw an access. */
  readonly frequencyPct: number;
  readonly hz: number;
  readonly age: number;
  readonly ageS: number;
}

export function regionRows(s: RegionSnapshotView): RegionRow[] {
  const rows: RegionRow[] = [];
  for (let r = 0, i = 0; r < s.regions.length; r += REGION_FIELDS, i++) {
    const [start, end, nrAccesses, age] = [s.regions[r], s.regions[r + 1], s.regions[r + 2], s.regions[r + 3]];
    rows.push({
      index: i, start, end, size: end - start, nrAccesses,
      frequencyPct: (100 * nrAccesses) / Math.max(1, s.maxNrAccesses),
      hz: s.aggrUs > 0 ? (nrAccesses * 1e6) / s.aggrUs : 0,
      age, ageS: (age * s.aggrUs) / 1e6,
    });
  }
  return rows;
}

/**
 * Paints the strip: each pixel column shows the size-weighted mean of the regions it covers, so
 * thousands of small regions still read right. Frequency scales to the maximum; age to log(1 + age).
 */
export function paintStrip(canvas: HTMLCanvasElement, rows: readonly RegionRow[], by: StripBy, lut: Uint8ClampedArray, gapColour: string): void {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round((canvas.clientWidth || canvas.width) * dpr));
  const height = Math.max(1, Math.round((canvas.clientHeight || canvas.height) * dpr));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  const total = rows.reduce((sum, r) => sum + r.size, 0);
  if (total === 0) return;
  const maxAge = rows.reduce((max, r) => Math.max(max, r.age), 1);
  const level = (r: RegionRow): number => (by === 'frequency' ? r.frequencyPct / 100 : Math.log1p(r.age) / Math.log1p(maxAge));
  const sum = new Float64Array(width);
  const weight = new Float64Array(width);
  const gaps: number[] = [];
  let offset = 0;
  for (const [i, r] of rows.entries()) {
    if (i > 0 && rows[i - 1].end !== r.start) gaps.push((offset / total) * width);
    let x0 = (offset / total) * width;
    const x1 = ((offset + r.size) / total) * width;
    const v = level(r);
    while (x0 < x1) {
      const px = Math.min(width - 1, Math.floor(x0));
      const next = Math.min(x1, px + 1);
      sum[px] += v * (next - x0);
      weight[px] += next - x0;
      x0 = next;
    }
    offset += r.size;
  }
  const image = ctx.createImageData(width, 1);
  for (let x = 0; x < width; x++) {
    const k = Math.round(255 * Math.min(1, weight[x] > 0 ? sum[x] / weight[x] : 0)) * 4;
    image.data.set(lut.subarray(k, k + 4), x * 4);
  }
  const row = document.createElement('canvas');
  row.width = width;
  row.height = 1;
  row.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(row, 0, 0, width, height);
  // Where the address space has a gap (another mapping, another target), a thin mark.
  ctx.fillStyle = gapColour;
  for (const x of gaps) ctx.fillRect(Math.round(x), 0, Math.max(1, dpr), height);
}
