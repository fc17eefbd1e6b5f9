// The live trace of one kdamond into its context's history: damon:damon_aggregated through the
// tracefs reader, one heat snapshot per aggregation interval instead of one per refresh. While
// the context is paused the kernel emits no such event (the kdamond does not aggregate), so its
// paused stretch stays cold, as the pause band shows; on resume the events continue.
import type { DamonTraceEventName } from '../../damon/trace-events';
import type { TraceEventListener } from '../../sysfs/tracefs';
import type { ContextHistory } from '../history/history';
import { AggregationWindows, type AggregationWindow } from './windows';

/** What a live trace needs of the tracefs reader. */
export interface TraceSource {
  start(onEvent: TraceEventListener): Promise<DamonTraceEventName[]>;
  stop(): Promise<void>;
}

export interface LiveTraceTarget {
  readonly history: ContextHistory;
  /** `kdamonds/<K>/pid`: the task whose events are this context's. */
  readonly pid: number;
  readonly nrTargets: number;
}

export type LiveTraceState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'live' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'stopped' };

/** Why tracing failed, as one line that names the setting to change. */
export function traceUnavailableNotice(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  const detail = e instanceof Error ? e.message : String(e);
  if (code === 'EACCES' || code === 'EPERM') {
    return `Live trace unavailable: enabling damon:damon_aggregated needs root (${String(code)}); set damonLens.agentCommand (e.g. "sudo -n") to stream it. Showing sysfs snapshots.`;
  }
  return `Live trace unavailable (${detail}). Showing sysfs snapshots.`;
}

export class LiveTrace {
  private stateValue: LiveTraceState = { kind: 'starting' };
  private windows: AggregationWindows;
  /** Trace clock to wall clock (ms), fixed at the first window: trace_pipe lags by little. */
  private offsetMs: number | undefined;
  private lastEnd: number | undefined;

  constructor(
    readonly target: LiveTraceTarget,
    private readonly source: TraceSource,
    private readonly now: () => number = Date.now,
  ) {
    this.windows = new AggregationWindows(target.pid, target.nrTargets, (w) => this.add(w));
  }

  get state(): LiveTraceState {
    return this.stateValue;
  }

  /** Starts streaming; never throws: a failure leaves the state `unavailable` with the reason. */
  async start(): Promise<LiveTraceState> {
    try {
      await this.source.start((e, pid) => {
        if (e.event === 'damon_aggregated') this.windows.add(e, pid);
      });
      if (this.stateValue.kind === 'starting') this.stateValue = { kind: 'live' };
    } catch (e) {
      this.stateValue = { kind: 'unavailable', reason: traceUnavailableNotice(e) };
      await this.source.stop().catch(() => undefined);
    }
    return this.stateValue;
  }

  /** Disables the event (the reader restores what it enabled) and hands the heat back to the refreshes. */
  async stop(): Promise<void> {
    const was = this.stateValue.kind;
    this.stateValue = { kind: 'stopped' };
    if (was === 'live' || was === 'starting') await this.source.stop();
    this.target.history.endTrace();
  }

  private add(w: AggregationWindow): void {
    if (this.stateValue.kind !== 'live' && this.stateValue.kind !== 'starting') return;
    const h = this.target.history;
    this.offsetMs ??= this.now() - w.endUs / 1000;
    const end = h.timeOf(w.endUs / 1000 + this.offsetMs);
    // A window covers one aggregation interval; after a pause it must not reach back over it.
    const aggrS = (h.samples.last()?.aggrUs ?? 100_000) / 1e6;
    const start = Math.max(this.lastEnd ?? end - aggrS, end - aggrS);
    this.lastEnd = end;
    if (end > start) h.addTraceWindow(start, end, w.regions);
  }
}
