// The dashboard's views, built once and updated from the host's messages.
import { STAT_NAMES, type DashboardUpdate, type HeatmapView, type StatName } from '../protocol';
import { Card, element, type TableData } from './card';
import { BarChart, TimeChart, type AxisSpec } from './charts';
import { bytes, count, micros } from './format';
import { HeatmapPainter } from './heatmapPaint';
import { HeatmapNavigator } from './heatmapView';
import { post, saveState, savedState } from './host';
import { paintStrip, regionRows, type RegionRow, type StripBy } from './regionStrip';
import { RegionTable } from './regionTable';
import { WhatIfTable } from './whatIfTable';
import { RowsStore } from './rows';
import { SnapshotPicker } from './snapshotPicker';
import { colourScale, readTheme, type ChartTheme } from './theme';

function select(label: string, options: readonly [string, string][], value: string, onChange: (v: string) => void): HTMLElement {
  const wrap = element('label', { class: 'control' });
  const sel = element('select', { 'aria-label': label });
  for (const [v, text] of options) sel.append(element('option', { value: v }, text));
  sel.value = value;
  sel.addEventListener('change', () => onChange(sel.value));
  wrap.append(`${label} `, sel);
  return wrap;
}

/** One column per series, against the time column, as a table. */
function timeTable(t: readonly number[], names: readonly string[], columns: readonly (readonly number[])[]): TableData {
  return { columns: ['time (s)', ...names], rows: t.map((x, k) => [x, ...columns.map((c) => c[k] ?? Number.NaN)]) };
}

/** Every byte axis of the dashboard. */
const BYTES_AXIS: AxisSpec = { title: 'bytes', format: bytes, binary: true };

const SIZE_STATS: readonly StatName[] = ['sz_tried', 'sz_applied'];
const COUNT_STATS: readonly StatName[] = ['nr_tried', 'nr_applied', 'qt_exceeds'];

export class Dashboard {
  private theme: ChartTheme = readTheme();
  private lut = colourScale(this.theme.heat);
  private readonly store = new RowsStore();
  private last: DashboardUpdate | undefined;
  private regions: RegionRow[] = [];
  /** Undefined until the user picks one: then the first scheme that has a quota is shown. */
  private scheme = savedState().scheme;
  private statMode = savedState().statMode ?? 'rates';
  private stripBy: StripBy = savedState().stripBy ?? 'frequency';
  heatEnd = 0;

  private readonly statsCard: Card;
  private readonly stats: TimeChart;
  private readonly quotaCard: Card;
  private readonly quota: TimeChart;
  private readonly stripCard: Card;
  private readonly table: RegionTable;
  private readonly heatCard: Card;
  private readonly painter: HeatmapPainter;
  private readonly navigator: HeatmapNavigator;
  private readonly wssCard: Card;
  private readonly wss: TimeChart;
  private readonly pctCard: Card;
  private readonly pct: BarChart;
  private readonly ageCard: Card;
  private readonly age: BarChart;
  private readonly freqCard: Card;
  private readonly freq: BarChart;
  private readonly intervalsCard: Card;
  private readonly intervals: TimeChart;
  private readonly schemeSelect: HTMLSelectElement;
  /** The DAMOS stats row, which a damo record has nothing for. */
  private readonly statsRow: HTMLElement;
  private readonly picker = new SnapshotPicker();
  /** A what-if panel's comparison of the record with its replays. */
  private readonly whatIf: WhatIfTable;
  private readonly follow: HTMLButtonElement;

