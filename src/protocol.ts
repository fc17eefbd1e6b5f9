// Typed messages between the extension host (src/ui) and the dashboard webview (src/webview).
// Both sides import only this file from each other.

/** One monitoring region as the dashboard draws it. Addresses are numbers (exact below 2^53). */
export interface RegionView {
  readonly start: number;
  readonly end: number;
  readonly nrAccesses: number;
  readonly age: number;
}

/** A region snapshot of one context at one moment of its kdamond. */
export interface RegionSnapshotView {
  readonly kdamond: string;
  readonly context: string;
  /** Kernel time of the snapshot, in microseconds since the kdamond started. */
  readonly timeUs: number;
  /** `nr_accesses` of a region that was accessed at every sample of an aggregation interval. */
  readonly maxNrAccesses: number;
  readonly regions: readonly RegionView[];
}

/** What the webview reports about its own rendering, so tests can check pixels and CSP. */
export interface RenderReport {
  readonly chartJsVersion: string;
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  /** Canvas pixels whose alpha is non-zero: a blank canvas has none. */
  readonly paintedPixels: number;
  readonly cspViolations: readonly string[];
  readonly regionsDrawn: number;
}

export type ToWebviewMessage =
  | { readonly type: 'empty'; readonly reason: string }
  | { readonly type: 'snapshot'; readonly snapshot: RegionSnapshotView };

export type FromWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'rendered'; readonly report: RenderReport }
  | { readonly type: 'command'; readonly command: 'startSimulation' };

/** State the webview keeps across reloads through `vscode.setState`. */
export interface DashboardState {
  readonly kdamond?: string;
  readonly context?: string;
}
