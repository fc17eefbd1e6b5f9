// Typed messages between the extension host (src/ui) and the dashboard webview (src/webview).
// Both sides import only this file from each other. Bulk data travels as typed arrays, which
// VS Code transfers without turning them into JSON objects.

/** Values per region in `RegionSnapshotView.regions`: start, end, nr_accesses, age. */
export const REGION_FIELDS = 4;

/** A region snapshot of one context at one moment of its kdamond. */
export interface RegionSnapshotView {
  /** Kernel time of the snapshot, in microseconds since the kdamond started. */
  readonly timeUs: number;
  readonly aggrUs: number;
  /** `nr_accesses` of a region that was accessed at every sample of an aggregation interval. */
  readonly maxNrAccesses: number;
  /** REGION_FIELDS values per region, by address; nr_accesses of the last finished window. */
  readonly regions: Float64Array;
}

/** A DAMON context the dashboard can show. */
export interface ContextRef {
  /** `<backend>/<kdamond>/<context>`. */
  readonly key: string;
  readonly label: string;
}

/** The cumulative DAMOS stats the dashboard charts, as `schemes/<S>/stats/` names them. */
export const STAT_NAMES = ['nr_tried', 'sz_tried', 'nr_applied', 'sz_applied', 'qt_exceeds'] as const;
export type StatName = (typeof STAT_NAMES)[number];

/** One column per value, one entry per history row. */
export interface SchemeRows {
  readonly action: string;
  readonly totals: Readonly<Record<StatName, number[]>>;
  /** Per second; NaN where unknown (the first row). */
  readonly rates: Readonly<Record<StatName, number[]>>;
  /** `quotas/effective_bytes`. */
  readonly effectiveBytes: number[];
  readonly goals: readonly { readonly current: number[]; readonly target: number[] }[];
}

/** History rows, oldest first. */
export interface HistoryRows {
  /** Wall-clock seconds since the context's history began: the x of every time chart. */
  readonly t: number[];
  readonly sampleUs: number[];
  readonly aggrUs: number[];
  readonly nrRegions: number[];
  /** Working set size in bytes (damo `report wss`: regions with at least one access). */
  readonly wss: number[];
  readonly schemes: readonly SchemeRows[];
}

/** Seconds on the history's time axis; `end` is undefined while the context is still paused. */
export interface PausedIntervalView {
  readonly start: number;
  readonly end?: number;
}

/** A phase switch on the history's time axis (s): drawn as a labelled vertical mark "→ phase". */
export interface PhaseMarkView {
  readonly t: number;
  readonly phase: string;
}

/** Bytes per bucket; `labels[i]` names bucket i. */
export interface HistogramView {
  readonly labels: readonly string[];
  readonly bytes: readonly number[];
}

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** What part of the heatmap to show: undefined ranges follow the whole history and damo's default address range. */
export interface HeatmapRequest {
  readonly time?: Range;
  readonly addr?: Range;
}

/** damo `report heatmap` cells: `heat[i * addrCells + j]` is time cell i, address cell j (low to high). */
export interface HeatmapView {
  readonly time: Range;
  readonly addr: Range;
  readonly timeCells: number;
  readonly addrCells: number;
  readonly heat: Float32Array;
  /** What a cell's heat is; undefined: size- and time-weighted nr_accesses (the live dashboard). */
  readonly heatUnit?: string;
}

/**
 * A damo record file shown read-only: there is no kernel behind it, so no pause or live data.
 * Each (kdamond, context, scheme, target) of the file is one entry of `contexts`.
 */
export interface RecordInfo {
  /** The file's name, and its format as told from its content. */
  readonly file: string;
  readonly format: 'json' | 'json_compressed';
  readonly targets: number;
  /** Snapshots over every target, and the seconds from the first one's start to the last one's end. */
  readonly snapshots: number;
  readonly spanS: number;
  /** Index in `rows` of the region snapshot shown. */
  readonly snapshot: number;
  /** A what-if panel's comparison of the record with its replays (the sources). */
  readonly comparison?: WhatIfComparisonView;
}

/** The what-if table: a row per figure, a column per run (the record first). */
export interface WhatIfComparisonView {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** What was changed to fit each configuration to the workload, and what a record cannot tell. */
  readonly notes: readonly string[];
}