  constructor(root: HTMLElement) {
    const t = this.theme;
    const schemeControl = select('scheme', [], String(this.scheme ?? 0), (v) => this.setScheme(Number(v)));
    this.schemeSelect = schemeControl.querySelector('select') as HTMLSelectElement;
    const modeControl = select('show', [['rates', 'rates (per s)'], ['totals', 'totals']], this.statMode, (v) => {
      this.statMode = v === 'totals' ? 'totals' : 'rates';
      saveState({ statMode: this.statMode });
      this.render();
    });

    const grid = (...classes: string[]): HTMLElement => {
      const g = element('div', { class: ['grid', ...classes].join(' ') });
      root.append(g);
      return g;
    };
    this.whatIf = new WhatIfTable(grid('full'));
    const row1 = grid('wide');
    this.statsRow = row1;
    this.statsCard = new Card(row1, { id: 'stats', title: 'DAMOS stats over time', ariaLabel: 'Tried and applied bytes and regions, and quota exceeds, of the selected scheme over time', controls: [schemeControl, modeControl] }, () => this.statsTable());
    this.stats = new TimeChart(this.statsCard.canvas, [
      { label: 'sz_tried', colour: 0 }, { label: 'sz_applied', colour: 2 },
      { label: 'nr_tried', colour: 4, axis: 'y1', dashed: true }, { label: 'nr_applied', colour: 1, axis: 'y1', dashed: true }, { label: 'qt_exceeds', colour: 3, axis: 'y1', stepped: true },
    ], BYTES_AXIS, { title: 'count', format: count }, t);
    this.quotaCard = new Card(row1, { id: 'quota', title: 'Effective quota and goal', ariaLabel: 'Effective size quota of the selected scheme, and its first quota goal: current value against target, over time' }, () => this.quotaTable());
    this.quota = new TimeChart(this.quotaCard.canvas, [
      { label: 'effective quota', colour: 0, stepped: true }, { label: 'goal current', colour: 1, axis: 'y1' }, { label: 'goal target', colour: 3, axis: 'y1', dashed: true },
    ], BYTES_AXIS, { title: 'goal value', format: count }, t);

    const row2 = grid();
    const stripControl = select('colour by', [['frequency', 'access frequency'], ['age', 'age']], this.stripBy, (v) => {
      this.stripBy = v === 'age' ? 'age' : 'frequency';
      saveState({ stripBy: this.stripBy });
      this.render();
    });
    this.stripCard = new Card(row2, { id: 'strip', title: 'Region snapshot', ariaLabel: 'Address space strip of the monitoring regions, coloured by access frequency or age', height: 48, controls: [this.picker.control, stripControl] }, () => this.regionTable());
    this.table = new RegionTable(this.stripCard.section, savedState().sort ?? { column: 'frequencyPct', descending: true }, (sort) => saveState({ sort }));

    const follow = element('button', { type: 'button', title: 'Show the whole history, following it live' }, 'Follow live');
    this.follow = follow;
    this.heatCard = new Card(row2, { id: 'heatmap', title: 'Access heatmap (damo report heatmap)', ariaLabel: 'Heatmap of access frequency over time (x) and address (y). Wheel zooms time, Shift+wheel addresses, drag pans, double-click follows live; keys + - arrows PageUp PageDown 0.', height: 320, controls: [follow] }, () => this.heatTable());
    this.painter = new HeatmapPainter(this.heatCard.canvas);
    this.navigator = new HeatmapNavigator(this.heatCard.canvas, this.painter, savedState().heatmap ?? {}, (request) => {
      saveState({ heatmap: request });
      post({ type: 'heatmap', request });
    });
    follow.addEventListener('click', () => this.navigator.reset());

    const row3 = grid('wide');
    this.wssCard = new Card(row3, { id: 'wss', title: 'Working set size (damo report wss)', ariaLabel: 'Working set size over time: bytes of the regions with at least one access' }, () => timeTable(this.store.rows.t, ['wss (bytes)'], [this.store.rows.wss]));
    this.wss = new TimeChart(this.wssCard.canvas, [{ label: 'working set size', colour: 2 }], BYTES_AXIS, undefined, t);
    this.pctCard = new Card(row3, { id: 'wss-percentiles', title: 'WSS percentiles', ariaLabel: 'Working set size percentiles over the history, as damo report wss prints them' }, () => this.percentileTable());
    this.pct = new BarChart(this.pctCard.canvas, 'working set size', 2, BYTES_AXIS, 'percentile', t);

    const row4 = grid();
    this.ageCard = new Card(row4, { id: 'age-histogram', title: 'Recency: bytes by age', ariaLabel: 'Histogram of monitored bytes by region age in seconds' }, () => this.histogramTable('ageHistogram', 'age'));
    this.age = new BarChart(this.ageCard.canvas, 'bytes', 4, BYTES_AXIS, 'age', t);
    this.freqCard = new Card(row4, { id: 'frequency-histogram', title: 'Temperature: bytes by access frequency', ariaLabel: 'Histogram of monitored bytes by access frequency in percent of samples' }, () => this.histogramTable('frequencyHistogram', 'access frequency'));
    this.freq = new BarChart(this.freqCard.canvas, 'bytes', 3, BYTES_AXIS, 'access frequency', t);

    const row5 = grid('full');
    this.intervalsCard = new Card(row5, { id: 'intervals', title: 'Monitoring intervals and regions', ariaLabel: 'Tuned sampling and aggregation intervals (log scale) and the number of regions over time' }, () =>
      timeTable(this.store.rows.t, ['sample_us', 'aggr_us', 'nr_regions'], [this.store.rows.sampleUs, this.store.rows.aggrUs, this.store.rows.nrRegions]));
    this.intervals = new TimeChart(this.intervalsCard.canvas, [
      { label: 'sample interval', colour: 0, stepped: true }, { label: 'aggregation interval', colour: 1, stepped: true }, { label: 'nr_regions', colour: 2, axis: 'y1' },
    ], { title: 'interval', format: micros, log: true }, { title: 'regions', format: count }, t);
  }

