// What every time axis of the dashboard shows besides the data: the paused stretches, shaded,
// and the phase switches, as labelled vertical marks ("→ background"). One drawing routine for
// the chart.js charts (a plugin) and the heatmap canvas.
import type { Chart, Plugin } from 'chart.js';
import type { PausedIntervalView, PhaseMarkView } from '../protocol';

export interface PauseBands {
  intervals: readonly PausedIntervalView[];
  /** Where an open interval (still paused) ends: the newest row's time. */
  now: number;
  fill: string;
  edge: string;
  /** Phase switches; drawn in `markColour` with their label on `markLabelBackground`. */
  marks?: readonly PhaseMarkView[];
  markColour?: string;
  markLabelBackground?: string;
  font?: string;
}

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Shades the paused stretches of `b` inside `area`; `xOf` maps seconds to pixels. */
export function drawPauseBands(ctx: CanvasRenderingContext2D, area: PlotArea, xOf: (t: number) => number, b: PauseBands): void {
  const { top, bottom, left, right } = area;
  ctx.save();
  for (const p of b.intervals) {
    const x0 = Math.max(left, xOf(p.start));
    const x1 = Math.min(right, xOf(p.end ?? b.now));
    if (x1 < left || x0 > right) continue;
    // At least a few pixels wide: a pause of one refresh must still show.
    ctx.fillStyle = b.fill;
    ctx.fillRect(x0, top, Math.max(3, x1 - x0), bottom - top);
    ctx.fillStyle = b.edge;
    ctx.fillRect(x0, top, 1, bottom - top);
  }
  ctx.restore();
}

/** Draws the phase marks of `b` over the data inside `area`. */
export function drawPhaseMarks(ctx: CanvasRenderingContext2D, area: PlotArea, xOf: (t: number) => number, b: PauseBands): void {
  const { top, bottom, left, right } = area;
  ctx.save();
  const colour = b.markColour ?? b.edge;
  ctx.font = b.font ?? '11px sans-serif';
  // The canvas keeps its text alignment across paints (the axes set their own): set ours.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  /** Right end of the last label in each row: marks close together stack their labels. */
  const rowEnds: number[] = [];
  for (const m of b.marks ?? []) {
    const x = Math.round(xOf(m.t)) + 0.5;
    if (x < left || x > right) continue;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    // The label sits right of the mark, or left of it when the mark is near the right edge.
    const label = `→ ${m.phase}`;
    const w = ctx.measureText(label).width + 6;
    const lx = x + 3 + w > right ? x - 3 - w : x + 3;
    let row = rowEnds.findIndex((end) => lx > end + 2);
    if (row < 0) row = Math.min(rowEnds.length, 2);
    rowEnds[row] = lx + w;
    const y = top + 2 + row * 16;
    ctx.fillStyle = b.markLabelBackground ?? 'transparent';
    ctx.fillRect(lx, y, w, 15);
    ctx.fillStyle = colour;
    ctx.fillText(label, lx + 3, y + 2);
  }
  ctx.restore();
}

const bands = new WeakMap<Chart, PauseBands>();

export function setPauseBands(chart: Chart, value: PauseBands): void {
  bands.set(chart, value);
}

export const pauseBandsPlugin: Plugin = {
  id: 'damonPauseBands',
  beforeDatasetsDraw(chart) {
    const b = bands.get(chart);
    const x = chart.scales.x;
    if (b && x) drawPauseBands(chart.ctx, chart.chartArea, (t) => x.getPixelForValue(t), b);
  },
  afterDatasetsDraw(chart) {
    const b = bands.get(chart);
    const x = chart.scales.x;
    if (b && x) drawPhaseMarks(chart.ctx, chart.chartArea, (t) => x.getPixelForValue(t), b);
  },
};