export interface DashboardUpdate {
  readonly type: 'update';
  /** True: `rows` replace what the webview holds (it became visible, or the context changed). False: they are appended. */
  readonly replace: boolean;
  readonly context: ContextRef;
  readonly contexts: readonly ContextRef[];
  /** The `damonLens.historyLength` setting: how many rows to keep. */
  readonly historyLength: number;
  readonly rows: HistoryRows;
  readonly paused: readonly PausedIntervalView[];
  readonly pausedNow: boolean;
  /** Phase switches of the context's backend within the held history (phase-aware monitoring). */
  readonly phaseMarks?: readonly PhaseMarkView[];
  /** The phase this context monitors, when it is bound to one. */
  readonly phase?: string;
  readonly snapshot?: RegionSnapshotView;
  readonly ageHistogram: HistogramView;
  readonly frequencyHistogram: HistogramView;
  /** damo `report wss` percentiles over the held history, past the first (warm-up) snapshots as damo excludes them. */
  readonly wssPercentiles: {
    readonly percentiles: readonly number[];
    readonly bytes: readonly number[];
    /** Snapshots the percentiles are over, and how many first ones were left out. */
    readonly snapshots: number;
    readonly warmUp: number;
  };
  readonly heatmap?: HeatmapView;
  /** Set when the update shows a damo record file instead of a live kdamond. */
  readonly record?: RecordInfo;
  /**
   * Where the heatmap's heat comes from: a region snapshot per refresh, or the kernel's
   * damon:damon_aggregated trace, one snapshot per aggregation interval (undefined: a record file).
   */
  readonly heatSource?: 'snapshots' | 'trace';
  /** One line on how the heat is sourced when the better source is unavailable (e.g. no privilege to trace). */
  readonly heatNotice?: string;
}

export type ToWebviewMessage =
  | { readonly type: 'empty'; readonly reason: string }
  | DashboardUpdate
  | { readonly type: 'exported'; readonly path?: string };

export type ExportFormat = 'png' | 'csv' | 'json';

/** What the webview reports about its own rendering, so tests can check pixels, data and CSP. */
export interface RenderReport {
  readonly chartJsVersion: string;
  /** Every chart canvas by id, with its size and how many pixels are painted (a blank canvas has none). */
  readonly canvases: readonly { readonly id: string; readonly width: number; readonly height: number; readonly paintedPixels: number }[];
  readonly cspViolations: readonly string[];
  readonly contextKey?: string;
  /** History rows the webview holds, and the newest row's time (s). */
  readonly historyRows: number;
  readonly lastT: number;
  /** Kernel time of the region snapshot shown (µs): frozen while paused. */
  readonly snapshotTimeUs: number;
  readonly regionsDrawn: number;
  /** End (s) of the last heatmap time cell that holds heat: it stops advancing while paused. */
  readonly heatmapHeatEnd: number;
  readonly pausedBanner: boolean;
  /** Phase-switch marks in the last update. */
  readonly phaseMarks: number;
  /** Where the heat comes from, and the notice shown when the live trace is unavailable. */
  readonly heatSource?: 'snapshots' | 'trace';
  readonly heatNotice?: string;
}

export type FromWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly report: RenderReport }
  | { readonly type: 'command'; readonly command: 'startSimulation' }
  | { readonly type: 'selectContext'; readonly key: string }
  | { readonly type: 'heatmap'; readonly request: HeatmapRequest }
  /** A damo record's region snapshot to show, by its index in the rows. */
  | { readonly type: 'pickSnapshot'; readonly index: number }
  /** PNG content is a `data:image/png;base64,` URL; CSV and JSON are text. */
  | { readonly type: 'export'; readonly name: string; readonly format: ExportFormat; readonly content: string };

/** State the webview keeps across reloads through `vscode.setState`. */
export interface DashboardState {
  readonly contextKey?: string;
  readonly heatmap?: HeatmapRequest;
  readonly stripBy?: 'frequency' | 'age';
  readonly sort?: { readonly column: string; readonly descending: boolean };
  readonly scheme?: number;
  readonly statMode?: 'rates' | 'totals';
}