  /** Every chart canvas, for the render report. */
  canvases(): HTMLCanvasElement[] {
    const cards = [this.statsCard, this.quotaCard, this.stripCard, this.heatCard, this.wssCard, this.pctCard, this.ageCard, this.freqCard, this.intervalsCard];
    return cards.filter((c) => c.section.closest('[hidden]') === null).map((c) => c.canvas);
  }

  get rowCount(): number {
    return this.store.length;
  }

  get lastUpdate(): DashboardUpdate | undefined {
    return this.last;
  }

  get regionCount(): number {
    return this.regions.length;
  }

  clear(): void {
    this.last = undefined;
    this.store.replace({ t: [], sampleUs: [], aggrUs: [], nrRegions: [], wss: [], schemes: [] }, 1);
    this.regions = [];
  }

  update(u: DashboardUpdate): void {
    if (u.replace) this.store.replace(u.rows, u.historyLength);
    else this.store.append(u.rows, u.historyLength);
    this.last = u;
    if (u.snapshot) this.regions = regionRows(u.snapshot);
    const schemes = this.store.rows.schemes;
    const options = schemes.map((s, i): [string, string] => [String(i), `${i}: ${s.action}`]);
    if (this.schemeSelect.options.length !== options.length) {
      this.schemeSelect.replaceChildren(...options.map(([v, text]) => element('option', { value: v }, text)));
    }
    this.schemeSelect.value = String(this.shownScheme);
    this.statsRow.hidden = u.record !== undefined;
    this.whatIf.show(u.record?.comparison);
    this.picker.show(u.record && this.store.rows.t, u.record?.snapshot);
    this.follow.textContent = u.record ? 'Show all' : 'Follow live';
    this.follow.title = u.record ? "Show the whole record, as damo report heatmap's default" : 'Show the whole history, following it live';
  }

  applyTheme(): void {
    this.theme = readTheme();
    this.lut = colourScale(this.theme.heat);
    for (const c of [this.stats, this.quota, this.wss, this.intervals, this.pct, this.age, this.freq]) c.applyTheme(this.theme);
    this.render();
  }

  private get shownScheme(): number {
    const schemes = this.store.rows.schemes;
    if (this.scheme !== undefined) return Math.min(this.scheme, Math.max(0, schemes.length - 1));
    return Math.max(0, schemes.findIndex((s) => (s.effectiveBytes.at(-1) ?? 0) > 0));
  }

  private setScheme(i: number): void {
    this.scheme = i;
    saveState({ scheme: i });
    this.render();
  }

