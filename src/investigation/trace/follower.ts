// Keeps a live trace on the kdamond the dashboard shows, when that is a real kernel's (system)
// kdamond: starts it when the dashboard shows such a context, and stops it (disabling the event)
// when the dashboard closes or is hidden, shows another context, or the kdamond stops or restarts.
import type { DamonBackend } from '../backends/backend';
import type { ContextHistory } from '../history/history';
import { LiveTrace, traceUnavailableNotice } from './liveTrace';
import type { BackendSnapshot } from '../backends/snapshot';

export interface TraceSubject {
  readonly history: ContextHistory;
  readonly backend: DamonBackend;
  readonly snapshot: BackendSnapshot;
}

export class TraceFollower {
  private trace: LiveTrace | undefined;
  /** The kdamond (history key and pid) a notice is about: tracing it is not retried every refresh. */
  private failed: { key: string; pid: number; readOnly: boolean; notice: string } | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  /** The live trace's history key while it streams. */
  get liveKey(): string | undefined {
    return this.trace?.state.kind === 'live' ? this.trace.target.history.key : undefined;
  }

  /** One line on why the shown context is not traced, when it should have been. */
  noticeFor(key: string): string | undefined {
    return this.failed?.key === key ? this.failed.notice : undefined;
  }

  /** Follows what the dashboard shows now (undefined: nothing visible); calls run one at a time. */
  sync(subject: TraceSubject | undefined): Promise<void> {
    this.queue = this.queue.then(() => this.apply(subject)).catch((e: unknown) => this.log(`live trace: ${String(e)}`));
    return this.queue;
  }

  stop(): Promise<void> {
    return this.sync(undefined);
  }

  private async apply(subject: TraceSubject | undefined): Promise<void> {
    const wanted = subject && this.traceable(subject);
    const t = this.trace;
    if (t && (!wanted || t.target.history !== wanted.history || t.target.pid !== wanted.pid)) {
      this.trace = undefined;
      await t.stop();
      this.log(`live trace: stopped damon:damon_aggregated of kdamond pid ${t.target.pid}`);
    }
    if (!wanted || this.trace) return;
    const readOnly = subject.snapshot.readOnly;
    if (this.failed?.key === wanted.history.key && this.failed.pid === wanted.pid && this.failed.readOnly === readOnly) return;
    const backend = subject.backend;
    let notice: string | undefined;
    if (readOnly) {
      // Enabling a trace event is a write (to tracefs): a read-only attach makes none at all.
      notice = `Live trace is off while ${subject.snapshot.label} is attached read-only: run "DAMON: Take Control of System DAMON" to stream damon:damon_aggregated. Showing sysfs snapshots.`;
      this.failed = { key: wanted.history.key, pid: wanted.pid, readOnly, notice };
      this.log(notice);
      return;
    }
    try {
      const source = await backend.openTrace!();
      const trace = new LiveTrace(wanted, source);
      const state = await trace.start();
      if (state.kind === 'unavailable') notice = state.reason;
      else {
        this.trace = trace;
        this.failed = undefined;
        this.log(`live trace: streaming damon:damon_aggregated of kdamond pid ${wanted.pid} into ${wanted.history.label}`);
      }
    } catch (e) {
      notice = traceUnavailableNotice(e);
    }
    if (notice) {
      this.failed = { key: wanted.history.key, pid: wanted.pid, readOnly, notice };
      this.log(notice);
    }
  }

  /** The target to trace: a system kdamond that is on, of a backend that can trace. */
  private traceable(s: TraceSubject): { history: ContextHistory; pid: number; nrTargets: number } | undefined {
    if (s.backend.kind !== 'system' || !s.backend.openTrace) return undefined;
    const ref = s.history.ref;
    const k = s.snapshot.kdamonds[ref.kdamond];
    if (!k || k.state !== 'on' || !(k.pid > 0)) return undefined;
    return { history: s.history, pid: k.pid, nrTargets: Math.max(1, k.params.contexts[ref.context]?.targets.length ?? 1) };
  }
}
