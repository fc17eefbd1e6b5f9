// A chart.js plugin that shades the paused stretches on a chart's time (x) axis.
import type { Chart, Plugin } from 'chart.js';
import type { PausedIntervalView } from '../protocol';

export interface PauseBands {
  intervals: readonly PausedIntervalView[];
  /** Where an open interval (still paused) ends: the newest row's time. */
  now: number;
  fill: string;
  edge: string;
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
    if (!b || !x) return;
    const { top, bottom, left, right } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    for (const p of b.intervals) {
      const x0 = Math.max(left, x.getPixelForValue(p.start));
      const x1 = Math.min(right, x.getPixelForValue(p.end ?? b.now));
      if (x1 < left || x0 > right) continue;
      // At least a few pixels wide: a pause of one refresh must still show.
      const width = Math.max(3, x1 - x0);
      ctx.fillStyle = b.fill;
      ctx.fillRect(x0, top, width, bottom - top);
      ctx.strokeStyle = b.edge;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x0 + 0.5, top);
      ctx.lineTo(x0 + 0.5, bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};
