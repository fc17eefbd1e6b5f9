// Turns a context's history into the dashboard's messages: all rows when the panel (re)appears,
// only the new rows on each refresh after that.
import type { ContextHistory, HistorySample } from '../investigation/history/history';
import type { PhaseMark } from '../investigation/phases/marks';
import { LiveHeatmap } from '../investigation/history/liveHeatmap';
import { AGE_EDGES_S, FREQUENCY_EDGES_PCT, pausedIntervals, rates, sizeHistogram, type Edges } from '../investigation/history/series';
import { percentiles, WSS_EXCLUDE_SAMPLES, WSS_PERCENTILES } from '../investigation/history/wss';
import { STAT_NAMES, type DashboardUpdate, type HeatmapRequest, type HistogramView, type HistoryRows, type PhaseMarkView, type SchemeRows, type StatName } from '../protocol';

/** Heatmap cells sent to the webview: damo's image default is 500 × 500; this fits a panel. */
export const HEATMAP_TIME_CELLS = 300;
export const HEATMAP_ADDR_CELLS = 200;

export interface FeedRequest {
  readonly history: ContextHistory;
  readonly contexts: DashboardUpdate['contexts'];
  readonly historyLength: number;
  /** Sequence number of the first sample the webview lacks; undefined sends everything. */
  readonly since?: number;
  readonly heatmap: HeatmapRequest;
  /** The panel's incrementally binned cells; without one, the heatmap is binned from scratch. */
  readonly binner?: LiveHeatmap;
  /** The phase switches of the history's backend (HistoryStore.phaseMarks). */
  readonly phaseMarks?: readonly PhaseMark[];
  /** Why the heat is not from the live trace where it could be (one line). */
  readonly heatNotice?: string;
}

export function dashboardUpdate(req: FeedRequest): DashboardUpdate {
  const { history } = req;
  const all = history.samples.toArray();
  const replace = req.since === undefined;
  const fresh = replace ? all : history.samples.since(req.since ?? 0);
  // Rates need the sample before the first new one.
  const prev = all.length > fresh.length ? all[all.length - fresh.length - 1] : undefined;
  const latest = all.at(-1);
  const frequencyOf = (n: number): number => (latest ? (100 * n) / latest.maxNrAccesses : 0);
  const ageOf = (_n: number, age: number): number => (latest ? (age * latest.aggrUs) / 1e6 : 0);
  const regions = history.latestRegions;
  // Sequence number of the oldest held sample: the first WSS_EXCLUDE_SAMPLES ever recorded are warm-up.
  const firstSeq = history.samples.seq - all.length;
  const warm = all.filter((_, i) => firstSeq + i >= WSS_EXCLUDE_SAMPLES);
  return {
    type: 'update',
    replace,
    context: { key: history.key, label: history.label },
    contexts: req.contexts,
    historyLength: req.historyLength,
    rows: historyRows(fresh, prev),
    paused: pausedIntervals(all),
    pausedNow: latest?.paused ?? false,
    phaseMarks: marksOn(history, all, req.phaseMarks ?? []),
    phase: history.phase,
    snapshot: latest && regions.length > 0
      ? { timeUs: latest.passedSampleIntervals * latest.sampleUs, aggrUs: latest.aggrUs, maxNrAccesses: latest.maxNrAccesses, regions }
      : undefined,
    ageHistogram: histogram(regions, AGE_EDGES_S, ageOf, (e) => `${e} s`),
    frequencyHistogram: histogram(regions, FREQUENCY_EDGES_PCT, frequencyOf, (e) => `${e} %`),
    wssPercentiles: { percentiles: WSS_PERCENTILES, bytes: percentiles(warm.map((s) => s.wss)), snapshots: warm.length, warmUp: WSS_EXCLUDE_SAMPLES },
    heatmap: (req.binner ?? new LiveHeatmap(HEATMAP_TIME_CELLS, HEATMAP_ADDR_CELLS)).cells(history, req.heatmap),
    heatSource: history.heatSource,
    heatNotice: req.heatNotice,
  };
}

/** The switches within the held rows, on the history's time axis. */
function marksOn(history: ContextHistory, samples: readonly HistorySample[], marks: readonly PhaseMark[]): PhaseMarkView[] {
  const first = samples[0]?.t ?? 0;
  const last = samples.at(-1)?.t ?? 0;
  return marks.map((m) => ({ t: history.timeOf(m.at), phase: m.phase })).filter((m) => m.t >= first && m.t <= last);
}

function historyRows(samples: readonly HistorySample[], prev: HistorySample | undefined): HistoryRows {
  const withPrev = prev ? [prev, ...samples] : samples;
  const t = withPrev.map((s) => s.t);
  const skip = prev ? 1 : 0;
  const nrSchemes = samples.at(-1)?.schemes.length ?? 0;
  const schemes: SchemeRows[] = [];
  for (let si = 0; si < nrSchemes; si++) {
    const column = (f: (s: HistorySample) => number): number[] => withPrev.map(f);
    const stat = (name: StatName): number[] => column((s) => s.schemes[si]?.[name] ?? Number.NaN);
    const totals = Object.fromEntries(STAT_NAMES.map((n) => [n, stat(n).slice(skip)])) as Record<StatName, number[]>;
    const rateColumns = Object.fromEntries(STAT_NAMES.map((n) => [n, rates(t, stat(n)).slice(skip)])) as Record<StatName, number[]>;
    const nrGoals = samples.at(-1)?.schemes[si]?.goals.length ?? 0;
    schemes.push({
      action: samples.at(-1)?.schemes[si]?.action ?? `scheme ${si}`,
      totals,
      rates: rateColumns,
      effectiveBytes: samples.map((s) => s.schemes[si]?.effective_bytes ?? Number.NaN),
      goals: Array.from({ length: nrGoals }, (_, gi) => ({
        current: samples.map((s) => s.schemes[si]?.goals[gi]?.current ?? Number.NaN),
        target: samples.map((s) => s.schemes[si]?.goals[gi]?.target ?? Number.NaN),
      })),
    });
  }
  return {
    t: samples.map((s) => s.t),
    sampleUs: samples.map((s) => s.sampleUs),
    aggrUs: samples.map((s) => s.aggrUs),
    nrRegions: samples.map((s) => s.nrRegions),
    wss: samples.map((s) => s.wss),
    schemes,
  };
}

export function histogram(regions: Float64Array, edges: Edges, valueOf: (n: number, age: number) => number, unit: (edge: number) => string): HistogramView {
  const label = (i: number): string => {
    if (edges[i + 1] === undefined) return `≥ ${unit(edges[i])}`;
    if (edges[i] === 0 && edges[i + 1] < 1e-6) return 'idle';
    return `< ${unit(edges[i + 1])}`;
  };
  return { labels: edges.map((_, i) => label(i)), bytes: sizeHistogram(regions, edges, valueOf) };
}