  /** Draws everything from the rows and the last update. */
  render(): void {
    const u = this.last;
    const rows = this.store.rows;
    const paused = u?.paused ?? [];
    const marks = u?.phaseMarks ?? [];
    const si = this.shownScheme;
    const s = rows.schemes[si];
    const stats = s ? (this.statMode === 'rates' ? s.rates : s.totals) : undefined;
    const per = this.statMode === 'rates' ? '/s' : '';
    this.stats.setData(rows.t, [...SIZE_STATS, ...COUNT_STATS].map((n) => stats?.[n] ?? []), paused, this.theme, marks);
    this.statsCard.summary.textContent = s
      ? `scheme ${si} (${s.action}), ${this.statMode === 'rates' ? 'per second' : 'cumulative'}: sz_applied ${bytes(stats?.sz_applied.at(-1) ?? Number.NaN)}${per}, qt_exceeds ${count(s.totals.qt_exceeds.at(-1) ?? Number.NaN)} in total`
      : 'This context has no schemes.';
    const goal = s?.goals[0];
    this.quota.setData(rows.t, [s?.effectiveBytes ?? [], goal?.current ?? [], goal?.target ?? []], paused, this.theme, marks);
    this.quotaCard.summary.textContent = s
      ? `effective quota ${bytes(s.effectiveBytes.at(-1) ?? Number.NaN)}` + (goal ? `; goal ${count(goal.current.at(-1) ?? Number.NaN)} of target ${count(goal.target.at(-1) ?? Number.NaN)}` : '; no quota goal')
      : '';
    this.wss.setData(rows.t, [rows.wss], paused, this.theme, marks);
    this.wssCard.summary.textContent = `${u?.record ? 'last snapshot' : 'now'} ${bytes(rows.wss.at(-1) ?? Number.NaN)}`;
    // Half a decade of room below the shortest and above the longest interval.
    const intervals = rows.sampleUs.concat(rows.aggrUs).filter((v) => v > 0);
    if (intervals.length > 0) this.intervals.setRange('y', intervals.reduce((a, b) => Math.min(a, b)) / 2, intervals.reduce((a, b) => Math.max(a, b)) * 2);
    this.intervals.setData(rows.t, [rows.sampleUs, rows.aggrUs, rows.nrRegions], paused, this.theme, marks);
    this.intervalsCard.summary.textContent = `sample ${micros(rows.sampleUs.at(-1) ?? Number.NaN)}, aggregation ${micros(rows.aggrUs.at(-1) ?? Number.NaN)}, ${rows.nrRegions.at(-1) ?? 0} regions`;
    if (u) {
      this.pct.setData(u.wssPercentiles.percentiles.map((p) => `p${p}`), u.wssPercentiles.bytes);
      const p = u.wssPercentiles;
      this.pctCard.summary.textContent = p.snapshots > 0
        ? `${p.snapshots} snapshots past the first ${p.warmUp} (warm-up, which damo skips too); median ${bytes(p.bytes[2] ?? Number.NaN)}`
        : `no snapshot yet past the first ${p.warmUp} (warm-up, which damo skips too)`;
      this.age.setData(u.ageHistogram.labels, u.ageHistogram.bytes);
      this.freq.setData(u.frequencyHistogram.labels, u.frequencyHistogram.bytes);
    }
    this.renderStrip();
    if (u?.heatmap) this.renderHeatmap(u.heatmap);
    else this.heatCard.summary.textContent = u?.heatNotice ?? 'No heatmap yet: this backend cannot see the regions, or has not sampled yet.';
    for (const c of [this.statsCard, this.quotaCard, this.stripCard, this.heatCard, this.wssCard, this.pctCard, this.ageCard, this.freqCard, this.intervalsCard]) c.refreshTable();
  }

  private renderStrip(): void {
    const total = this.regions.reduce((sum, r) => sum + r.size, 0);
    const snap = this.last?.snapshot;
    const record = this.last?.record;
    const when = record ? `snapshot ${record.snapshot + 1} of ${this.store.length}, ending ${(snap ? snap.timeUs / 1e6 : Number.NaN).toFixed(2)} s into the record` : `at kdamond time ${micros(snap?.timeUs ?? Number.NaN)}`;
    this.stripCard.summary.textContent = snap
      ? `${this.regions.length} regions, ${bytes(total)} monitored, ${when}; colour = ${this.stripBy === 'age' ? 'age (log scale)' : 'access frequency (% of samples)'}`
      : 'No region snapshot: this backend cannot see the regions.';
    paintStrip(this.stripCard.canvas, this.regions, this.stripBy, this.lut, this.theme.foreground);
    this.table.show(this.regions);
  }

