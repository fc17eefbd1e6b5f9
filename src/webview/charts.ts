// chart.js set up for live data: no animation, no parsing (points are {x, y} already), decimation
// of long series, colours from the theme, and paused stretches shaded on every time axis.
import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip, type ChartConfiguration, type Scale, type ScaleOptions,
} from 'chart.js';
import type { PausedIntervalView, PhaseMarkView } from '../protocol';
import { seconds } from './format';
import { byteAxis, byteTicks } from './ticks';
import { pauseBandsPlugin, setPauseBands } from './pauseBands';
import type { ChartTheme } from './theme';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Tooltip, Legend, Decimation, pauseBandsPlugin);

export interface Point {
  x: number;
  y: number;
}

export interface AxisSpec {
  readonly title: string;
  readonly format: (v: number) => string;
  readonly log?: boolean;
  /** Bytes: ticks at powers of two (32 MiB, 64 MiB, …), not at decimal steps (47.7 MiB). */
  readonly binary?: boolean;
}

export interface SeriesSpec {
  readonly label: string;
  /** Index into the theme's series colours. */
  readonly colour: number;
  readonly axis?: 'y' | 'y1';
  readonly dashed?: boolean;
  readonly stepped?: boolean;
}

function themeAxes(chart: Chart, theme: ChartTheme): void {
  for (const scale of Object.values(chart.options.scales ?? {})) {
    if (!scale) continue;
    const s = scale as ScaleOptions<'linear'>;
    s.grid = { ...s.grid, color: theme.grid };
    s.border = { ...s.border, color: theme.grid };
    s.ticks = { ...s.ticks, color: theme.foreground };
    if (s.title) s.title.color = theme.foreground;
  }
  const legend = chart.options.plugins?.legend;
  if (legend) legend.labels = { ...legend.labels, color: theme.foreground };
}

function axis(spec: AxisSpec, position: 'left' | 'right'): ScaleOptions<'linear'> {
  return {
    type: spec.log ? 'logarithmic' : 'linear',
    position,
    title: { display: true, text: spec.title },
    ticks: { callback: (v) => spec.format(Number(v)), maxTicksLimit: 6 },
    grid: { drawOnChartArea: position === 'left' },
    beginAtZero: !spec.log,
    ...(spec.binary && !spec.log ? binaryTicks : {}),
  } as ScaleOptions<'linear'>;
}

const binaryTicks = {
  afterDataLimits: (scale: Scale): void => {
    scale.min = 0;
    scale.max = byteAxis(scale.max).max;
  },
  afterBuildTicks: (scale: Scale): void => {
    scale.ticks = byteTicks(scale.max).map((value) => ({ value }));
  },
};

/** A line chart over the history's time axis (seconds). */
export class TimeChart {
  readonly chart: Chart<'line', Point[]>;

  constructor(canvas: HTMLCanvasElement, private readonly series: readonly SeriesSpec[], y: AxisSpec, y1: AxisSpec | undefined, theme: ChartTheme) {
    const config: ChartConfiguration<'line', Point[]> = {
      type: 'line',
      data: {
        datasets: series.map((s) => ({
          label: s.label, data: [], parsing: false, normalized: true, pointRadius: 0, borderWidth: 1.5,
          yAxisID: s.axis ?? 'y', borderDash: s.dashed ? [6, 3] : undefined, stepped: s.stepped ?? false, spanGaps: false,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        normalized: true,
        parsing: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'time (s)' }, ticks: { maxRotation: 0, callback: (v) => seconds(Number(v)) } },
          y: axis(y, 'left'),
          ...(y1 ? { y1: axis(y1, 'right') } : {}),
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: 400, threshold: 800 },
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } },
          tooltip: { enabled: true },
        },
      },
    };
    this.chart = new Chart(canvas, config);
    this.applyTheme(theme);
  }

  /** Replaces the points: `columns[i]` holds series i's y for each t. NaN leaves a gap. */
  setData(t: readonly number[], columns: readonly (readonly number[])[], paused: readonly PausedIntervalView[], theme: ChartTheme, marks: readonly PhaseMarkView[] = []): void {
    this.chart.data.datasets.forEach((d, i) => {
      const ys = columns[i] ?? [];
      const points: Point[] = new Array(t.length);
      for (let k = 0; k < t.length; k++) points[k] = { x: t[k], y: ys[k] ?? Number.NaN };
      d.data = points;
    });
    const x = this.chart.options.scales?.x;
    if (x && t.length > 0) {
      x.min = t[0];
      x.max = Math.max(t[t.length - 1], t[0] + 1);
    }
    setPauseBands(this.chart, {
      intervals: paused, now: t[t.length - 1] ?? 0, fill: theme.pausedFill, edge: theme.pausedEdge,
      marks, markColour: theme.markColour, markLabelBackground: theme.markLabelBackground,
    });
    this.chart.update('none');
  }

  /** Fixes an axis' range; a log axis needs it, or lines at its ends hide in the chart's border. */
  setRange(axis: 'y' | 'y1', min: number, max: number): void {
    const scale = this.chart.options.scales?.[axis];
    if (!scale || !(min > 0 && max >= min)) return;
    scale.min = min;
    scale.max = max;
  }

  applyTheme(theme: ChartTheme): void {
    this.chart.data.datasets.forEach((d, i) => {
      const colour = theme.series[this.series[i].colour % theme.series.length];
      d.borderColor = colour;
      d.backgroundColor = colour;
      d.borderWidth = theme.highContrast ? 2.5 : 1.5;
    });
    themeAxes(this.chart, theme);
    this.chart.update('none');
  }
}

/** A bar chart of bytes per bucket (histograms, percentiles). */
export class BarChart {
  readonly chart: Chart<'bar', number[], string>;
  private theme: ChartTheme;

  constructor(canvas: HTMLCanvasElement, label: string, private readonly colour: number, y: AxisSpec, xTitle: string, theme: ChartTheme) {
    this.theme = theme;
    const fill = (): string => this.theme.series[this.colour % this.theme.series.length];
    this.chart = new Chart(canvas, {
      type: 'bar',
      // Scriptable colours: the bar controller caches plain element options across theme changes.
      data: { labels: [], datasets: [{ label, data: [], backgroundColor: fill, borderColor: () => (this.theme.highContrast ? this.theme.foreground : fill()), borderWidth: () => (this.theme.highContrast ? 1 : 0) }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'category', title: { display: true, text: xTitle }, ticks: { maxRotation: 0, autoSkip: true } },
          y: axis(y, 'left'),
        },
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
      },
    });
    this.applyTheme(theme);
  }

  setData(labels: readonly string[], values: readonly number[]): void {
    this.chart.data.labels = [...labels];
    this.chart.data.datasets[0].data = [...values];
    this.chart.update('none');
  }

  applyTheme(theme: ChartTheme): void {
    this.theme = theme;
    themeAxes(this.chart, theme);
    this.chart.update('none');
  }
}
