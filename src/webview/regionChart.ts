import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { RegionSnapshotView } from '../protocol';
import type { ChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip);

const MIB = 1024 * 1024;

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Each region becomes a flat step from its start to its end at its access frequency (% of the
 * aggregation interval's samples that saw an access), so region widths read directly off the chart.
 */
export function regionSteps(snapshot: RegionSnapshotView): Point[] {
  const base = snapshot.regions.length > 0 ? snapshot.regions[0].start : 0;
  const max = Math.max(1, snapshot.maxNrAccesses);
  return snapshot.regions.flatMap((r) => {
    const y = (100 * r.nrAccesses) / max;
    return [{ x: (r.start - base) / MIB, y }, { x: (r.end - base) / MIB, y }];
  });
}

export function createRegionChart(canvas: HTMLCanvasElement, theme: ChartTheme): Chart<'line', Point[]> {
  const config: ChartConfiguration<'line', Point[]> = {
    type: 'line',
    data: { datasets: [{ label: 'access frequency (%)', data: [], parsing: false, fill: 'origin', pointRadius: 0, borderWidth: 1.5 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      normalized: true,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'address offset (MiB)' }, min: 0 },
        y: { type: 'linear', title: { display: true, text: 'access frequency (%)' }, min: 0, max: 100 },
      },
      plugins: { tooltip: { intersect: false, mode: 'nearest' } },
    },
  };
  const chart = new Chart(canvas, config);
  applyTheme(chart, theme);
  return chart;
}

export function applyTheme(chart: Chart<'line', Point[]>, theme: ChartTheme): void {
  const dataset = chart.data.datasets[0];
  dataset.borderColor = theme.accent;
  dataset.backgroundColor = theme.accentFill;
  for (const scale of [chart.options.scales?.x, chart.options.scales?.y]) {
    if (!scale) continue;
    scale.grid = { ...scale.grid, color: theme.grid };
    scale.border = { ...scale.border, color: theme.grid };
    scale.ticks = { ...scale.ticks, color: theme.foreground };
    if (scale.title) scale.title.color = theme.foreground;
  }
  chart.update('none');
}

export function showSnapshot(chart: Chart<'line', Point[]>, snapshot: RegionSnapshotView): void {
  chart.data.datasets[0].data = regionSteps(snapshot);
  chart.update('none');
}