  private renderHeatmap(view: HeatmapView): void {
    this.navigator.show(view);
    const style = getComputedStyle(document.body);
    const result = this.painter.paint(view, this.last?.paused ?? [], this.store.rows.t.at(-1) ?? 0, {
      lut: this.lut, foreground: this.theme.foreground, grid: this.theme.grid, pausedFill: this.theme.pausedFill, pausedEdge: this.theme.pausedEdge,
      markColour: this.theme.markColour, markLabelBackground: this.theme.markLabelBackground,
      font: `11px ${style.getPropertyValue('--vscode-font-family') || 'sans-serif'}`,
    }, this.last?.phaseMarks ?? []);
    this.heatEnd = result.heatEnd;
    const u = this.last;
    const sources = { trace: 'source: live trace (damon:damon_aggregated), one snapshot per aggregation interval. ', snapshots: 'source: region snapshots, one per refresh. ' };
    const source = u?.heatNotice !== undefined ? `${u.heatNotice} ` : u?.heatSource ? sources[u.heatSource] : '';
    this.heatCard.summary.textContent = `${source}${view.timeCells}×${view.addrCells} cells, ${view.time.start.toFixed(1)}–${view.time.end.toFixed(1)} s over ${bytes(view.addr.end - view.addr.start)} from 0x${view.addr.start.toString(16)}; hottest cell ${result.maxHeat.toFixed(2)} (${view.heatUnit ?? 'size- and time-weighted nr_accesses'})` +
      (this.navigator.following ? '' : ` (zoomed: "${this.follow.textContent}" to see it all)`);
  }

  private statsTable(): TableData {
    const s = this.store.rows.schemes[this.shownScheme];
    if (!s) return { columns: ['time (s)'], rows: [] };
    const names = STAT_NAMES.flatMap((n) => [n, `${n}/s`]);
    return timeTable(this.store.rows.t, names, STAT_NAMES.flatMap((n) => [s.totals[n], s.rates[n]]));
  }

  private quotaTable(): TableData {
    const s = this.store.rows.schemes[this.shownScheme];
    if (!s) return { columns: ['time (s)'], rows: [] };
    const names = ['effective_bytes', ...s.goals.flatMap((_, i) => [`goal ${i} current`, `goal ${i} target`])];
    return timeTable(this.store.rows.t, names, [s.effectiveBytes, ...s.goals.flatMap((g) => [g.current, g.target])]);
  }

  private regionTable(): TableData {
    return {
      columns: ['start', 'end', 'size', 'nr_accesses', 'access %', 'access Hz', 'age (aggr)', 'age (s)'],
      rows: this.regions.map((r) => [r.start, r.end, r.size, r.nrAccesses, r.frequencyPct, r.hz, r.age, r.ageS]),
    };
  }

  private heatTable(): TableData {
    const v = this.last?.heatmap;
    if (!v) return { columns: ['time (s)', 'address', 'heat'], rows: [] };
    const tUnit = (v.time.end - v.time.start) / v.timeCells;
    const aUnit = (v.addr.end - v.addr.start) / v.addrCells;
    const rows: number[][] = [];
    // damo's "<time> <space> <heat>" lines, cells with heat only (the rest are 0).
    for (let i = 0; i < v.timeCells; i++) {
      for (let j = 0; j < v.addrCells; j++) {
        const h = v.heat[i * v.addrCells + j];
        if (h > 0) rows.push([v.time.start + i * tUnit, v.addr.start + j * aUnit, h]);
      }
    }
    return { columns: ['time (s)', 'address', 'heat'], rows };
  }

  private percentileTable(): TableData {
    const p = this.last?.wssPercentiles;
    return { columns: ['percentile', 'wss (bytes)'], rows: p ? p.percentiles.map((x, i) => [x, p.bytes[i] ?? Number.NaN]) : [] };
  }

  private histogramTable(which: 'ageHistogram' | 'frequencyHistogram', label: string): TableData {
    const h = this.last?.[which];
    return { columns: [label, 'bytes'], rows: h ? h.labels.map((l, i) => [l, h.bytes[i]]) : [] };
  }
}
